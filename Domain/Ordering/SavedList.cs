using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// A requisition list: a named set of products and quantities a buyer orders again and again. Private to its
/// owner unless shared, then every buyer of the company may use it; only the owner changes or deletes it.
/// </summary>
public class SavedList
{
    public const int NameMaxLength = 100;
    public const int MaxLines = 10_000;

    private readonly List<SavedListLine> _lines = [];

    private SavedList() { }

    public SavedList(int companyId, Actor owner, string name, bool shared, DateTimeOffset now)
    {
        CompanyId = companyId;
        OwnerUserId = owner.UserId;
        OwnerName = owner.DisplayName;
        Name = CheckName(name);
        IsShared = shared;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public int Id { get; private set; }

    public int CompanyId { get; private set; }

    public string OwnerUserId { get; private set; } = string.Empty;

    public string OwnerName { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public bool IsShared { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<SavedListLine> Lines => _lines.AsReadOnly();

    public bool IsVisibleTo(Actor actor) => actor.CompanyId == CompanyId && (IsShared || actor.UserId == OwnerUserId);

    public void Set(Actor by, int productId, decimal quantity, DateTimeOffset now)
    {
        EnsureOwner(by);
        var line = _lines.Find(l => l.ProductId == productId);
        if (quantity <= 0)
        {
            if (line is not null)
            {
                _lines.Remove(line);
            }
        }
        else if (line is null)
        {
            if (_lines.Count >= MaxLines)
            {
                throw new DomainException($"A list holds at most {MaxLines:N0} lines.");
            }

            _lines.Add(new SavedListLine(productId, quantity));
        }
        else
        {
            line.Quantity = quantity;
        }

        UpdatedAt = now;
    }

    public void Rename(Actor by, string name, bool shared, DateTimeOffset now)
    {
        EnsureOwner(by);
        Name = CheckName(name);
        IsShared = shared;
        UpdatedAt = now;
    }

    public void EnsureOwner(Actor by)
    {
        if (by.UserId != OwnerUserId)
        {
            throw new DomainException($"Only {OwnerName}, who made the list, can change it. Copy it to your cart to use it.");
        }
    }

    private static string CheckName(string name)
    {
        name = (name ?? string.Empty).Trim();
        return name.Length is 0 or > NameMaxLength
            ? throw new DomainException($"A list name has 1 to {NameMaxLength} characters.", "Name")
            : name;
    }
}

public class SavedListLine
{
    private SavedListLine() { }

    internal SavedListLine(int productId, decimal quantity)
    {
        ProductId = productId;
        Quantity = quantity;
    }

    public int Id { get; private set; }

    public int SavedListId { get; private set; }

    public int ProductId { get; private set; }

    public decimal Quantity { get; internal set; }
}
