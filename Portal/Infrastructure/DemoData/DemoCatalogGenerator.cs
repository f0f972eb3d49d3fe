using System.Globalization;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;

namespace B2BPortal.Portal.Infrastructure.DemoData;

/// <summary>
/// Generates a plausible industrial-supplies catalog, deterministically (a fixed seed), so demo data and
/// benchmark data are the same on every machine.
/// </summary>
internal static class DemoCatalogGenerator
{
    public static readonly (string Name, string[] Leaves)[] Tree =
    [
        ("Fasteners", ["Hex Bolts", "Machine Screws", "Wood Screws", "Nuts", "Washers", "Anchors"]),
        ("Hand Tools", ["Wrenches", "Screwdrivers", "Pliers", "Hammers", "Measuring Tapes", "Utility Knives"]),
        ("Power Tools", ["Cordless Drills", "Angle Grinders", "Circular Saws", "Batteries", "Drill Bits", "Saw Blades"]),
        ("Safety", ["Gloves", "Safety Glasses", "Hard Hats", "Hearing Protection", "Hi-Vis Vests", "Respirators"]),
        ("Janitorial", ["Cleaning Chemicals", "Paper Towels", "Trash Bags", "Mops", "Dispensers", "Hand Soap"]),
        ("Office", ["Copy Paper", "Pens", "Folders", "Labels", "Toner", "Notebooks"]),
        ("Electrical", ["Cable", "Connectors", "Switches", "Lighting", "Fuses", "Cable Ties"]),
    ];

    private static readonly string[] Brands = ["Norden", "Apex", "Ironclad", "Brightline", "Kestrel", "Vantage", "Solido", "Meridian", "Tecto", "Orbis"];
    private static readonly string[] Qualities = ["Standard", "Heavy-Duty", "Premium", "Economy", "Industrial", "Pro"];
    private static readonly string[] Finishes = ["Zinc Plated", "Stainless", "Black Oxide", "Galvanized", "Blue", "Yellow", "Grey", "White"];
    private static readonly string[] Units = ["PCS", "BOX", "PACK", "ROLL", "SET"];
    private static readonly decimal[] PackSizes = [1, 1, 1, 5, 10, 12, 25, 50, 100];

    public static string Slug(string name) => name.ToLowerInvariant().Replace(' ', '-').Replace("/", "-", StringComparison.Ordinal);

    /// <summary>Nouns that are plural as one thing ("a pair of pliers"), so a product is named with them as they are.</summary>
    private static readonly string[] PluralOnly = ["Pliers", "Glasses", "Scissors", "Tongs", "Shears"];

    /// <summary>
    /// The name of one item of a leaf category ("Batteries" → "Battery", "Wrenches" → "Wrench", "Utility Knives" →
    /// "Utility Knife"): only the last word changes, and a noun that is plural as one thing stays plural.
    /// </summary>
    public static string Singular(string leafName)
    {
        var space = leafName.LastIndexOf(' ');
        var (head, word) = (leafName[..(space + 1)], leafName[(space + 1)..]);
        string Ends(string suffix, string with) => head + word[..^suffix.Length] + with;
        return word switch
        {
            _ when PluralOnly.Contains(word, StringComparer.Ordinal) => leafName,
            _ when word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4 => Ends("ies", "y"),
            _ when word.EndsWith("ives", StringComparison.Ordinal) => Ends("ives", "ife"),
            _ when word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
                || word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal) => Ends("es", ""),
            _ when word.EndsWith("ss", StringComparison.Ordinal) => leafName,
            _ when word.EndsWith('s') => Ends("s", ""),
            _ => leafName,
        };
    }

    /// <summary>Builds product <paramref name="index"/> of a catalog, in a leaf category chosen by the caller.</summary>
    public static Product Product(int index, int categoryId, string leafName, Random random, string currency = "EUR")
    {
        var noun = Singular(leafName);
        var quality = Qualities[random.Next(Qualities.Length)];
        var finish = Finishes[random.Next(Finishes.Length)];
        var size = random.Next(3) switch
        {
            0 => $"M{random.Next(3, 24)}x{random.Next(1, 20) * 10}",
            1 => $"{random.Next(1, 60) * 5} mm",
            _ => $"Size {random.Next(1, 12)}",
        };
        var sku = Sku.Create(string.Create(CultureInfo.InvariantCulture, $"{leafName[..3].ToUpperInvariant()}-{index:D6}"));
        var price = Math.Round((decimal)(random.NextDouble() * 250 + 0.25), 2);
        var product = new Product(sku, $"{quality} {noun} {size} {finish}", categoryId, Units[random.Next(Units.Length)], Money.Of(price, currency));
        var brand = Brands[random.Next(Brands.Length)];
        product.Describe($"{quality} {noun.ToLowerInvariant()} by {brand}, {finish.ToLowerInvariant()} finish, {size}. Suited to trade and facility use; sold per {product.UnitOfMeasure.ToLowerInvariant()}.", brand);
        product.SetPackSize(PackSizes[random.Next(PackSizes.Length)]);
        product.SetAttribute("Finish", finish);
        product.SetAttribute("Size", size);
        product.AddImage("/img/product-placeholder.svg");
        return product;
    }
}
