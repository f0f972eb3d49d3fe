using System.Globalization;
using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Quotes;

/// <summary>A product as it goes into a quote: its price for the company today (the list price the offer starts from) and its cost.</summary>
public sealed record NewQuoteLine(int ProductId, string Sku, string Name, string UnitOfMeasure, decimal Quantity, decimal ListPrice, decimal? UnitCost, decimal? TargetPrice);

/// <summary>A quantity break offered on a line: from this quantity on, this unit price.</summary>
public sealed record QuoteBreakTerms(decimal MinQuantity, decimal UnitPrice);

/// <summary>New terms for one existing line (by line number), or its removal.</summary>
public sealed record QuoteLineTerms(int LineNumber, decimal Quantity, decimal? TargetPrice, decimal? OfferedPrice, decimal? DiscountPercent, IReadOnlyList<QuoteBreakTerms> Breaks, bool Remove = false);

/// <summary>A whole edit of the current version: the header discount, each line's terms, and extra lines the rep proposes.</summary>
/// <param name="AllowPartialAcceptance">Whether the buyer may accept some of the lines (null: leave as it is). Staff only.</param>
public sealed record QuoteRevision(decimal HeaderDiscountPercent, IReadOnlyList<QuoteLineTerms> Lines, IReadOnlyList<NewQuoteLine> Added, bool? AllowPartialAcceptance = null);

/// <summary>
/// One answer in a quote's negotiation. Editable while it is the current, unsent version; once sent it is frozen, and a
/// revision copies it into the next version. All prices are in the quote's currency.
/// </summary>
public class QuoteVersion
{
    public const int MaxBreaksPerLine = 10;

    private readonly List<QuoteLine> _lines = [];

    private QuoteVersion() { }

