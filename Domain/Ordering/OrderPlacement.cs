using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Ordering;

/// <summary>
/// The steps every way of placing an order shares, whatever the lines came from (a cart at checkout, an accepted quote):
/// the company may order and names a ship-to address; then a number, the order, the company's approval rules, the credit
/// check, history, audit and the outbox message — all added to the caller's unit of work, saved by the caller in one go.
/// Placed on a buyer's behalf (<c>onBehalfBy</c>: a rep or an administrator), the order is still the buyer's — their approval
/// rules and limits apply — and its history and audit name the staff member who placed it.
/// </summary>
public sealed class OrderPlacement(PortalDbContext db, ApprovalRules approvals, ICreditCheck credit)
{
    public async Task<(CustomerCompany Company, CompanyAddress Address)> CompanyAndAddressAsync(int companyId, PlaceOrderCommand command, CancellationToken ct)
    {
        var company = await db.Companies.Include(c => c.Addresses).SingleAsync(c => c.Id == companyId, ct);
        if (!company.CanOrder)
        {
            throw new DomainException($"{company.Name} cannot place orders at the moment (account {company.Status}). Please contact your sales rep.");
        }

        if (company.RequiresPoNumber && string.IsNullOrWhiteSpace(command.PurchaseOrderNumber))
        {
            throw new DomainException($"{company.Name} requires your purchase order number on every order.", "PurchaseOrderNumber");
        }

        var shipping = company.Addresses.Where(a => a.Kind == AddressKind.Shipping).ToList();
        var address = command.ShipToAddressId is { } aid
            ? shipping.Find(a => a.Id == aid) ?? throw new DomainException("Choose one of your company's shipping addresses.", "ShipToAddressId")
            : shipping.Find(a => a.IsDefault) ?? shipping.FirstOrDefault() ?? throw new DomainException("Your company has no shipping address; ask your sales rep to add one.", "ShipToAddressId");
        return (company, address);
    }

    public async Task<Order> PlaceAsync(Actor buyer, CustomerCompany company, CompanyAddress address, IReadOnlyList<NewOrderLine> lines,
        PlaceOrderCommand command, string key, string? fingerprint, DateTimeOffset now, CancellationToken ct, Actor? onBehalfBy = null)
    {
        var counter = await db.OrderNumberCounters().SingleOrDefaultAsync(c => c.Year == now.UtcDateTime.Year, ct);
        if (counter is null)
        {
            counter = new OrderNumberCounter(now.UtcDateTime.Year);
            db.OrderNumberCounters().Add(counter);
        }

        var order = Order.Create(counter.Next(), company.Id, buyer, lines,
            new OrderAddress(company.Name, address.Line1, address.Line2, address.PostalCode, address.City, address.CountryCode), address.Id,
            command.PurchaseOrderNumber, command.RequestedDeliveryDate, command.Notes, key, now, fingerprint);

        if (onBehalfBy is not null)
        {
            order.PlaceOnBehalf(onBehalfBy);
        }

        var placer = onBehalfBy ?? buyer;
        var approval = await approvals.ReasonForApprovalAsync(company.Id, buyer.UserId, order.Total, now, ct);
        if (approval is not null)
        {
            order.SubmitForApproval(placer, now, approval);
        }
        else
        {
            order.Place(placer, now);
            await OrderActions.ApplyCreditCheckAsync(credit, order, now, ct);
        }

        db.Orders().Add(order);
        OrderLedger.Record(db, order, company, now);
        return order;
    }
}
