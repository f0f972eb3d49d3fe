using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Catalog;

/// <summary>
/// A sellable item. The ERP is master of SKU, item number, name, unit, list price and stock; the portal
/// enriches description, brand, images and attributes.
/// </summary>
public class Product
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int BrandMaxLength = 100;
    public const int UnitMaxLength = UnitCode.MaxLength;
    public const int ErpItemNumberMaxLength = 20;

    private readonly List<ProductAttribute> _attributes = [];
    private readonly List<StockLevel> _stock = [];

    private Product() { }

    public Product(Sku sku, string name, int categoryId, string unitOfMeasure, Money listPrice)
    {
        Sku = sku.Value;
        SkuKey = Common.Sku.Key(sku.Value);
        ErpItemNumber = sku.Value.Length <= ErpItemNumberMaxLength ? sku.Value : sku.Value[..ErpItemNumberMaxLength];
        CategoryId = categoryId;
        Rename(name);
        UnitOfMeasure = UnitCode.Normalize(unitOfMeasure);
        SetListPrice(listPrice);
        PackSize = 1;
        IsActive = true;
    }

    public int Id { get; private set; }

    public string Sku { get; private set; } = string.Empty;

    /// <summary>The SKU without separators (<see cref="Common.Sku.Key"/>): what a search for "anc000321" finds.</summary>
    public string SkuKey { get; private set; } = string.Empty;

    public string ErpItemNumber { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string? Description { get; private set; }

    public string? Brand { get; private set; }

    public int CategoryId { get; private set; }

    public string UnitOfMeasure { get; private set; } = "PCS";

    /// <summary>How many units come in one pack; ordering rules use it as the default increment.</summary>
    public decimal PackSize { get; private set; }

    /// <summary>The ERP's unit price: the base price until a price list says otherwise.</summary>
    public Money ListPrice { get; private set; }

    /// <summary>The ERP's unit cost in the list price's currency (staff only: quotes measure margins against it); null until the ERP sends one.</summary>
    public decimal? UnitCost { get; private set; }

    public bool IsActive { get; private set; }

    public List<string> ImageUrls { get; private set; } = [];

    public IReadOnlyCollection<ProductAttribute> Attributes => _attributes.AsReadOnly();

    public IReadOnlyCollection<StockLevel> Stock => _stock.AsReadOnly();

    public void Rename(string name)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException($"A product name has 1 to {NameMaxLength} characters.", "Name");
        }

        Name = name;
    }

    public void Describe(string? description, string? brand)
    {
        if (description is { Length: > DescriptionMaxLength })
        {
            throw new DomainException($"A description has at most {DescriptionMaxLength} characters.", "Description");
        }

        if (brand is { Length: > BrandMaxLength })
        {
            throw new DomainException($"A brand has at most {BrandMaxLength} characters.", "Brand");
        }

        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        Brand = string.IsNullOrWhiteSpace(brand) ? null : brand.Trim();
    }

    public void SetPackSize(decimal packSize)
    {
        if (packSize <= 0)
        {
            throw new DomainException("A pack size is greater than zero.", "PackSize");
        }

        PackSize = packSize;
    }

    public void SetListPrice(Money price)
    {
        if (price.Amount < 0)
        {
            throw new DomainException("A list price cannot be negative.", "ListPrice");
        }

        ListPrice = Money.Of(price.Amount, price.Currency);
    }

    public void SetUnitCost(decimal? cost)
    {
        if (cost < 0)
        {
            throw new DomainException("A unit cost cannot be negative.", "UnitCost");
        }

        UnitCost = cost;
    }

    public void SetErpItemNumber(string number)
    {
        number = (number ?? string.Empty).Trim();
        if (number.Length is 0 or > ErpItemNumberMaxLength)
        {
            throw new DomainException($"An ERP item number has 1 to {ErpItemNumberMaxLength} characters.", "ErpItemNumber");
        }

        ErpItemNumber = number;
    }

    public void MoveToCategory(int categoryId) => CategoryId = categoryId;

    public void SetAttribute(string name, string value)
    {
        var existing = _attributes.Find(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            _attributes.Remove(existing);
        }

        _attributes.Add(new ProductAttribute(name.Trim(), value.Trim()));
    }

    public void AddImage(string url)
    {
        if (!Uri.TryCreate(url, UriKind.RelativeOrAbsolute, out _))
        {
            throw new DomainException($"'{url}' is not an image address.", "ImageUrls");
        }

        ImageUrls.Add(url);
    }

    public void Activate() => IsActive = true;

    public void Deactivate() => IsActive = false;

    /// <summary>Records the ERP's stock figure for one warehouse as of a time; an older figure never overwrites a newer one.</summary>
    public void ReportStock(string warehouseCode, decimal quantity, DateTimeOffset asOf)
    {
        if (quantity < 0)
        {
            throw new DomainException($"Stock for {Sku} in {warehouseCode} cannot be negative ({quantity}).", "Quantity");
        }

        var level = _stock.Find(s => s.WarehouseCode == warehouseCode);
        if (level is null)
        {
            _stock.Add(new StockLevel(warehouseCode, quantity, asOf));
        }
        else
        {
            level.Update(quantity, asOf);
        }
    }
}

public sealed record ProductAttribute(string Name, string Value);

/// <summary>What the ERP last said a warehouse holds of a product, and when it said so.</summary>
public class StockLevel
{
    public const int WarehouseMaxLength = 20;

    private StockLevel() { }

    internal StockLevel(string warehouseCode, decimal quantity, DateTimeOffset asOf)
    {
        WarehouseCode = warehouseCode;
        Quantity = quantity;
        AsOf = asOf;
    }

    public int ProductId { get; private set; }

    public string WarehouseCode { get; private set; } = string.Empty;

    public decimal Quantity { get; private set; }

    public DateTimeOffset AsOf { get; private set; }

    internal void Update(decimal quantity, DateTimeOffset asOf)
    {
        if (asOf < AsOf)
        {
            return;
        }

        Quantity = quantity;
        AsOf = asOf;
    }
}
