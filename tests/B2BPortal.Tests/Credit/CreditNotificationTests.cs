using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Identity;
using B2BPortal.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using static B2BPortal.Tests.Credit.CreditPortalData;

namespace B2BPortal.Tests.Credit;

/// <summary>Credit mails through the real Portal's mailer (.eml pickup folder): each crossing, hold and invoice told once.</summary>
public abstract class CreditNotificationTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    private const string Accountant = "accountant@b2bportal.example";

    [Fact]
    public async Task Credit_use_crossing_80_and_100_percent_is_told_once_each_and_a_held_order_to_buyer_admins_and_accountants()
    {
        var company = await CompanyAsync(portal, 1_000_000m);
        var cart = (await CartAsync(portal, company, 1m)).Amount;
        await LimitAsync(portal, company.Id, 10 * cart);
        await InvoiceAsync(portal, company.Id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20), 6.5m * cart); // the cart above is placed with the first order: 65 % + 2 carts = 85 %

        var at85 = await PlaceAsync(portal, company, 1m);
        var at95 = await PlaceAsync(portal, company, 1m);
        var at105 = await PlaceAsync(portal, company, 1m);

        Assert.Equal((OrderState.Placed, OrderState.Placed, OrderState.CreditHold), (at85.State, at95.State, at105.State));
        MailPickup.OnlyOne(portal, company.AdminEmail, $"{company.Name} has used 80 % of its credit limit");
        MailPickup.OnlyOne(portal, company.AdminEmail, $"{company.Name} has used 100 % of its credit limit");
        MailPickup.OnlyOne(portal, Accountant, $"{company.Name} has used 100 % of its credit limit");
        Assert.DoesNotContain(MailPickup.To(portal, Accountant), m => m.Subject == $"{company.Name} has used 80 % of its credit limit");
        var held = $"Order {at105.OrderNumber} of {company.Name} is on credit hold";
        foreach (var to in new[] { company.BuyerEmail, company.AdminEmail, Accountant })
        {
            Assert.Contains("Over the credit limit", MailPickup.OnlyOne(portal, to, held).TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_order_put_on_credit_hold_when_its_buyer_admin_approves_it_is_told_to_the_buyer_and_the_accountants()
    {
        var company = await CompanyAsync(portal, 1_000_000m);
        var cart = (await CartAsync(portal, company, 1m)).Amount;
        await LimitAsync(portal, company.Id, 10 * cart);
        Actor admin;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(company.AdminEmail);
            admin = new Actor(user!.Id, user.DisplayName, company.Id, new HashSet<string> { Roles.BuyerAdmin });
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.SpendingLimits().Add(new SpendingLimit(company.Id, company.Buyer.UserId, SpendingLimitKind.OrderLimit, Money.Of(cart / 2, "EUR"), admin, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var pending = await PlaceAsync(portal, company, 1m);
        Assert.Equal(OrderState.PendingApproval, pending.State);

        // While it waits for approval, an invoice arrives that leaves no room for it.
        await InvoiceAsync(portal, company.Id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20), 9.5m * cart);
        Order approved;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            approved = await scope.ServiceProvider.GetRequiredService<OrderActions>().ExecuteAsync(admin, pending.OrderNumber, OrderTrigger.Approve, "ok", CancellationToken.None);
        }

        Assert.Equal(OrderState.CreditHold, approved.State);
        var held = $"Order {pending.OrderNumber} of {company.Name} is on credit hold";
        foreach (var to in new[] { company.BuyerEmail, Accountant })
        {
            Assert.Contains("Over the credit limit", MailPickup.OnlyOne(portal, to, held).TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_invoice_due_within_the_reminder_days_and_an_overdue_one_are_each_told_once_however_often_the_job_runs()
    {
        var company = await CompanyAsync(portal, 100_000m);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var dueSoon = await InvoiceAsync(portal, company.Id, today.AddDays(3), 120m);
        var later = await InvoiceAsync(portal, company.Id, today.AddDays(8), 80m);
        var overdue = await InvoiceAsync(portal, company.Id, today.AddDays(-10), 300m);

        for (var run = 0; run < 2; run++)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CreditNotifications>().DailyAsync(CancellationToken.None);
        }

        Assert.Contains("EUR 120.00 falls due on", MailPickup.OnlyOne(portal, company.AdminEmail, $"Invoice {dueSoon} is due on {today.AddDays(3):yyyy-MM-dd}").TextBody, StringComparison.Ordinal);
        Assert.Contains("EUR 300.00 was due on", MailPickup.OnlyOne(portal, company.AdminEmail, $"Invoice {overdue} is overdue").TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(MailPickup.To(portal, company.AdminEmail), m => m.Subject?.Contains(later, StringComparison.Ordinal) == true);
    }
}

[Collection(SharedSqlitePortal.Name)]
public sealed class CreditNotificationTestsOnSqlite(SqlitePortal portal) : CreditNotificationTests<SqlitePortal>(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class CreditNotificationTestsOnPostgres(PostgresPortal portal) : CreditNotificationTests<PostgresPortal>(portal);
