using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Tokens;

/// <summary>
/// API tokens: a BuyerAdmin issues and revokes tokens for its company's users; an Administrator for anyone.
/// The plain token is shown once, right after issue.
/// </summary>
public sealed class IndexModel(PortalDbContext db, AccountMails mails, TimeProvider clock) : PageModel, IFormPage
{
    public sealed record Row(int Id, string Name, string Hint, string Owner, string? Company, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string Scopes);

    public IReadOnlyList<Row> Tokens { get; private set; } = [];

    public IReadOnlyList<(string Id, string Label)> Owners { get; private set; } = [];

    public string? NewToken { get; private set; }

    [BindProperty]
    public IssueInput Issue { get; set; } = new();

    public sealed class IssueInput
    {
        [Required, StringLength(ApiToken.NameMaxLength), Display(Name = "Token name")]
        public string Name { get; set; } = string.Empty;

        [Required(ErrorMessage = "Choose the user the token acts as: it has exactly that user's rights."), Display(Name = "Acts as user")]
        public string UserId { get; set; } = string.Empty;

        [Display(Name = "Expires on (at most a year)"), DataType(DataType.Date)]
        public DateOnly? ExpiresOn { get; set; }

        [Display(Name = "Scopes: what the token may be used for")]
        public List<string> Scopes { get; set; } = [];
    }

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public Task OnGetAsync(CancellationToken ct)
    {
        Issue.ExpiresOn = Today.AddDays((int)ApiToken.DefaultLifetime.TotalDays);
        Issue.Scopes = [ApiScopes.CatalogRead];
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var actor = User.ToActor();
            var owner = await OwnersQuery().SingleOrDefaultAsync(u => u.Id == Issue.UserId, ct);
            if (owner is null)
            {
                ModelState.AddModelError("Issue.UserId", "Choose one of the listed users.");
            }
            else
            {
                var now = clock.GetUtcNow();
                var expires = Issue.ExpiresOn is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : (DateTimeOffset?)null;
                var (token, plain) = ApiToken.Issue(Issue.Name, owner, actor, now, expires, Issue.Scopes);
                db.ApiTokens.Add(token);
                db.AuditEntries.Add(new AuditEntry(now, actor.UserId, actor.DisplayName, owner.CompanyId, "ApiToken", token.Hint, "Issued", null, $"{token.Name} for {owner.Email}, scopes {token.Scopes}, expires {token.ExpiresAt:yyyy-MM-dd}"));
                await db.SaveChangesAsync(ct);
                await mails.SendTokenIssuedAsync(db, token, owner, actor.DisplayName, ct);
                NewToken = plain;
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        var actor = User.ToActor();
        var token = await Scoped(db.ApiTokens).SingleOrDefaultAsync(t => t.Id == id, ct);
        if (token is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        token.Revoke(actor, now);
        db.AuditEntries.Add(new AuditEntry(now, actor.UserId, actor.DisplayName, token.CompanyId, "ApiToken", token.Hint, "Revoked", token.Name, null));
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = $"Token \"{token.Name}\" revoked.";
        return RedirectToPage();
    }

    private IQueryable<ApiToken> Scoped(IQueryable<ApiToken> tokens) =>
        User.IsInRole(Roles.Administrator) ? tokens : tokens.Where(t => t.CompanyId == User.CompanyId());

    private IQueryable<PortalUser> OwnersQuery() =>
        User.IsInRole(Roles.Administrator) ? db.Users.Where(u => u.IsActive) : db.Users.Where(u => u.IsActive && u.CompanyId == User.CompanyId());

    public async Task LoadAsync(CancellationToken ct)
    {
        Tokens = await Scoped(db.ApiTokens.AsNoTracking()).OrderByDescending(t => t.CreatedAt).Take(200)
            .Select(t => new Row(t.Id, t.Name, t.Hint,
                db.Users.Where(u => u.Id == t.UserId).Select(u => u.Email!).First(),
                db.Companies.Where(c => c.Id == t.CompanyId).Select(c => c.Name).FirstOrDefault(),
                t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.Scopes))
            .ToListAsync(ct);
        Owners = (await OwnersQuery().AsNoTracking().OrderBy(u => u.Email).Take(500).Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(ct))
            .Select(u => (u.Id, $"{u.DisplayName} <{u.Email}>")).ToList();
    }
}
