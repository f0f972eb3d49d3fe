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

    /// <summary>
    /// The IANA time zone (e.g. "Europe/Berlin") the portal shows this person's dates and times in; null until the
    /// browser reports one at first sign-in or the person picks one on their profile (times show in UTC meanwhile).
    /// </summary>
    public string? TimeZone { get; private set; }

    public const int TimeZoneMaxLength = 64;

    /// <summary>Sets the display time zone; only a zone this server knows by its IANA id, so every page can convert with it.</summary>
    public void SetTimeZone(string ianaId)
    {
        ianaId = (ianaId ?? string.Empty).Trim();
        if (ianaId.Length is 0 or > TimeZoneMaxLength || !TimeZoneInfo.TryFindSystemTimeZoneById(ianaId, out var zone)
            || !(zone.HasIanaId || string.Equals(ianaId, "UTC", StringComparison.Ordinal)))
        {
            throw new DomainException($"'{ianaId}' is not a time zone this portal knows (an IANA name such as Europe/Berlin).", "TimeZone");
        }

        TimeZone = ianaId;
    }

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
