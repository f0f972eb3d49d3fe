using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Catalog;

/// <summary>A node of the category tree. Products hang on leaves or inner nodes alike.</summary>
public class Category
{
    public const int NameMaxLength = 100;
    public const int SlugMaxLength = 120;

    private Category() { }

    public Category(string name, string slug, int? parentId = null, int sortOrder = 0)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw new DomainException($"A category name has 1 to {NameMaxLength} characters.", "Name");
        }

        Name = name;
        Slug = slug.Trim().ToLowerInvariant();
        ParentId = parentId;
        SortOrder = sortOrder;
    }

    public int Id { get; private set; }

    public int? ParentId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string Slug { get; private set; } = string.Empty;

    public int SortOrder { get; private set; }

    public void MoveUnder(int? parentId)
    {
        if (parentId == Id)
        {
            throw new DomainException("A category cannot be its own parent.");
        }

        ParentId = parentId;
    }
}

/// <summary>
/// A named selection of categories (an assortment) that companies are given. A company sees the products of
/// every category in every catalog assigned to it; a catalog lists categories explicitly, subtrees included.
/// </summary>
public class ProductCatalog
{
    public const int CodeMaxLength = 30;
    public const int NameMaxLength = 100;

    private readonly List<CatalogCategory> _categories = [];

    private ProductCatalog() { }

    public ProductCatalog(string code, string name)
    {
        code = (code ?? string.Empty).Trim().ToUpperInvariant();
        if (code.Length is 0 or > CodeMaxLength)
        {
            throw new DomainException($"A catalog code has 1 to {CodeMaxLength} characters.", "Code");
        }

        Code = code;
        Name = (name ?? string.Empty).Trim();
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    public IReadOnlyCollection<CatalogCategory> Categories => _categories.AsReadOnly();

    public void Include(int categoryId)
    {
        if (_categories.All(c => c.CategoryId != categoryId))
        {
            _categories.Add(new CatalogCategory(categoryId));
        }
    }

    public void Exclude(int categoryId) => _categories.RemoveAll(c => c.CategoryId == categoryId);
}

public class CatalogCategory
{
    private CatalogCategory() { }

    internal CatalogCategory(int categoryId) => CategoryId = categoryId;

    public int CatalogId { get; private set; }

    public int CategoryId { get; private set; }
}
