using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Quotes;
using B2BPortal.Portal.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Pages.Quotes;

/// <summary>
/// One quote: its current version (with cost, margin and floor for staff only), what changed since the previous version,
/// the edit form for the side holding it, the actions the workflow and the viewer's role allow, and the buyer's accept.
/// Every post names the quote version the viewer saw: a quote changed meanwhile is refused with "reload". Buyers see
/// their company's quotes only; any other is 404.
/// </summary>
public sealed class DetailModel(PortalDbContext db, QuoteService quotes, ConvertQuote convert, MarginFloors floors, TimeProvider clock, IOptions<QuoteOptions> options)
    : PageModel, IFormPage
{
    [BindProperty(SupportsGet = true)]
    public string QuoteNumber { get; set; } = string.Empty;

    public Quote Quote { get; private set; } = null!;

    public string CompanyName { get; private set; } = string.Empty;

    public IReadOnlyList<QuoteTrigger> Actions { get; private set; } = [];

    /// <summary>The older version of the comparison (any version: ?from=1&amp;to=3); by default the one before the current.</summary>
    [BindProperty(SupportsGet = true, Name = "from")]
    public int? DiffFrom { get; set; }

    /// <summary>The newer version of the comparison; by default the current one.</summary>
    [BindProperty(SupportsGet = true, Name = "to")]
    public int? DiffTo { get; set; }

    public IReadOnlyList<QuoteLineDiff> Diff { get; private set; } = [];

    public IReadOnlyDictionary<int, decimal> Floors { get; private set; } = new Dictionary<int, decimal>();

    public bool IsStaff { get; private set; }

    public bool MayEdit { get; private set; }

    public bool Expired { get; private set; }

    public DateOnly ProposedValidUntil { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await TryLoadAsync(ct) ? Page() : NotFound();

    public async Task LoadAsync(CancellationToken ct)
    {
        if (!await TryLoadAsync(ct))
        {
            throw new QuoteNotFoundException(QuoteNumber);
        }
    }

    public async Task<IActionResult> OnPostActAsync(QuoteTrigger trigger, int seen, string? reason, DateOnly? validUntil, CancellationToken ct)
    {
        if (!await ExistsAsync(ct))
        {
            return NotFound();
        }

        var quote = await quotes.ActAsync(User.ToActor(), QuoteNumber, seen, trigger, reason, validUntil, ct);
        TempData["Flash"] = $"Quote {quote.Number}: {QuoteWorkflow.Label(quote.State)}.";
        return RedirectToPage(new { quoteNumber = quote.Number });
    }

    public async Task<IActionResult> OnPostReviseAsync(int seen, decimal headerDiscount, List<LineInput> lines, string? addSku, decimal? addQuantity, bool? allowPartial, CancellationToken ct)
    {
        if (!await ExistsAsync(ct))
        {
            return NotFound();
        }

        var terms = lines.Select(l => new QuoteLineTerms(l.LineNumber, l.Quantity, l.TargetPrice, l.OfferedPrice, l.DiscountPercent, ParseBreaks(l.Breaks), l.Remove)).ToList();
        IReadOnlyList<ProposedLine> proposed = string.IsNullOrWhiteSpace(addSku) ? [] : [new ProposedLine(addSku, addQuantity ?? 0)];
        var quote = await quotes.ReviseAsync(User.ToActor(), QuoteNumber, seen, headerDiscount, terms, proposed, allowPartial, ct);
        TempData["Flash"] = $"Quote {quote.Number} version {quote.CurrentVersionNumber} saved.";
        return RedirectToPage(new { quoteNumber = quote.Number });
    }

    /// <param name="choose">The form offered a choice of lines (the rep allowed partial acceptance); <paramref name="lines"/> are the ticked ones.</param>
    public async Task<IActionResult> OnPostAcceptAsync(int versionNumber, string? purchaseOrderNumber, bool choose, List<int> lines, CancellationToken ct)
    {
        if (!await ExistsAsync(ct))
        {
            return NotFound();
        }

        var result = await convert.AcceptAsync(User.ToActor(), QuoteNumber, versionNumber, choose ? lines : null, new PlaceOrderCommand(null, purchaseOrderNumber, null, null, null, null, null), ct);
        TempData["Flash"] = result.Message;
        return RedirectToPage("/Ordering/OrderDetail", new { number = result.OrderNumber });
    }

    /// <summary>"100:0.40; 500:0.35": from 100 at 0.40, from 500 at 0.35.</summary>
    internal static IReadOnlyList<QuoteBreakTerms> ParseBreaks(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var breaks = new List<QuoteBreakTerms>();
        foreach (var part in text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(QuoteVersion.MaxBreaksPerLine + 1))
        {
            var pair = part.Split(':', StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !decimal.TryParse(pair[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var min)
                || !decimal.TryParse(pair[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var price))
            {
                throw new DomainException($"Quantity breaks are written \"from quantity:unit price\", separated by \";\" (e.g. 100:0.40; 500:0.35); \"{Echo.Of(part)}\" is not.", "Breaks");
            }

            breaks.Add(new QuoteBreakTerms(min, price));
        }

        return breaks;
    }

    private Task<bool> ExistsAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var companyId = actor.CompanyId ?? -1;
        var number = QuoteNumber.Trim().ToUpperInvariant();
        return db.Quotes().AnyAsync(q => q.Number == number && (actor.IsStaff || q.CompanyId == companyId), ct);
    }

    private async Task<bool> TryLoadAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        var quote = await db.QuoteForAsync(actor, QuoteNumber, tracking: false, ct);
        if (quote is null)
        {
            return false;
        }

        Quote = quote;
        IsStaff = actor.IsStaff;
        MayEdit = quote.MayEdit(actor);
        Actions = quote.ActionsFor(actor);
        var now = clock.GetUtcNow();
        Expired = quote.IsExpiredAt(now);
        ProposedValidUntil = DateOnly.FromDateTime(now.UtcDateTime).AddDays(options.Value.DefaultValidityDays);
        Diff = [];
        var to = quote.Versions.FirstOrDefault(v => v.Number == DiffTo) ?? quote.Current;
        var from = quote.Versions.FirstOrDefault(v => v.Number == DiffFrom) ?? quote.Versions.Where(v => v.Number < to.Number).MaxBy(v => v.Number);
        if (from is not null && from.Number != to.Number)
        {
            // Always older → newer, whichever way round the two were picked.
            (from, to) = from.Number < to.Number ? (from, to) : (to, from);
            Diff = QuoteDiff.Between(from, to);
        }

        DiffFrom = from?.Number;
        DiffTo = to.Number;
        CompanyName = await db.Companies.Where(c => c.Id == quote.CompanyId).Select(c => c.Name).SingleAsync(ct);
        if (IsStaff)
        {
            Floors = await floors.ForAsync(quote.OwnerRepUserId, quote.Current.Lines.Select(l => l.ProductId).ToList(), ct);
        }

        return true;
    }

    /// <summary>One line of the edit form.</summary>
    public sealed class LineInput
    {
        public int LineNumber { get; set; }

        public decimal Quantity { get; set; }

        public decimal? TargetPrice { get; set; }

        public decimal? OfferedPrice { get; set; }

        public decimal? DiscountPercent { get; set; }

        public string? Breaks { get; set; }

        public bool Remove { get; set; }
    }
}
