using B2BPortal.Domain.Identity;
using B2BPortal.Tests.Web;

namespace B2BPortal.Tests.Ordering;

/// <summary>
/// Ordering on a buyer's behalf (PagePolicies.Ordering): the company and buyer picker and the cart for a customer are for
/// sales reps and administrators only; which companies a rep may act for is checked by OrderingOnBehalf on every request
/// (OrderingOnBehalfWebTests), not by the page policy.
/// </summary>
public sealed class OrderingOnBehalfAccessRules : IAccessRules
{
    public IReadOnlyDictionary<string, Access> Expected { get; } = new Dictionary<string, Access>
    {
        ["/Ordering/OnBehalf/Index"] = Access.Only(Roles.SalesRep, Roles.Administrator),
        ["/Ordering/OnBehalf/Cart"] = Access.Only(Roles.SalesRep, Roles.Administrator),
    };
}
