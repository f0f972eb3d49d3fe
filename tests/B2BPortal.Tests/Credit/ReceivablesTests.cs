using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Tests.Credit;

/// <summary>The AR ageing and a customer's invoices and statement, read from the database on SQLite and PostgreSQL.</summary>
public sealed class ReceivablesTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 25);

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Ageing_puts_each_day_past_due_in_its_bucket_at_the_edges(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        // Days past due on the as-of day → bucket: 0 current, 1 and 30 in 1–30, 31 and 60 in 31–60, 61 and 90 in 61–90, 91 over 90.
        var days = new Dictionary<int, decimal> { [-10] = 1m, [0] = 2m, [1] = 4m, [30] = 8m, [31] = 16m, [60] = 32m, [61] = 64m, [90] = 128m, [91] = 256m };
        foreach (var (pastDue, amount) in days)
        {
            await InvoiceAsync(world, world.CompanyA, $"AGE{pastDue + 100}", AsOf.AddDays(-pastDue - 30), AsOf.AddDays(-pastDue), amount);
        }

        var report = await AgeingAsync(world, new AgeingRequest(AsOf, null, null, AgeingSort.Company, false));

        var row = Assert.Single(report.Rows);
        Assert.Equal(new AgeingBuckets(1m + 2m, 4m + 8m, 16m + 32m, 64m + 128m, 256m), row.Buckets);
        Assert.Equal(9, row.Invoices);
        Assert.Equal(511m, row.Buckets.Total);
        Assert.Equal(row.Buckets, report.TotalsByCurrency["EUR"]);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Ageing_as_of_a_past_day_counts_only_invoices_issued_by_then_and_totals_each_currency_apart(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await InvoiceAsync(world, world.CompanyA, "OLD", AsOf.AddDays(-100), AsOf.AddDays(-70), 100m);
        await InvoiceAsync(world, world.CompanyA, "ON-DAY", AsOf.AddDays(-40), AsOf.AddDays(-10), 10m);
        await InvoiceAsync(world, world.CompanyA, "LATER", AsOf.AddDays(-39), AsOf.AddDays(-9), 1000m);
        await InvoiceAsync(world, world.CompanyA, "PAID", AsOf.AddDays(-100), AsOf.AddDays(-70), 0m);
        await InvoiceAsync(world, world.CompanyA, "USD", AsOf.AddDays(-100), AsOf.AddDays(-65), 7m, "USD");
        await InvoiceAsync(world, world.CompanyB, "B-1", AsOf.AddDays(-45), AsOf.AddDays(-40), 20m);

        var report = await AgeingAsync(world, new AgeingRequest(AsOf.AddDays(-40), null, null, AgeingSort.Total, true));

        Assert.Equal([(world.CompanyA, "EUR"), (world.CompanyB, "EUR"), (world.CompanyA, "USD")], report.Rows.Select(r => (r.CompanyId, r.Currency)));
        // 40 days earlier "OLD" was 30 days past due and "ON-DAY" not yet due; "LATER" was not issued; "PAID" has nothing open.
        Assert.Equal(new AgeingBuckets(10m, 100m, 0, 0, 0), report.Rows[0].Buckets);
        Assert.Equal(new AgeingBuckets(20m, 0, 0, 0, 0), report.Rows[1].Buckets);
        Assert.Equal(new AgeingBuckets(0, 7m, 0, 0, 0), report.Rows[2].Buckets);
        Assert.Equal(["EUR", "USD"], report.TotalsByCurrency.Keys);
        Assert.Equal(130m, report.TotalsByCurrency["EUR"].Total);
        Assert.Equal(7m, report.TotalsByCurrency["USD"].Total);

        var usdOnly = await AgeingAsync(world, new AgeingRequest(AsOf, null, "USD", AgeingSort.Company, false));
        Assert.Equal(["USD"], usdOnly.Rows.Select(r => r.Currency));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Ageing_for_a_sales_rep_shows_only_the_companies_he_owns(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        await using (var db = world.Database.CreateContext())
        {
            (await db.Companies.SingleAsync(c => c.Id == world.CompanyA)).AssignSalesRep("rep-a");
            (await db.Companies.SingleAsync(c => c.Id == world.CompanyB)).AssignSalesRep("rep-b");
            await db.SaveChangesAsync();
        }

        await InvoiceAsync(world, world.CompanyA, "A-1", AsOf.AddDays(-5), AsOf.AddDays(5), 10m);
        await InvoiceAsync(world, world.CompanyB, "B-1", AsOf.AddDays(-5), AsOf.AddDays(5), 20m);

        var report = await AgeingAsync(world, new AgeingRequest(AsOf, "rep-b", null, AgeingSort.Company, false));

        Assert.Equal([world.CompanyB], report.Rows.Select(r => r.CompanyId));
        Assert.Equal(20m, report.TotalsByCurrency["EUR"].Total);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_statement_opens_with_what_was_owed_lists_the_period_and_closes_per_currency(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        var from = new DateOnly(2026, 10, 1);
        var to = new DateOnly(2026, 10, 31);
        await InvoiceAsync(world, world.CompanyA, "BEFORE", from.AddDays(-20), from.AddDays(10), 0m, total: 500m);
        await PaymentAsync(world, world.CompanyA, "PAY-BEFORE", from.AddDays(-1), 200m, "BEFORE");
        await InvoiceAsync(world, world.CompanyA, "IN-1", from.AddDays(4), from.AddDays(34), 300m);
        await PaymentAsync(world, world.CompanyA, "PAY-IN", from.AddDays(4), 300m, "BEFORE");
        await InvoiceAsync(world, world.CompanyA, "IN-USD", from.AddDays(9), from.AddDays(39), 40m, "USD");
        await InvoiceAsync(world, world.CompanyA, "AFTER", to.AddDays(1), to.AddDays(31), 999m);
        await InvoiceAsync(world, world.CompanyB, "OTHER", from.AddDays(4), from.AddDays(34), 777m);

        var statement = await world.WithAsync(sp => Db(sp).StatementAsync(world.CompanyA, new StatementPeriod(from, to), CancellationToken.None));

        var eur = statement.Accounts.Single(a => a.Currency == "EUR");
        Assert.Equal(300m, eur.Opening);
        Assert.Equal([("IN-1", 300m, 0m, 600m), ("PAY-IN (for BEFORE)", 0m, 300m, 300m)], eur.Entries.Select(e => (e.Reference, e.Debit, e.Credit, e.Balance)));
        Assert.Equal(300m, eur.Closing);
        var usd = statement.Accounts.Single(a => a.Currency == "USD");
        Assert.Equal((0m, 40m, 40m), (usd.Opening, usd.Invoiced, usd.Closing));
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_company_lists_its_own_invoices_by_status_with_days_overdue(DatabaseProvider provider)
    {
        await using var world = await OrderingWorld.CreateAsync(provider);
        var today = AsOf;
        await InvoiceAsync(world, world.CompanyA, "DUE-LATER", today.AddDays(-5), today.AddDays(25), 10m);
        await InvoiceAsync(world, world.CompanyA, "LATE", today.AddDays(-40), today.AddDays(-10), 10m);
        await InvoiceAsync(world, world.CompanyA, "SETTLED", today.AddDays(-40), today.AddDays(-10), 0m);
        await InvoiceAsync(world, world.CompanyB, "FOREIGN", today.AddDays(-40), today.AddDays(-10), 10m);

        async Task<IReadOnlyList<(string, int?)>> ListAsync(InvoiceFilter filter) =>
            (await world.WithAsync(sp => Db(sp).InvoicesAsync(world.CompanyA, filter, today, 1, 25, CancellationToken.None))).Items.Select(i => (i.Number, i.DaysOverdue)).ToList();

        Assert.Equal([("LATE", (int?)10)], await ListAsync(InvoiceFilter.Overdue));
        Assert.Equal([("DUE-LATER", (int?)null), ("LATE", 10)], await ListAsync(InvoiceFilter.Open));
        Assert.Equal([("SETTLED", (int?)null)], await ListAsync(InvoiceFilter.Paid));
        Assert.Equal(3, (await ListAsync(InvoiceFilter.All)).Count);
        Assert.Null(await world.WithAsync(sp => Db(sp).InvoiceAsync(world.CompanyA, "FOREIGN", today, CancellationToken.None)));
    }

    [Theory]
    [InlineData("2026-02-01", "2026-01-31", "from", "after it ends")]
    [InlineData("2025-01-01", "2026-01-31", "to", "at most 366 days")]
    [InlineData("31.01.2026", "2026-02-28", "from", "is not a day")]
    [InlineData("2026-01-01", "", "to", "is required")]
    public void A_statement_period_that_cannot_be_read_names_the_parameter_and_what_is_wrong(string from, string to, string field, string message)
    {
        var errors = new Dictionary<string, string>();

        Assert.Null(StatementPeriod.TryParse(from, to, errors));
        Assert.Contains(message, errors[field], StringComparison.Ordinal);
    }

    internal static async Task InvoiceAsync(OrderingWorld world, int companyId, string number, DateOnly invoiceDate, DateOnly dueDate, decimal remaining, string currency = "EUR", decimal? total = null)
    {
        await using var db = world.Database.CreateContext();
        db.Invoices.Add(NewInvoice(companyId, number, invoiceDate, dueDate, remaining, currency, total, world.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }

    /// <summary>An invoice as InvoiceSync writes it: open while something remains, else paid.</summary>
    internal static Invoice NewInvoice(int companyId, string number, DateOnly invoiceDate, DateOnly dueDate, decimal remaining, string currency, decimal? total, DateTimeOffset at, string? orderNumber = null)
    {
        var invoice = new Invoice("erp-" + number, number, companyId);
        var amount = Money.Of(total ?? remaining, currency);
        invoice.ApplyErp(companyId, orderNumber, invoiceDate, dueDate, amount, amount, Money.Of(remaining, currency), remaining > 0 ? InvoiceStatus.Open : InvoiceStatus.Paid, at);
        return invoice;
    }

    private static async Task PaymentAsync(OrderingWorld world, int companyId, string document, DateOnly postingDate, decimal amount, string? appliesTo)
    {
        await using var db = world.Database.CreateContext();
        var payment = new CustomerPayment("erp-" + document, companyId);
        payment.ApplyErp(companyId, postingDate, document, Money.Of(amount, "EUR"), appliesTo, null, world.Clock.GetUtcNow());
        db.CustomerPayments.Add(payment);
        await db.SaveChangesAsync();
    }

    private static Task<AgeingReport> AgeingAsync(OrderingWorld world, AgeingRequest request) =>
        world.WithAsync(sp => Db(sp).AgeingAsync(request, CancellationToken.None));

    private static PortalDbContext Db(IServiceProvider sp) => (PortalDbContext)sp.GetService(typeof(PortalDbContext))!;
}
