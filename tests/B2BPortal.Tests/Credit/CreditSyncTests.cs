using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Credit;

/// <summary>
/// What CustomerSync does for credit: unusable credit figures dead-lettered by name and value; a limit that is not a
/// number fails the page with nothing saved; the blocked flag suspends and reinstates.
/// </summary>
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

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_credit_limit_that_is_not_a_number_fails_the_run_naming_the_field_and_saves_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        var good = FakeErp.Customer("30000", "Alpine Ski House GmbH", "EUR", 15000, " ", "2025-02-14T08:05:00Z", "CM14", "CM+14D");
        var notANumber = FakeErp.Customer("40000", "Trey Research", "EUR", 777, " ", "2025-02-14T08:06:00Z")
            .Replace("\"creditLimit\":777", "\"creditLimit\":\"lots\"", StringComparison.Ordinal);
        Assert.Contains("\"creditLimit\":\"lots\"", notANumber, StringComparison.Ordinal);
        erp.GivenPage("customers", FakeErp.Page([good, notANumber]));

        var run = await sp.RunAsync(s => s.GetRequiredService<CustomerSync>().RunAsync(false, CancellationToken.None));

        // The page cannot be read, so no customer of it is taken and the watermark stays for the next try.
        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("malformed JSON", run.Error, StringComparison.Ordinal);
        Assert.Contains("creditLimit", run.Error, StringComparison.Ordinal);
        await sp.WithDbAsync(async db =>
        {
            Assert.Empty(await db.Companies.ToListAsync());
            Assert.Empty(await db.CreditTerms.ToListAsync());
            Assert.Null(await db.SyncJobStates.Select(s => s.Watermark).SingleOrDefaultAsync());
        });

        // Once the ERP sends a number, the same page goes through.
        erp.GivenPage("customers", FakeErp.Page([good, FakeErp.Customer("40000", "Trey Research", "EUR", 777, " ", "2025-02-14T08:06:00Z")]));
        var fixedRun = await sp.RunAsync(s => s.GetRequiredService<CustomerSync>().RunAsync(false, CancellationToken.None));
        Assert.Equal(2, fixedRun.Created);
    }
}
