using B2BPortal.Domain.Identity;
using B2BPortal.Tests.Web;

namespace B2BPortal.Tests.Catalog;

/// <summary>The forgiving search's pages: type-ahead for everyone who may read the catalog, the synonym list for administrators.</summary>
public sealed class BuyerExperienceAccessRules : IAccessRules
{
    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Catalog/Suggest"] = Access.Only([.. Roles.All]),
        ["/Admin/Synonyms"] = Access.Only(Roles.Administrator),
    };
}