    internal QuoteVersion(int number, DateTimeOffset createdAt)
    {
        Number = number;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    public int QuoteId { get; private set; }

    public int Number { get; private set; }

    /// <summary>A discount over the whole quote, applied after each line's own price or discount.</summary>
    public decimal HeaderDiscountPercent { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The rep lets the buyer accept some lines of this version and order only those; otherwise it is all or nothing.</summary>
    public bool AllowsPartialAcceptance { get; private set; }

    public bool IsSent => SentAt is not null;

    public IReadOnlyList<QuoteLine> Lines => _lines.AsReadOnly();

    public decimal Total => _lines.Sum(l => l.LineTotal(HeaderDiscountPercent));

    internal void AddLine(NewQuoteLine l, bool proposedByRep)
    {
        if (_lines.Exists(x => x.ProductId == l.ProductId))
        {
            throw new DomainException($"{l.Sku} is already in the quote; change that line's quantity instead.", "Sku");
        }

        CheckQuantity(l.Sku, l.Quantity);
        CheckPrice(l.Sku, l.TargetPrice, "target price");
        var next = _lines.Count == 0 ? 10000 : _lines.Max(x => x.LineNumber) + 10000;
        _lines.Add(new QuoteLine(next, l, proposedByRep));
    }

    internal void Apply(QuoteRevision revision, bool staff)
    {
        EnsureOpen();
        CheckPercent("the header discount", revision.HeaderDiscountPercent);
        foreach (var t in revision.Lines)
        {
            var line = _lines.Find(l => l.LineNumber == t.LineNumber) ?? throw new DomainException($"Line {t.LineNumber} is not in this version; reload the quote.");
            if (t.Remove)
            {
                continue;
            }

            CheckQuantity(line.Sku, t.Quantity);
            CheckPrice(line.Sku, t.TargetPrice, "target price");
            CheckPrice(line.Sku, t.OfferedPrice, "offered price");
            if (t.DiscountPercent is { } d)
            {
                CheckPercent($"{line.Sku}'s discount", d);
            }

            if (t.OfferedPrice is not null && t.DiscountPercent is not null)
            {
                throw new DomainException($"{line.Sku}: give either an offered unit price or a discount %, not both.", "DiscountPercent");
            }

            CheckBreaks(line.Sku, t.Breaks);
        }

        var remaining = _lines.Count - revision.Lines.Count(t => t.Remove) + revision.Added.Count;
        if (remaining == 0)
        {
            throw new DomainException("A quote needs at least one line.");
        }

        if (remaining > Quote.MaxLines)
        {
            throw new DomainException($"A quote holds at most {Quote.MaxLines:N0} lines.");
        }

        foreach (var t in revision.Lines)
        {
            var line = _lines.Single(l => l.LineNumber == t.LineNumber);
            if (t.Remove)
            {
                _lines.Remove(line);
            }
            else if (staff)
            {
                line.Offer(t.Quantity, t.OfferedPrice, t.DiscountPercent, t.Breaks);
            }
            else
            {
                line.Ask(t.Quantity, t.TargetPrice);
            }
        }

        foreach (var added in revision.Added)
        {
            AddLine(added, proposedByRep: true);
        }

        if (staff)
        {
            HeaderDiscountPercent = revision.HeaderDiscountPercent;
            AllowsPartialAcceptance = revision.AllowPartialAcceptance ?? AllowsPartialAcceptance;
        }
    }

    internal QuoteVersion CopyAsNext(DateTimeOffset at)
    {
        var next = new QuoteVersion(Number + 1, at) { HeaderDiscountPercent = HeaderDiscountPercent, AllowsPartialAcceptance = AllowsPartialAcceptance };
        next._lines.AddRange(_lines.Select(l => l.Copy()));
        return next;
    }

    internal void MarkSent(DateTimeOffset at) => SentAt = at;

    /// <summary>A compact text of the terms, for the audit trail's before and after.</summary>
    internal string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"v{Number} header {HeaderDiscountPercent:0.##}%{(AllowsPartialAcceptance ? " partial acceptance allowed" : "")}: ") + string.Join("; ", _lines.OrderBy(l => l.LineNumber).Select(l => l.Describe()));

    private void EnsureOpen()
    {
        if (IsSent)
        {
            throw new DomainException($"Version {Number} was sent on {SentAt:yyyy-MM-dd} and is kept as it was; start a revision to change it.");
        }
    }

    private static void CheckQuantity(string sku, decimal quantity)
    {
        if (quantity <= 0)
        {
            throw new DomainException($"{sku}: enter a quantity above zero.", "Quantity");
        }

        QuantityLimit.Ensure(quantity);
    }

    private static void CheckPrice(string sku, decimal? price, string what)
    {
        if (price < 0)
        {
            throw new DomainException($"{sku}: a {what} cannot be negative.", "Price");
        }

        if (price > QuantityLimit.Max)
        {
            throw new DomainException($"{sku}: the {what} is too large.", "Price");
        }
    }

    private static void CheckPercent(string what, decimal percent)
    {
        if (percent is < 0 or > 100)
        {
            throw new DomainException($"{char.ToUpperInvariant(what[0])}{what[1..]} must be between 0 and 100 %.", "DiscountPercent");
        }
    }

    private static void CheckBreaks(string sku, IReadOnlyList<QuoteBreakTerms> breaks)
    {
        if (breaks.Count > MaxBreaksPerLine)
        {
            throw new DomainException($"{sku}: at most {MaxBreaksPerLine} quantity breaks.", "Breaks");
        }

        foreach (var b in breaks)
        {
            CheckQuantity(sku, b.MinQuantity);
            CheckPrice(sku, b.UnitPrice, "break price");
        }

        if (breaks.Select(b => b.MinQuantity).Distinct().Count() != breaks.Count)
        {
            throw new DomainException($"{sku}: two quantity breaks start at the same quantity.", "Breaks");
        }
    }
}

/// <summary>
/// One product in one version: what the buyer asked (quantity, target price), what the rep offers (a unit price or a
/// discount % off the list price, and quantity breaks), and the staff-only unit cost the margin is measured against.
/// </summary>
public class QuoteLine
{
    private readonly List<QuoteBreak> _breaks = [];

