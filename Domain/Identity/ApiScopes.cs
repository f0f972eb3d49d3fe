namespace B2BPortal.Domain.Identity;

/// <summary>
/// What an API token may be used for, chosen when it is issued. A token still acts as its user (the user's roles and
/// company decide which data it reaches); a scope only narrows which endpoints it may call at all, so a catalog feed's
/// token cannot place orders even though its user could.
/// </summary>
public static class ApiScopes
{
    public const string CatalogRead = "catalog:read";
    public const string OrdersRead = "orders:read";
    public const string OrdersWrite = "orders:write";
    public const string Quotes = "quotes";
    public const string Invoices = "invoices";

    /// <summary>The stored form: scope names separated by single spaces, as OAuth writes them.</summary>
    public const int StoredMaxLength = 200;

    public static readonly IReadOnlyList<(string Name, string Description)> All =
    [
        (CatalogRead, "Catalog read: products, categories, prices, stock"),
        (OrdersRead, "Orders read: the cart and the company's orders"),
        (OrdersWrite, "Orders write: change the cart and place orders"),
        (Quotes, "Quotes: read, request and answer quotes"),
        (Invoices, "Invoices: invoices and the statement of account"),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToList();

    /// <summary>
    /// The scopes given to tokens issued before scopes existed (migration ApiTokenScopes): every read, no write. An
    /// integration that only reads keeps working; one that places orders gets a 403 naming orders:write and needs a
    /// new token chosen on purpose (docs/security.md).
    /// </summary>
    public static IReadOnlyList<string> MigrationDefault { get; } = [CatalogRead, OrdersRead, Invoices];

    public static bool IsKnown(string scope) => Names.Contains(scope, StringComparer.Ordinal);

    /// <summary>The known scopes of a stored or requested list, in their canonical order, without duplicates.</summary>
    public static IReadOnlyList<string> Parse(string? stored) =>
        Names.Where(n => (stored ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(n, StringComparer.Ordinal)).ToList();
}
