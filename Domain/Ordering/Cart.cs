using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// A buyer's cart, kept in the database so it survives sign-out and is the same in every tab and on the API.
/// <see cref="Version"/> is a concurrency token that every change bumps: checkout posts the version the buyer
/// reviewed, so a cart changed in another tab is never placed unseen, and two "place" clicks on one version make one order.
/// </summary>
public class Cart
{
    /// <summary>The largest cart: a 10,000-line upload fits, with room for a few more.</summary>
    public const int MaxLines = 20_000;

    private readonly List<CartLine> _lines = [];

    private Cart() { }

    public Cart(string userId, int companyId, DateTimeOffset now)
    {
        UserId = userId;
        CompanyId = companyId;
        UpdatedAt = now;
    }

    /// <summary>
    /// A cart a member of staff builds for a customer's buyer (<see cref="Ordering.OrderingOnBehalf"/>): <see cref="UserId"/> is the
    /// staff member, <see cref="CompanyId"/> the customer, and this the buyer the order will be placed for.
    /// </summary>
    public static Cart OnBehalf(string staffUserId, int companyId, string buyerUserId, DateTimeOffset now) =>
        new(staffUserId, companyId, now) { OnBehalfOfUserId = buyerUserId };

    public int Id { get; private set; }

    /// <summary>The buyer this cart is built for, when a member of staff builds it; null for a buyer's own cart.</summary>
    public string? OnBehalfOfUserId { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public int CompanyId { get; private set; }

    public int Version { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<CartLine> Lines => _lines.AsReadOnly();

    /// <summary>Adds to a line (or makes one). <paramref name="priceSeen"/> is the price the buyer was shown, kept to show changes at checkout.</summary>
    public void Add(int productId, decimal quantity, Money? priceSeen, DateTimeOffset now)
    {
        if (quantity <= 0)
        {
            throw new DomainException("Enter a quantity above zero.", "Quantity");
        }

        QuantityLimit.Ensure(quantity);
        var line = _lines.Find(l => l.ProductId == productId);
        if (line is null)
        {
            if (_lines.Count >= MaxLines)
            {
                throw new DomainException($"A cart holds at most {MaxLines:N0} lines; place an order first or split it.");
            }

            _lines.Add(new CartLine(productId, quantity, priceSeen, now));
        }
        else
        {
            QuantityLimit.Ensure(line.Quantity + quantity);
            line.SetQuantity(line.Quantity + quantity, priceSeen);
        }

        Changed(now);
    }

    public void SetQuantity(int productId, decimal quantity, DateTimeOffset now)
    {
        var line = _lines.Find(l => l.ProductId == productId) ?? throw new DomainException("That product is not in your cart.");
        QuantityLimit.Ensure(quantity);
        if (quantity <= 0)
        {
            _lines.Remove(line);
        }
        else
        {
            line.SetQuantity(quantity, null);
        }

        Changed(now);
    }

    public void Remove(int productId, DateTimeOffset now)
    {
        if (_lines.RemoveAll(l => l.ProductId == productId) > 0)
        {
            Changed(now);
        }
    }

    public void Clear(DateTimeOffset now)
    {
        _lines.Clear();
        Changed(now);
    }

    /// <summary>
    /// The cart became an order: its version moves on (so the same version can never be placed twice) and PlaceOrder
    /// deletes the lines set-based in the same transaction; the loaded lines are not touched here.
    /// </summary>
    public void MarkOrdered(DateTimeOffset now) => Changed(now);

    private void Changed(DateTimeOffset now)
    {
        Version++;
        UpdatedAt = now;
    }
}

public class CartLine
{
    private CartLine() { }

    internal CartLine(int productId, decimal quantity, Money? priceSeen, DateTimeOffset addedAt)
    {
        ProductId = productId;
        Quantity = quantity;
        PriceSeen = priceSeen?.Amount;
        PriceSeenCurrency = priceSeen?.Currency;
        AddedAt = addedAt;
    }

    public int Id { get; private set; }

    public int CartId { get; private set; }

    public int ProductId { get; private set; }

    public decimal Quantity { get; private set; }

    /// <summary>The unit price shown when the line was added; checkout compares it with today's.</summary>
    public decimal? PriceSeen { get; private set; }

    public string? PriceSeenCurrency { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }

    internal void SetQuantity(decimal quantity, Money? priceSeen)
    {
        Quantity = quantity;
        if (priceSeen is { } p)
        {
            PriceSeen = p.Amount;
            PriceSeenCurrency = p.Currency;
        }
    }
}
