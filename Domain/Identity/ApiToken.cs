using System.Security.Cryptography;
using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Identity;

/// <summary>
/// A bearer token for a customer's procurement system or an internal integration. Only a SHA-256 hash is
/// stored; the plain token is shown once, at issue. A token acts as the user who owns it, with that
/// user's company and roles, so the API enforces the same rules as the pages.
/// </summary>
public class ApiToken
{
    public const int NameMaxLength = 100;
    public const string Prefix = "b2bp_";

    /// <summary>A token issued without an expiry lives this long.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);

    /// <summary>No token lives longer: a leaked one stops working within a year at the latest.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    private ApiToken() { }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string UserId { get; private set; } = string.Empty;

    public int? CompanyId { get; private set; }

    public string TokenHash { get; private set; } = string.Empty;

    /// <summary>The first characters of the token, so people can tell their tokens apart.</summary>
    public string Hint { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTimeOffset? ExpiresAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    /// <summary>The <see cref="ApiScopes"/> granted, space-separated ("catalog:read orders:read").</summary>
    public string Scopes { get; private set; } = string.Empty;

    public IReadOnlyList<string> ScopeList => ApiScopes.Parse(Scopes);

    public bool HasScope(string scope) => ScopeList.Contains(scope, StringComparer.Ordinal);

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public static (ApiToken Token, string PlainText) Issue(string name, PortalUser owner, Actor issuer, DateTimeOffset now, DateTimeOffset? expiresAt, IEnumerable<string> scopes)
    {

        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException($"A token name has 1 to {NameMaxLength} characters.", "Name");
        }

        expiresAt ??= now + DefaultLifetime;
        if (expiresAt <= now)
        {
            throw new DomainException("The expiry date must be in the future.", "ExpiresAt");
        }

        if (expiresAt > now + MaxLifetime)
        {
            throw new DomainException("A token expires within a year: choose an earlier date.", "ExpiresAt");
        }

        if (!owner.IsActive)
        {
            throw new DomainException("A token acts as an active user: this one is deactivated.", "UserId");
        }

        if (!issuer.IsStaff && issuer.CompanyId != owner.CompanyId)
        {
            throw new DomainException("You can only issue tokens for users of your own company.");
        }

        var requested = (scopes ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        var unknown = requested.Where(s => !ApiScopes.IsKnown(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException($"Unknown scope {string.Join(", ", unknown)}: choose from {string.Join(", ", ApiScopes.Names)}.", "Scopes");
        }

        if (requested.Count == 0)
        {
            throw new DomainException("Choose at least one scope: what the token may be used for.", "Scopes");
        }

        var plain = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var token = new ApiToken
        {
            Name = name,
            UserId = owner.Id,
            CompanyId = owner.CompanyId,
            TokenHash = Hash(plain),
            Hint = plain[..(Prefix.Length + 4)],
            CreatedAt = now,
            CreatedBy = issuer.UserId,
            ExpiresAt = expiresAt,
            Scopes = string.Join(' ', ApiScopes.Parse(string.Join(' ', requested))),
        };
        return (token, plain);
    }

    public void Revoke(Actor by, DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            throw new DomainException("This token is already revoked.");
        }

        if (!by.IsStaff && by.CompanyId != CompanyId)
        {
            throw new DomainException("You can only revoke your own company's tokens.");
        }

        RevokedAt = now;
        RevokedBy = by.UserId;
    }

    public void MarkUsed(DateTimeOffset now) => LastUsedAt = now;

    public static string Hash(string plain) =>
        Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(plain)));
}
