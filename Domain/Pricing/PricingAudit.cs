using System.Globalization;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;

namespace B2BPortal.Domain.Pricing;

/// <summary>
/// Audit entries for price changes, added to the context so they commit with the change itself.
/// Entity types: "PriceList" (id = list code), "PriceListEntry" (id = CODE/SKU/from-quantity[/unit]),
/// "PriceListAssignment", "CustomerGroup", "CustomerPricing", "QuantityRule".
/// </summary>
public static class PricingAudit
{
    public static void Record(PortalDbContext db, TimeProvider clock, Actor actor, string entityType, string entityId, string action, string? before, string? after, int? companyId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(actor);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), actor.UserId, actor.DisplayName, companyId, entityType,
            Trim(entityId, AuditEntry.EntityIdMaxLength), Trim(action, AuditEntry.ActionMaxLength), before, after));
    }

    public static string TierId(string listCode, string sku, decimal minQuantity, string? unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{listCode}/{sku}/{minQuantity:0.####}{(unit is null ? string.Empty : "/" + unit)}");

    public static string Price(decimal? amount, string currency) =>
        amount is { } a ? string.Create(CultureInfo.InvariantCulture, $"{a:0.####} {currency}") : "(none)";

    private static string Trim(string s, int max) => s.Length <= max ? s : s[..max];
}
