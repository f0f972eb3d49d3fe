using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Quotes;

/// <summary>
/// The lowest margin a sales rep may quote without internal approval, for one rep or for one product group (a catalog
/// category), set by an administrator. Where both apply the stricter (higher) floor counts; where none applies,
/// <see cref="QuoteOptions.DefaultMarginFloorPercent"/> does.
/// </summary>
public class MarginFloor
{
    private MarginFloor() { }

    public MarginFloor(string? salesRepUserId, int? categoryId, decimal minMarginPercent)
    {
        if ((salesRepUserId is null) == (categoryId is null))
        {
            throw new DomainException("A margin floor is for one sales rep or for one product group.");
        }

        SalesRepUserId = salesRepUserId;
        CategoryId = categoryId;
        Set(minMarginPercent);
    }

    public int Id { get; private set; }

    public string? SalesRepUserId { get; private set; }

    public int? CategoryId { get; private set; }

    public decimal MinMarginPercent { get; private set; }

    public void Set(decimal minMarginPercent)
    {
        if (minMarginPercent is < 0 or >= 100)
        {
            throw new DomainException("A margin floor is at least 0 % and below 100 %.", "MinMarginPercent");
        }

        MinMarginPercent = minMarginPercent;
    }
}

/// <summary>Quotes' settings (section <c>Quotes</c>).</summary>
public sealed class QuoteOptions
{
    public const string Section = "Quotes";

    /// <summary>The margin floor where no rep or product group has one of its own.</summary>
    [Range(0, 99.99)]
    public decimal DefaultMarginFloorPercent { get; set; } = 15m;

    /// <summary>The valid-until a rep's send form proposes, in days from now.</summary>
    [Range(1, 365)]
    public int DefaultValidityDays { get; set; } = 30;

    /// <summary>How many days before valid-until the buyer is reminded that the offer runs out (0: no reminder).</summary>
    [Range(0, 60)]
    public int ReminderDaysBefore { get; set; } = 3;
}

/// <summary>The floors that apply to one quote's lines: the owner rep's, each product group's, and the default.</summary>
public sealed class MarginFloors(PortalDbContext db, Microsoft.Extensions.Options.IOptions<QuoteOptions> options)
{
    /// <summary>The floor per product of the version, in %.</summary>
    public async Task<IReadOnlyDictionary<int, decimal>> ForAsync(string? repUserId, IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        var ids = productIds.Distinct().ToList();
        var groups = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.CategoryId }).ToListAsync(ct);
        var categoryIds = groups.Select(g => g.CategoryId).Distinct().ToList();
        var floors = await db.Set<MarginFloor>().AsNoTracking()
            .Where(f => (repUserId != null && f.SalesRepUserId == repUserId) || (f.CategoryId != null && categoryIds.Contains(f.CategoryId.Value)))
            .ToListAsync(ct);
        var rep = floors.Find(f => f.SalesRepUserId is not null)?.MinMarginPercent;
        var byGroup = floors.Where(f => f.CategoryId is not null).ToDictionary(f => f.CategoryId!.Value, f => f.MinMarginPercent);
        return groups.ToDictionary(g => g.Id, g =>
        {
            decimal? group = byGroup.TryGetValue(g.CategoryId, out var f) ? f : null;
            return (rep, group) switch
            {
                (null, null) => options.Value.DefaultMarginFloorPercent,
                ({ } r, null) => r,
                (null, { } c) => c,
                ({ } r, { } c) => Math.Max(r, c),
            };
        });
    }

    /// <summary>The SKUs of the current version whose price is below their floor, each with its margin and floor.</summary>
    public async Task<IReadOnlyList<string>> BelowFloorAsync(Quote quote, CancellationToken ct)
    {
        var version = quote.Current;
        var floors = await ForAsync(quote.OwnerRepUserId, version.Lines.Select(l => l.ProductId).ToList(), ct);
        return version.Lines
            .Where(l => l.IsBelowFloor(version.HeaderDiscountPercent, floors.GetValueOrDefault(l.ProductId, options.Value.DefaultMarginFloorPercent)))
            .Select(l => l.MarginPercent(version.HeaderDiscountPercent) is { } m
                ? $"{l.Sku} (margin {m:0.##} % < floor {floors.GetValueOrDefault(l.ProductId, options.Value.DefaultMarginFloorPercent):0.##} %)"
                : $"{l.Sku} (discounted, no cost known)")
            .ToList();
    }
}
