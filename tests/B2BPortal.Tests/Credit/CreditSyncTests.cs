using B2BPortal.Domain.Credit;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Credit;

/// <summary>What CustomerSync does for credit: unusable credit figures dead-lettered by name and value; the blocked flag suspends and reinstates.</summary>
public sealed class CreditSyncTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_unknown_terms_formula_or_a_negative_limit_is_dead_lettered_and_blocked_customers_are_suspended(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        erp.GivenPage("customers", FakeErp.Page(
        [
            FakeErp.Customer("10000", "Adatum Corporation", "EUR", 5000, " ", "2025-02-14T08:05:00Z", "NET30", "NET30"),
            FakeErp.Customer("20000", "Trey Research", "EUR", -5, " ", "2025-02-14T08:05:00Z"),
            FakeErp.Customer("30000", "Alpine Ski House GmbH", "EUR", 15000, "All", "2025-02-14T08:05:00Z", "CM14", "CM+14D"),
        ]));

        var run = await sp.RunAsync(s => s.GetRequiredService<CustomerSync>().RunAsync(false, CancellationToken.None));

        Assert.Equal((1, 2), (run.Created, run.Failed));
        await sp.WithDbAsync(async db =>
        {
            var letters = await db.DeadLetters.OrderBy(d => d.RecordKey).Select(d => d.Reason).ToListAsync();
            Assert.StartsWith("Customer 10000: Unknown due-date formula \"NET30\"", letters[0], StringComparison.Ordinal);
            Assert.StartsWith("Negative creditLimit -5 for customer 20000", letters[1], StringComparison.Ordinal);
            Assert.Equal("30000", Assert.Single(await db.Companies.Select(c => c.ErpCustomerNumber).ToListAsync()));
            var account = await db.CreditAccounts().SingleAsync();
            Assert.Equal(CreditAccountState.Suspended, account.State);
            Assert.Equal("Blocked in the ERP", account.StateNote);
        });

        erp.GivenPage("customers", FakeErp.Page([FakeErp.Customer("30000", "Alpine Ski House GmbH", "EUR", 15000, " ", "2025-02-15T08:05:00Z", "CM14", "CM+14D")]));
        await sp.RunAsync(s => s.GetRequiredService<CustomerSync>().RunAsync(false, CancellationToken.None));

        await sp.WithDbAsync(async db => Assert.Equal(CreditAccountState.Active, (await db.CreditAccounts().SingleAsync()).State));
    }
}
