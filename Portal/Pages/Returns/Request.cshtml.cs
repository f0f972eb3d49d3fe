using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Returns;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages.Returns;

/// <summary>
/// "Return items" of one delivered order: per line the quantity to return (at most what is left), the reason, and up to five
/// photos. Another company's order, or one that does not exist, is 404. Photos are read into memory only after their
/// declared size is checked, then checked again by their bytes.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[UploadLimit("Return photos", ReturnPhoto.MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
public sealed class RequestModel(ReturnService returns) : PageModel, IFormPage
{
    /// <summary>Five photos at their limit plus the form fields.</summary>
    public const int MaxRequestBytes = (ReturnPhoto.MaxCount * ReturnPhoto.MaxBytes) + (1024 * 1024);

    [BindProperty(SupportsGet = true)]
    public string OrderNumber { get; set; } = string.Empty;

    [BindProperty]
    public List<LineInput> Lines { get; set; } = [];

    [BindProperty]
    public string? Comment { get; set; }

    [BindProperty]
    public List<IFormFile> Photos { get; set; } = [];

    public ReturnableOrder Order { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await TryLoadAsync(ct) ? Page() : NotFound();

    public async Task LoadAsync(CancellationToken ct)
    {
        if (!await TryLoadAsync(ct))
        {
            throw new OrderNotFoundException(OrderNumber);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await TryLoadAsync(ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (Photos.Count > ReturnPhoto.MaxCount)
        {
            throw new DomainException($"At most {ReturnPhoto.MaxCount} photos per return; you chose {Photos.Count}.", nameof(Photos));
        }

        var photos = new List<ReturnPhoto>();
        foreach (var file in Photos.Where(f => f.Length > 0))
        {
            if (file.Length > ReturnPhoto.MaxBytes)
            {
                throw new DomainException($"{Path.GetFileName(file.FileName)} is larger than {ReturnPhoto.MaxBytes / 1024 / 1024} MB.", nameof(Photos));
            }

            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            photos.Add(ReturnPhoto.From(file.FileName, buffer.ToArray()));
        }

        var lines = Lines.Where(l => l.Quantity > 0).Select(l => new NewReturnLine(l.LineNumber, l.Quantity, l.Reason, l.ReasonText)).ToList();
        var number = await returns.RequestAsync(User.ToActor(), OrderNumber, lines, photos, Comment, ct);
        TempData["Flash"] = $"Return {number} requested. We will tell you here when it is approved.";
        return RedirectToPage("/Returns/Detail", new { number });
    }

    private async Task<bool> TryLoadAsync(CancellationToken ct)
    {
        var order = await returns.ReturnableAsync(User.ToActor(), OrderNumber, ct);
        if (order is null)
        {
            return false;
        }

        Order = order;
        return true;
    }

    /// <summary>One line of the form.</summary>
    public sealed class LineInput
    {
        public int LineNumber { get; set; }

        public decimal Quantity { get; set; }

        public ReturnReason Reason { get; set; }

        public string? ReasonText { get; set; }
    }
}
