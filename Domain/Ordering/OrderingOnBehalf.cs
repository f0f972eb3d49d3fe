using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

public sealed record OnBehalfCompany(int Id, string Name, string ErpCustomerNumber);

public sealed record OnBehalfBuyer(string UserId, string Name, string Email, bool IsBuyerAdmin);

/// <summary>
/// A member of staff's cart for a customer's buyer, checked on this request: <see cref="CartActor"/> is the staff member
/// acting inside the customer's company (the catalog, prices and quantity rules <see cref="CartService"/> applies are the
/// company's), <see cref="Buyer"/> whom the order will be placed for, <see cref="Staff"/> who places it.
/// </summary>
public sealed record OnBehalfSession(Actor Staff, Actor CartActor, Actor Buyer, int CompanyId, string CompanyName, string BuyerEmail);

/// <summary>
/// Ordering on a buyer's behalf: a sales rep for the companies they serve (the company's <c>SalesRepUserId</c>), an
/// administrator for any. The staff member picks a company and one of its active buyers; the cart is the staff member's
/// own (one at a time, <see cref="Cart.OnBehalf"/>), filled and reviewed through <see cref="CartService"/> and
/// <see cref="CartReviewer"/> as the buyer's would be, and placed through <see cref="PlaceOrder"/> — the same placement
/// as checkout — as the buyer's order, its history naming who placed it. The right to act is checked again on every
/// request (<see cref="RequireAsync"/>), so a company reassigned to another rep stops the cart at once.
/// </summary>
public sealed class OrderingOnBehalf(PortalDbContext db, TimeProvider clock)
{
    public const int MaxCompanies = 200;

    /// <summary>Who may order on a buyer's behalf at all: a sales rep or an administrator (staff, not a buyer-side user).</summary>
    public static bool MayOrderOnBehalf(Actor staff) =>
        staff.IsStaff && (staff.IsInRole(Roles.SalesRep) || staff.IsInRole(Roles.Administrator));

    /// <summary>The companies this staff member may order for, by name; <paramref name="search"/> filters by name or customer number.</summary>
    public async Task<IReadOnlyList<OnBehalfCompany>> CompaniesAsync(Actor staff, string? search, CancellationToken ct)
    {
        var companies = Served(staff);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            companies = companies.Where(c => c.Name.Contains(term) || c.ErpCustomerNumber == term);
        }

