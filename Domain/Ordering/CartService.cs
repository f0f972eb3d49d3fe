using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

public sealed record CartAddition(int ProductId, decimal Quantity);

public sealed record BulkAddResult(int Added, IReadOnlyList<string> Skipped);

/// <summary>
/// Changes to a buyer's cart, from the pages and the API alike. A single add enforces the quantity rule at once
/// (with the valid quantities in the message); bulk adds from lists and past orders keep rule problems in the
/// cart, where they are shown with a one-click fix, and skip what is no longer orderable, saying which.
/// </summary>
public sealed class CartService(PortalDbContext db, OrderableProducts products, TimeProvider clock)
{
    public Task<Cart?> FindAsync(Actor buyer, CancellationToken ct) =>
        db.Carts().Include(c => c.Lines).SingleOrDefaultAsync(c => c.UserId == buyer.UserId, ct);

    public async Task<Cart> GetOrCreateAsync(Actor buyer, CancellationToken ct)
    {
        var companyId = CompanyOf(buyer);
        var cart = await FindAsync(buyer, ct);
        if (cart is null)
        {
            cart = new Cart(buyer.UserId, companyId, clock.GetUtcNow());
            db.Carts().Add(cart);
        }

        return cart;
    }

    public async Task AddAsync(Actor buyer, string sku, decimal quantity, CancellationToken ct)
    {
        var companyId = CompanyOf(buyer);
        QuantityLimit.Ensure(quantity);
        var normalized = Sku.Normalize(sku);
        var ids = await products.IdsBySkuAsync([normalized], ct);
        var found = ids.TryGetValue(normalized, out var id) ? await products.FindAsync(companyId, [id], ct) : new Dictionary<int, OrderableProduct>();
        if (!found.TryGetValue(id, out var product))
        {
            throw new DomainException($"No product {normalized} in your catalog.", "Sku");
        }

        var cart = await GetOrCreateAsync(buyer, ct);
        var total = (cart.Lines.FirstOrDefault(l => l.ProductId == id)?.Quantity ?? 0) + quantity;
        QuantityLimit.Ensure(total);
        var check = product.Rule.Check(total);
        if (!check.IsValid)
        {
            throw new DomainException($"{product.Sku}: {check.Message}", "Quantity");
        }

        var price = await products.PriceAsync(companyId, [(id, total)], Today, ct);
        if (!price.TryGetValue(id, out var p))
        {
            throw new DomainException($"{product.Sku} has no price for your company; it cannot be ordered.", "Sku");
        }

        cart.Add(id, quantity, p.UnitPrice, clock.GetUtcNow());
        await SaveAsync(ct);
    }

    public async Task SetQuantityAsync(Actor buyer, int productId, decimal quantity, CancellationToken ct)
    {
        QuantityLimit.Ensure(quantity);
        var cart = await FindAsync(buyer, ct) ?? throw new DomainException("Your cart is empty.");
        cart.SetQuantity(productId, quantity, clock.GetUtcNow());
        await SaveAsync(ct);
    }

    /// <summary>Sets several lines' quantities in one save, e.g. "use the suggested quantities" for every flagged line.</summary>
    public async Task SetQuantitiesAsync(Actor buyer, IReadOnlyList<CartAddition> quantities, CancellationToken ct)
    {
        var cart = await FindAsync(buyer, ct) ?? throw new DomainException("Your cart is empty.");
        var now = clock.GetUtcNow();
        foreach (var q in quantities)
        {
            cart.SetQuantity(q.ProductId, q.Quantity, now);
        }

        await SaveAsync(ct);
    }

    public Task RemoveAsync(Actor buyer, int productId, CancellationToken ct) => RemoveAsync(buyer, [productId], ct);

