using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Customers;

public enum CustomerStatus
{
    Active,
    OnHold,
    Blocked,
    Closed,
}

public enum AddressKind
{
    Billing,
    Shipping,
}

/// <summary>
/// A customer company: the ERP's customer, the portal's tenant. Every buyer-side read is filtered by its id.
/// The ERP is master of number, name, currency and status (CustomerSync writes them); the portal owns
/// its catalog assignments and ordering preferences.
/// </summary>
public class CustomerCompany
{
    public const int ErpNumberMaxLength = 20;
    public const int NameMaxLength = 100;
    public const int MaxSignInTenants = 20;

    /// <summary>Tenant ids in their 36-character form, comma-separated.</summary>
    public const int SignInTenantsMaxLength = MaxSignInTenants * 37;

    private readonly List<CompanyAddress> _addresses = [];
    private readonly List<CompanyCatalog> _catalogs = [];

    private CustomerCompany() { }

    public CustomerCompany(string erpCustomerNumber, string name, string currency)
    {
        ErpCustomerNumber = CheckNumber(erpCustomerNumber);
        Name = CheckName(name);
        Currency = CurrencyCode.Normalize(currency);
        Status = CustomerStatus.Active;
    }

    public int Id { get; private set; }

    public string ErpCustomerNumber { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string Currency { get; private set; } = string.Empty;

    public CustomerStatus Status { get; private set; }

    /// <summary>The sales rep (a staff user id) who owns the account.</summary>
    public string? SalesRepUserId { get; private set; }

    /// <summary>Whether checkout insists on the buyer's purchase order number.</summary>
    public bool RequiresPoNumber { get; private set; }

    /// <summary>
    /// The Microsoft Entra ID tenants (directory ids) this company's users may come from with "Sign in with Microsoft":
    /// a first sign-in from one of them links to the buyer with the same address only when the tenant vouches that it
    /// verified the address (the <c>xms_edov</c> claim). Set by the company's BuyerAdmin or an Administrator.
    /// </summary>
    public string SignInTenants { get; private set; } = string.Empty;

    public IReadOnlyList<Guid> SignInTenantIds =>
        SignInTenants.Length == 0 ? [] : SignInTenants.Split(',').Select(Guid.Parse).ToList();

    public IReadOnlyCollection<CompanyAddress> Addresses => _addresses.AsReadOnly();

    public IReadOnlyCollection<CompanyCatalog> Catalogs => _catalogs.AsReadOnly();

    public bool CanOrder => Status is CustomerStatus.Active or CustomerStatus.OnHold;

    public CompanyAddress AddAddress(AddressKind kind, string label, string line1, string? line2, string postalCode, string city, string countryCode, bool isDefault = false)
    {
        var address = new CompanyAddress(kind, label, line1, line2, postalCode, city, countryCode, isDefault);
        if (isDefault)
        {
            foreach (var other in _addresses.Where(a => a.Kind == kind))
            {
                other.ClearDefault();
            }
        }

        _addresses.Add(address);
        return address;
    }

    public void AssignCatalog(int catalogId)
    {
        if (_catalogs.All(c => c.CatalogId != catalogId))
        {
            _catalogs.Add(new CompanyCatalog(catalogId));
        }
    }

    public void UnassignCatalog(int catalogId) => _catalogs.RemoveAll(c => c.CatalogId == catalogId);

    /// <summary>Replaces the allowed sign-in tenants; each entry is a tenant id (a GUID).</summary>
    public void AllowSignInTenants(IEnumerable<string> tenantIds)
    {
        var ids = new List<Guid>();
        foreach (var entry in tenantIds.Select(t => t.Trim()).Where(t => t.Length > 0))
        {
            if (!Guid.TryParse(entry, out var id) || id == Guid.Empty)
            {
                throw new DomainException($"'{entry}' is not a tenant id: Entra ID shows it as a GUID, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47.", "Tenants");
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        if (ids.Count > MaxSignInTenants)
        {
            throw new DomainException($"A company can allow at most {MaxSignInTenants} tenants.", "Tenants");
        }

        SignInTenants = string.Join(',', ids.Select(i => i.ToString("D")));
    }

    public void AssignSalesRep(string? salesRepUserId) => SalesRepUserId = salesRepUserId;

    public void RequirePoNumber(bool required) => RequiresPoNumber = required;

    /// <summary>Applies what the ERP says about the customer; the ERP is master of these fields.</summary>
    public void ApplyErpMasterData(string name, string currency, CustomerStatus status)
    {
        Name = CheckName(name);
        Currency = CurrencyCode.Normalize(currency);
        Status = status;
    }

    private static string CheckNumber(string number)
    {
        number = (number ?? string.Empty).Trim();
        if (number.Length is 0 or > ErpNumberMaxLength)
        {
            throw new DomainException($"An ERP customer number has 1 to {ErpNumberMaxLength} characters.", "ErpCustomerNumber");
        }

        return number;
    }

    private static string CheckName(string name)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException($"A company name has 1 to {NameMaxLength} characters.", "Name");
        }

        return name;
    }
}

public class CompanyAddress
{
    private CompanyAddress() { }

    internal CompanyAddress(AddressKind kind, string label, string line1, string? line2, string postalCode, string city, string countryCode, bool isDefault)
    {
        if (string.IsNullOrWhiteSpace(line1) || string.IsNullOrWhiteSpace(city) || string.IsNullOrWhiteSpace(postalCode))
        {
            throw new DomainException("An address needs a street, a postal code and a city.");
        }

        if (countryCode is null || countryCode.Trim().Length != 2)
        {
            throw new DomainException("A country is its two-letter ISO code, e.g. DE.", "CountryCode");
        }

        Kind = kind;
        Label = label.Trim();
        Line1 = line1.Trim();
        Line2 = string.IsNullOrWhiteSpace(line2) ? null : line2.Trim();
        PostalCode = postalCode.Trim();
        City = city.Trim();
        CountryCode = countryCode.Trim().ToUpperInvariant();
        IsDefault = isDefault;
    }

    public int Id { get; private set; }

    public int CompanyId { get; private set; }

    public AddressKind Kind { get; private set; }

    public string Label { get; private set; } = string.Empty;

    public string Line1 { get; private set; } = string.Empty;

    public string? Line2 { get; private set; }

    public string PostalCode { get; private set; } = string.Empty;

    public string City { get; private set; } = string.Empty;

    public string CountryCode { get; private set; } = string.Empty;

    public bool IsDefault { get; private set; }

    internal void ClearDefault() => IsDefault = false;

    public string OneLine => string.Join(", ", new[] { Line1, Line2, $"{PostalCode} {City}", CountryCode }.Where(s => !string.IsNullOrEmpty(s)));
}

/// <summary>A catalog a company may see. Visibility of products follows from the catalog's categories.</summary>
public class CompanyCatalog
{
    private CompanyCatalog() { }

    internal CompanyCatalog(int catalogId) => CatalogId = catalogId;

    public int CompanyId { get; private set; }

    public int CatalogId { get; private set; }
}
