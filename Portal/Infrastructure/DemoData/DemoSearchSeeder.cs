using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;

namespace B2BPortal.Portal.Infrastructure.DemoData;

/// <summary>A starting synonym list for the demo catalog (Admin → Search synonyms): German and trade words for its products.</summary>
internal static class DemoSearchSeeder
{
    public static readonly string[] Groups =
    [
        "screw, schraube",
        "wrench, spanner, schraubenschlüssel",
        "hammer, mallet",
        "glove, handschuh",
        "battery, akku, batterie",
        "drill, bohrmaschine",
    ];

    public static async Task SeedAsync(PortalDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var by = Actor.System("demo data");
        db.Set<SearchSynonymGroup>().AddRange(Groups.Select(g => new SearchSynonymGroup(SearchSynonymGroup.Parse(g), by, now)));
        await db.SaveChangesAsync(ct);
    }
}