    private QuoteLine() { }

    internal QuoteLine(int lineNumber, NewQuoteLine l, bool proposedByRep)
    {
        LineNumber = lineNumber;
        ProductId = l.ProductId;
        Sku = l.Sku;
        Name = l.Name;
        UnitOfMeasure = l.UnitOfMeasure;
        Quantity = l.Quantity;
        ListPrice = l.ListPrice;
        UnitCost = l.UnitCost;
        TargetPrice = l.TargetPrice;
        ProposedByRep = proposedByRep;
    }

    public int Id { get; private set; }

    public int QuoteVersionId { get; private set; }

    public int LineNumber { get; private set; }

    public int ProductId { get; private set; }

    public string Sku { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public string UnitOfMeasure { get; private set; } = string.Empty;

    public decimal Quantity { get; private set; }

    /// <summary>The company's price-list price when the line came into the quote: what a discount % is taken off.</summary>
    public decimal ListPrice { get; private set; }

    /// <summary>The ERP's unit cost when the line came in. Staff only: never on a buyer's page or in the API.</summary>
    public decimal? UnitCost { get; private set; }

    public decimal? TargetPrice { get; private set; }

    public decimal? OfferedPrice { get; private set; }

    public decimal? DiscountPercent { get; private set; }

    /// <summary>An extra line the rep proposed, not one the buyer asked for.</summary>
    public bool ProposedByRep { get; private set; }

    /// <summary>Null until the buyer accepts the version; then whether this line is in the order (false only in a partial acceptance).</summary>
    public bool? Accepted { get; private set; }

    public IReadOnlyList<QuoteBreak> Breaks => _breaks.AsReadOnly();

    /// <summary>The unit price for the line's own quantity: the best break that applies, else the offer, after the header discount.</summary>
    public decimal NetUnitPrice(decimal headerDiscountPercent) => UnitPriceAt(Quantity, headerDiscountPercent);

    public decimal UnitPriceAt(decimal quantity, decimal headerDiscountPercent)
    {
        var offered = OfferedPrice ?? ListPrice * (1 - (DiscountPercent ?? 0) / 100m);
        var breakPrice = _breaks.Where(b => b.MinQuantity <= quantity).OrderByDescending(b => b.MinQuantity).Select(b => (decimal?)b.UnitPrice).FirstOrDefault();
        var unit = breakPrice is { } bp && bp < offered ? bp : offered;
        return decimal.Round(unit * (1 - headerDiscountPercent / 100m), 4, MidpointRounding.AwayFromZero);
    }

    public decimal LineTotal(decimal headerDiscountPercent) => decimal.Round(NetUnitPrice(headerDiscountPercent) * Quantity, 2, MidpointRounding.AwayFromZero);

    /// <summary>Margin on the net price in %, or null without a cost (or at a price of zero).</summary>
    public decimal? MarginPercent(decimal headerDiscountPercent)
    {
        var net = NetUnitPrice(headerDiscountPercent);
        return UnitCost is { } cost && net > 0 ? decimal.Round((net - cost) / net * 100m, 2) : null;
    }

    /// <summary>
    /// Whether the line's price passes below the floor: its margin is under <paramref name="floorPercent"/>; or, with no
    /// cost known to measure a margin, whether it is discounted at all below the list price.
    /// </summary>
    public bool IsBelowFloor(decimal headerDiscountPercent, decimal floorPercent) =>
        MarginPercent(headerDiscountPercent) is { } margin ? margin < floorPercent : NetUnitPrice(headerDiscountPercent) < ListPrice;

    internal void Offer(decimal quantity, decimal? offeredPrice, decimal? discountPercent, IReadOnlyList<QuoteBreakTerms> breaks)
    {
        Quantity = quantity;
        OfferedPrice = offeredPrice;
        DiscountPercent = discountPercent;
        _breaks.Clear();
        _breaks.AddRange(breaks.OrderBy(b => b.MinQuantity).Select(b => new QuoteBreak(b.MinQuantity, b.UnitPrice)));
    }

    internal void MarkAccepted(bool accepted) => Accepted = accepted;

    internal void Ask(decimal quantity, decimal? targetPrice)
    {
        Quantity = quantity;
        TargetPrice = targetPrice;
    }

    internal QuoteLine Copy()
    {
        var copy = new QuoteLine(LineNumber, new NewQuoteLine(ProductId, Sku, Name, UnitOfMeasure, Quantity, ListPrice, UnitCost, TargetPrice), ProposedByRep)
        {
            OfferedPrice = OfferedPrice,
            DiscountPercent = DiscountPercent,
        };
        copy._breaks.AddRange(_breaks.Select(b => new QuoteBreak(b.MinQuantity, b.UnitPrice)));
        return copy;
    }

    internal string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Sku} x{Quantity:0.###} @{(OfferedPrice is { } p ? p.ToString("0.####", CultureInfo.InvariantCulture) : $"list-{DiscountPercent ?? 0:0.##}%")}")
        + (_breaks.Count == 0 ? "" : " breaks " + string.Join(",", _breaks.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.MinQuantity:0.###}:{b.UnitPrice:0.####}"))));
}

public class QuoteBreak
{
    private QuoteBreak() { }

    internal QuoteBreak(decimal minQuantity, decimal unitPrice)
    {
        MinQuantity = minQuantity;
        UnitPrice = unitPrice;
    }

    public int Id { get; private set; }

    public int QuoteLineId { get; private set; }

    public decimal MinQuantity { get; private set; }

    public decimal UnitPrice { get; private set; }
}

public enum LineChange
{
    Same,
    Changed,
    Added,
    Removed,
}

/// <summary>One product's row in the comparison of two versions.</summary>
public sealed record QuoteLineDiff(string Sku, string Name, LineChange Change, decimal? OldQuantity, decimal? NewQuantity, decimal? OldUnitPrice, decimal? NewUnitPrice)
{
    public bool QuantityChanged => Change == LineChange.Changed && OldQuantity != NewQuantity;

    public bool PriceChanged => Change == LineChange.Changed && OldUnitPrice != NewUnitPrice;
}

public static class QuoteDiff
{
    /// <summary>What changed from <paramref name="older"/> to <paramref name="newer"/>, by product, in the newer version's line order.</summary>
    public static IReadOnlyList<QuoteLineDiff> Between(QuoteVersion older, QuoteVersion newer)
    {
        var before = older.Lines.ToDictionary(l => l.ProductId);
        var rows = new List<QuoteLineDiff>();
        foreach (var n in newer.Lines.OrderBy(l => l.LineNumber))
        {
            var price = n.NetUnitPrice(newer.HeaderDiscountPercent);
            if (!before.Remove(n.ProductId, out var o))
            {
                rows.Add(new QuoteLineDiff(n.Sku, n.Name, LineChange.Added, null, n.Quantity, null, price));
                continue;
            }

            var oldPrice = o.NetUnitPrice(older.HeaderDiscountPercent);
            var same = o.Quantity == n.Quantity && oldPrice == price;
            rows.Add(new QuoteLineDiff(n.Sku, n.Name, same ? LineChange.Same : LineChange.Changed, o.Quantity, n.Quantity, oldPrice, price));
        }

        rows.AddRange(before.Values.OrderBy(l => l.LineNumber)
            .Select(o => new QuoteLineDiff(o.Sku, o.Name, LineChange.Removed, o.Quantity, null, o.NetUnitPrice(older.HeaderDiscountPercent), null)));
        return rows;
    }
}
