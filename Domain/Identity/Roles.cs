namespace B2BPortal.Domain.Identity;

/// <summary>The portal's roles. Buyer-side roles belong to one customer company; staff roles to none.</summary>
public static class Roles
{
    public const string Buyer = "Buyer";
    public const string BuyerAdmin = "BuyerAdmin";
    public const string SalesRep = "SalesRep";
    public const string Accountant = "Accountant";
    public const string Administrator = "Administrator";

    public static readonly IReadOnlyList<string> All = [Buyer, BuyerAdmin, SalesRep, Accountant, Administrator];

    public static readonly IReadOnlyList<string> BuyerSide = [Buyer, BuyerAdmin];

    public static readonly IReadOnlyList<string> Staff = [SalesRep, Accountant, Administrator];

    public static bool IsBuyerSide(string role) => BuyerSide.Contains(role);
}
