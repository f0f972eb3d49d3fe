using System.Security.Claims;
using B2BPortal.Domain.Identity;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>The menu per role. Capabilities add their entries here as they land.</summary>
internal static class Navigation
{
    public sealed record Item(string Label, string Href);

    public static IEnumerable<Item> For(ClaimsPrincipal user)
    {
        if (user.CompanyId() is not null && (user.IsInRole(Roles.Buyer) || user.IsInRole(Roles.BuyerAdmin)))
        {
            yield return new Item("Quick order", "/Ordering/QuickOrder");
            yield return new Item("Lists", "/Ordering/Lists");
            yield return new Item("Orders", "/Ordering/Orders");
            yield return new Item("Cart", "/Ordering/Cart");
            yield return new Item("Finance", "/Credit/Invoices");
            yield return new Item("Quotes", "/Quotes");
            yield return new Item("Returns", "/Returns");
        }

        if (user.IsInRole(Roles.BuyerAdmin))
        {
            yield return new Item("Approvals", "/Ordering/Approvals");
        }

        if (user.IsStaff())
        {
            yield return new Item("Orders", "/Orders/Staff");
            yield return new Item("Returns", "/Returns/Queue");
        }

        if (user.IsInRole(Roles.BuyerAdmin))
        {
            yield return new Item("Company users", "/Company/Users");
        }

        if (user.IsStaff())
        {
            yield return new Item("Customers", "/Customers");
        }

        if (user.IsInRole(Roles.Accountant) || user.IsInRole(Roles.Administrator))
        {
            yield return new Item("Credit", "/Credit");
            yield return new Item("Bank statements", "/Settlements");
            yield return new Item("Exceptions", "/Settlements/Exceptions");
        }

        if (user.IsStaff())
        {
            yield return new Item("AR ageing", "/Credit/Ageing");
        }

        if (user.IsInRole(Roles.SalesRep) || user.IsInRole(Roles.Administrator))
        {
            yield return new Item("Price lists", "/Pricing");
            yield return new Item("Quotes", "/Quotes/Inbox");
            yield return new Item("Order for a customer", "/Ordering/OnBehalf");
        }

        if (user.IsInRole(Roles.Administrator))
        {
            yield return new Item("Users", "/Admin/Users");
            yield return new Item("Search synonyms", "/Admin/Synonyms");
            yield return new Item("Margin floors", "/Admin/MarginFloors");
            yield return new Item("Integration", "/Integration");
        }

        if (user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.BuyerAdmin))
        {
            yield return new Item("API tokens", "/Tokens");
            yield return new Item("Sign-in tenants", "/Identity/SignInTenants");
        }

        if (user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Accountant) || user.IsInRole(Roles.BuyerAdmin))
        {
            yield return new Item("Audit log", "/Audit");
        }
    }
}