        return await companies.OrderBy(c => c.Name).Take(MaxCompanies)
            .Select(c => new OnBehalfCompany(c.Id, c.Name, c.ErpCustomerNumber)).ToListAsync(ct);
    }

    /// <summary>The active buyers of a company this staff member serves (BuyerAdmins included: they order too).</summary>
    public async Task<IReadOnlyList<OnBehalfBuyer>> BuyersAsync(Actor staff, int companyId, CancellationToken ct)
    {
        await ServedCompanyAsync(staff, companyId, ct);
        var buyerRoles = await db.Roles.Where(r => r.Name == Roles.Buyer || r.Name == Roles.BuyerAdmin).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        var adminRoleId = buyerRoles.Find(r => r.Name == Roles.BuyerAdmin)?.Id;
        var roleIds = buyerRoles.Select(r => r.Id).ToList();
        return await db.Users.AsNoTracking()
            .Where(u => u.CompanyId == companyId && u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName)
            .Select(u => new OnBehalfBuyer(u.Id, u.DisplayName, u.Email!, db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRoleId)))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Starts a cart for this buyer. A cart of the staff member's with lines for someone else must be placed or emptied
    /// first (nothing is thrown away unasked); an empty one is replaced. Audited.
    /// </summary>
    public async Task<OnBehalfSession> StartAsync(Actor staff, int companyId, string? buyerUserId, CancellationToken ct)
    {
        var company = await ServedCompanyAsync(staff, companyId, ct);
        var buyer = (await BuyersAsync(staff, companyId, ct)).FirstOrDefault(b => b.UserId == buyerUserId)
            ?? throw new DomainException($"Choose one of {company.Name}'s active buyers.", "BuyerUserId");
        var existing = await db.Carts().Include(c => c.Lines).SingleOrDefaultAsync(c => c.UserId == staff.UserId, ct);
        if (existing is not null && existing.Lines.Count > 0 && (existing.CompanyId != companyId || existing.OnBehalfOfUserId != buyer.UserId))
        {
            var other = await db.Users.AsNoTracking().Where(u => u.Id == existing.OnBehalfOfUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
            throw new DomainException($"Your cart holds {existing.Lines.Count:N0} lines for {other ?? "another buyer"}: place that order or empty the cart first.");
        }

        var now = clock.GetUtcNow();
        if (existing is null || existing.CompanyId != companyId || existing.OnBehalfOfUserId != buyer.UserId)
        {
            if (existing is not null)
            {
                db.Carts().Remove(existing);
                await db.SaveChangesAsync(ct);
            }

            db.Carts().Add(Cart.OnBehalf(staff.UserId, companyId, buyer.UserId, now));
            db.AuditEntries.Add(new AuditEntry(now, staff.UserId, staff.DisplayName, companyId, "Cart", staff.UserId, "Cart.StartedOnBehalf", null,
                $"{company.Name}: for {buyer.Name} ({buyer.Email})"));
            await db.SaveChangesAsync(ct);
        }

        return await RequireAsync(staff, ct);
    }

    /// <summary>Ends the on-behalf cart: it and its lines are deleted (audited). Nothing happens without one.</summary>
    public async Task StopAsync(Actor staff, CancellationToken ct)
    {
        var cart = await db.Carts().SingleOrDefaultAsync(c => c.UserId == staff.UserId, ct);
        if (cart is null)
        {
            return;
        }

        db.Carts().Remove(cart);
        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), staff.UserId, staff.DisplayName, cart.CompanyId, "Cart", staff.UserId, "Cart.StoppedOnBehalf", cart.OnBehalfOfUserId, null));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The current on-behalf cart, if the staff member has one; checked as <see cref="RequireAsync"/> does.</summary>
    public async Task<OnBehalfSession?> CurrentAsync(Actor staff, CancellationToken ct)
    {
        var has = await db.Carts().AnyAsync(c => c.UserId == staff.UserId && c.OnBehalfOfUserId != null, ct);
        return has ? await RequireAsync(staff, ct) : null;
    }

    /// <summary>
    /// The staff member's on-behalf cart, checked now: they still serve its company (or are an administrator), the buyer
    /// is still an active buyer of it. Otherwise a <see cref="DomainException"/> that says what to do.
    /// </summary>
    public async Task<OnBehalfSession> RequireAsync(Actor staff, CancellationToken ct)
    {
        EnsureMay(staff);
        var cart = await db.Carts().AsNoTracking().Where(c => c.UserId == staff.UserId && c.OnBehalfOfUserId != null)
            .Select(c => new { c.CompanyId, c.OnBehalfOfUserId }).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("Choose a customer company and a buyer first.");
        var company = await ServedCompanyAsync(staff, cart.CompanyId, ct);
        var buyer = (await BuyersAsync(staff, cart.CompanyId, ct)).FirstOrDefault(b => b.UserId == cart.OnBehalfOfUserId)
            ?? throw new DomainException($"The buyer this cart was for is no longer an active buyer of {company.Name}: empty the cart and choose another.");
        var buyerRoles = new HashSet<string> { buyer.IsBuyerAdmin ? Roles.BuyerAdmin : Roles.Buyer };
        return new OnBehalfSession(
            staff,
            Actor.User(staff.UserId, staff.DisplayName, company.Id, staff.Roles),
            Actor.User(buyer.UserId, buyer.Name, company.Id, buyerRoles),
            company.Id,
            company.Name,
            buyer.Email);
    }

    private async Task<OnBehalfCompany> ServedCompanyAsync(Actor staff, int companyId, CancellationToken ct)
    {
        EnsureMay(staff);
        return await Served(staff).Where(c => c.Id == companyId).Select(c => new OnBehalfCompany(c.Id, c.Name, c.ErpCustomerNumber)).SingleOrDefaultAsync(ct)
            ?? throw new DomainException("You may order only for the customer companies you serve as their sales rep.", "CompanyId");
    }

    private IQueryable<Customers.CustomerCompany> Served(Actor staff) =>
        staff.IsInRole(Roles.Administrator)
            ? db.Companies.AsNoTracking()
            : db.Companies.AsNoTracking().Where(c => c.SalesRepUserId == staff.UserId);

    private static void EnsureMay(Actor staff)
    {
        if (!MayOrderOnBehalf(staff))
        {
            throw new DomainException("Only a sales rep or an administrator orders on a buyer's behalf.");
        }
    }
}
