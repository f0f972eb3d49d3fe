using System.Security.Claims;
using System.Text.Encodings.Web;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// "Authorization: Bearer b2bp_…" for integration clients. The token stands for the user who owns it:
/// the same roles, the same company, hence the same authorization rules as that user's pages.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PortalDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var plain = header["Bearer ".Length..].Trim();
        if (!plain.StartsWith(ApiToken.Prefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = ApiToken.Hash(plain);
        var now = clock.GetUtcNow();
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        if (token is null || !token.IsUsable(now))
        {
            return AuthenticateResult.Fail("The API token is unknown, expired or revoked.");
        }

        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == token.UserId)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.CompanyId, u.IsActive, u.LockoutEnd })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (user is null || !user.IsActive || user.LockoutEnd > now)
        {
            return AuthenticateResult.Fail("The token's user is disabled.");
        }

        var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!)
            .ToListAsync(Context.RequestAborted);

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.UserName ?? user.Id),
            new(PortalClaimTypes.DisplayName, $"{user.DisplayName} (API token {token.Hint}…)"),
        };
        if (user.CompanyId is { } companyId)
        {
            claims.Add(new Claim(PortalClaimTypes.CompanyId, companyId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(token.ScopeList.Select(s => new Claim(ApiScopeCheck.ClaimType, s)));

        // Record use at most once a minute, so a busy client does not turn every read into a write.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.MarkUsed(now);
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"B2BPortal API\"";
        return Task.CompletedTask;
    }
}
