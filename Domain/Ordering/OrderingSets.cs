using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// Ordering's tables on the shared context. Extension methods rather than DbSet properties keep PortalDbContext
/// untouched by this capability; the model picks the entities up through their configurations.
/// </summary>
public static class OrderingSets
{
    public static DbSet<Order> Orders(this PortalDbContext db) => db.Set<Order>();

    public static DbSet<Cart> Carts(this PortalDbContext db) => db.Set<Cart>();

    public static DbSet<SavedList> SavedLists(this PortalDbContext db) => db.Set<SavedList>();

    public static DbSet<SpendingLimit> SpendingLimits(this PortalDbContext db) => db.Set<SpendingLimit>();

    public static DbSet<OrderNumberCounter> OrderNumberCounters(this PortalDbContext db) => db.Set<OrderNumberCounter>();
}
