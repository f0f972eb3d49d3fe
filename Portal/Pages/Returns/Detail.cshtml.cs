using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Returns;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Returns;

/// <summary>
/// One return: its lines, reasons, photos and history, and the actions the workflow and the viewer's role allow. Every
/// post names the version the viewer saw. Buyers see their company's returns only; any other is 404, photos included.
/// </summary>
public sealed class DetailModel(PortalDbContext db, ReturnService returns) : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    public ReturnRequest Return { get; private set; } = null!;

    public string CompanyName { get; private set; } = string.Empty;

    public IReadOnlyList<ReturnTrigger> Actions { get; private set; } = [];

    public IReadOnlyList<PhotoRow> Photos { get; private set; } = [];

    public bool IsStaff { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await TryLoadAsync(ct) ? Page() : NotFound();

    public async Task LoadAsync(CancellationToken ct)
    {
        if (!await TryLoadAsync(ct))
        {
            throw new ReturnNotFoundException(Number);
        }
    }

    /// <summary>One stored photo, served with the type its bytes proved (and nosniff from the security headers).</summary>
    public async Task<IActionResult> OnGetPhotoAsync(int id, CancellationToken ct)
    {
        var normalized = Number.Trim().ToUpperInvariant();
        var photo = await db.ReturnsFor(User.ToActor()).Where(r => r.Number == normalized).SelectMany(r => r.Photos).Where(p => p.Id == id)
            .Select(p => new { p.ContentType, p.Content }).SingleOrDefaultAsync(ct);
        return photo is null ? NotFound() : File(photo.Content, photo.ContentType);
    }

    public async Task<IActionResult> OnPostActAsync(ReturnTrigger trigger, int seen, string? text, CancellationToken ct)
    {
        var actor = User.ToActor();
        var normalized = Number.Trim().ToUpperInvariant();
        if (!await db.ReturnsFor(actor).AnyAsync(r => r.Number == normalized, ct))
        {
            return NotFound();
        }

        var request = await returns.ActAsync(actor, Number, seen, trigger, text, ct);
        TempData["Flash"] = $"Return {request.Number}: {request.State}.";
        return RedirectToPage(new { number = request.Number });
    }

    private async Task<bool> TryLoadAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var request = await returns.LoadAsync(actor, Number, tracking: false, ct);
        if (request is null)
        {
            return false;
        }

        Return = request;
        IsStaff = actor.IsStaff;
        Actions = request.ActionsFor(actor, await returns.CompanyRepAsync(request.CompanyId, ct));
        CompanyName = await db.Companies.Where(c => c.Id == request.CompanyId).Select(c => c.Name).SingleAsync(ct);
        Photos = await db.Returns().Where(r => r.Id == request.Id).SelectMany(r => r.Photos).OrderBy(p => p.Id)
            .Select(p => new PhotoRow(p.Id, p.FileName, p.Size)).ToListAsync(ct);
        return true;
    }

    public sealed record PhotoRow(int Id, string FileName, int Size);
}
