using B2BPortal.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace B2BPortal.Domain.Identity;

/// <summary>
/// A person who signs in. Buyer-side users carry the id of their one customer company; staff carry none.
/// The company is fixed at creation: moving a user between companies would leak order history.
/// </summary>
public class PortalUser : IdentityUser
{
    public const int DisplayNameMaxLength = 120;

    private PortalUser() { }

    private PortalUser(string email, string displayName, int? companyId, DateTimeOffset createdAt)
    {
        UserName = email;
        Email = email;
        DisplayName = displayName;
        CompanyId = companyId;
        CreatedAt = createdAt;
    }

    public string DisplayName { get; private set; } = string.Empty;

    public int? CompanyId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsActive { get; private set; } = true;

    public static PortalUser CreateBuyerSide(string email, string displayName, int companyId, DateTimeOffset now) =>
        new(Validate(email), CheckName(displayName), companyId, now);

    public static PortalUser CreateStaff(string email, string displayName, DateTimeOffset now) =>
        new(Validate(email), CheckName(displayName), null, now);

    public void Rename(string displayName) => DisplayName = CheckName(displayName);

    public void Deactivate() => IsActive = false;

    public void Activate() => IsActive = true;

    private static string Validate(string email)
    {
        email = (email ?? string.Empty).Trim();
        if (email.Length is 0 or > 256 || !email.Contains('@', StringComparison.Ordinal))
        {
            throw new DomainException($"'{email}' is not an e-mail address.", "Email");
        }

        return email;
    }

    private static string CheckName(string name)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > DisplayNameMaxLength)
        {
            throw new DomainException($"A display name has 1 to {DisplayNameMaxLength} characters.", "DisplayName");
        }

        return name;
    }
}