    /// <summary>Takes lines out of the cart, keeping them for an undo (<see cref="Removal"/>); lines not in the cart are ignored.</summary>
    public async Task<Removal?> RemoveAsync(Actor buyer, IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        var cart = await FindAsync(buyer, ct);
        var removed = cart?.Lines.Where(l => productIds.Contains(l.ProductId)).ToList() ?? [];
        if (cart is null || removed.Count == 0)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var removal = Removal.OfCartLines(buyer, removed, now);
        foreach (var line in removed)
        {
            cart.Remove(line.ProductId, now);
        }

        await db.RecordAsync(removal, ct);
        await SaveAsync(ct);
        return removal;
    }

    /// <summary>Empties the cart, keeping its lines for an undo; null when it was empty already.</summary>
    public async Task<Removal?> ClearAsync(Actor buyer, CancellationToken ct)
    {
        var cart = await FindAsync(buyer, ct);
        return cart is null ? null : await RemoveAsync(buyer, cart.Lines.Select(l => l.ProductId).ToList(), ct);
    }

    /// <summary>
    /// Undo: puts removed lines back with the quantities and seen prices they had. A product added again since then
    /// gets the removed quantity on top; a product no longer in the buyer's catalog is skipped and named.
    /// </summary>
    public async Task<BulkAddResult> RestoreAsync(Actor buyer, int removalId, CancellationToken ct)
    {
        var companyId = CompanyOf(buyer);
        var removal = await db.FindUndoableAsync(buyer, removalId, RemovalKind.CartLines, ct)
            ?? throw new DomainException("There is nothing to undo.");
        var now = clock.GetUtcNow();
        removal.Restore(buyer, now);
        var found = await products.FindAsync(companyId, removal.Lines.Select(l => l.ProductId).ToList(), ct);
        var cart = await GetOrCreateAsync(buyer, ct);
        var skipped = new List<string>();
        foreach (var line in removal.Lines)
        {
            if (!found.ContainsKey(line.ProductId))
            {
                skipped.Add($"product #{line.ProductId}");
                continue;
            }

            cart.Add(line.ProductId, line.Quantity, line.Price, now);
        }

        await SaveAsync(ct);
        return new BulkAddResult(removal.Lines.Count - skipped.Count, skipped);
    }

    /// <summary>How many lines the buyer's cart has (the header's cart count): one indexed lookup.</summary>
    public Task<int> CountLinesAsync(Actor buyer, CancellationToken ct) =>
        db.Carts().Where(c => c.UserId == buyer.UserId).Select(c => c.Lines.Count).FirstOrDefaultAsync(ct);

    /// <summary>Adds many lines in one save: a checked import, a saved list, a past order.</summary>
    public async Task<BulkAddResult> AddManyAsync(Actor buyer, IReadOnlyList<CartAddition> additions, CancellationToken ct)
    {
        var companyId = CompanyOf(buyer);
        var found = await products.FindAsync(companyId, additions.Select(a => a.ProductId).ToList(), ct);
        var prices = await products.PriceAsync(companyId, additions.Where(a => found.ContainsKey(a.ProductId)).Select(a => (a.ProductId, a.Quantity)), Today, ct);
        var cart = await GetOrCreateAsync(buyer, ct);
        var skipped = new List<string>();
        var added = 0;
        var now = clock.GetUtcNow();
        foreach (var a in additions)
        {
            if (!found.ContainsKey(a.ProductId) || !prices.TryGetValue(a.ProductId, out var price) || a.Quantity <= 0)
            {
                skipped.Add(found.TryGetValue(a.ProductId, out var p) ? p.Sku : $"product #{a.ProductId}");
                continue;
            }

            cart.Add(a.ProductId, a.Quantity, price.UnitPrice, now);
            added++;
        }

        await SaveAsync(ct);
        return new BulkAddResult(added, skipped);
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            throw new DomainException("Your cart was changed in another window at the same moment; reload it and try again.", ex);
        }
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    internal static int CompanyOf(Actor buyer) =>
        buyer.CompanyId ?? throw new DomainException("Only a buyer of a customer company has a cart and places orders.");
}
