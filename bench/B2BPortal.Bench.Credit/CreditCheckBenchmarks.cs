using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Credit;
using B2BPortal.Integration.Persistence;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Bench.Credit;

/// <summary>
/// Issue 17's target: the credit check adds under 5 ms to placing an order in a company with 10,000 open invoices. Measures
/// what placement adds: <see cref="CreditControl.CheckAsync"/> (exposure: open invoices, orders not yet invoiced, held,
/// awaiting approval; overdue invoices past grace) plus the save of the credit account's version bump (ADR 12). The
/// database is migrated and seeded here: 500 companies, the measured one with 10,000 open invoices (some overdue), the
/// others with 100 each, so the covering index (CompanyId, Status, RemainingCurrency, …; migration CreditSpeed) has to pick
/// the company's rows out of 60,000. Two benchmarks: with the version save in its own transaction, and the reads alone.
/// </summary>
[MedianColumn]
public class CreditCheckBenchmarks
{
    private ServiceProvider _services = null!;
    private int _companyId;

    [GlobalSetup]
    public void Setup()
    {
        var postgres = Environment.GetEnvironmentVariable("B2BPORTAL_BENCH_PROVIDER") == "PostgreSQL";
        var file = Path.Combine(Path.GetTempPath(), "b2bportal-bench-credit.db");
        if (!postgres && File.Exists(file))
        {
            // The previous benchmark's pooled connections still hold the old file open: a new one must not reuse them.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = postgres ? "PostgreSQL" : "Sqlite",
            ["Database:ConnectionString"] = postgres ? Environment.GetEnvironmentVariable("B2BPORTAL_BENCH_PG") : $"Data Source={file}",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddPortalDatabase(configuration, Path.GetTempPath());
        services.AddPortalCredit(configuration);
        services.AddScoped<CreditControl>();
        _services = services.BuildServiceProvider();
        SeedAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "Credit check + version save, 10,000 open invoices")]
    public async Task<CreditDecision> CheckAndSave()
    {
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CreditControl>()
            .CheckAsync(new CreditCheckRequest(_companyId, Money.Of(100m, "EUR"), "BENCH-1"), CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        return result.Decision;
    }

    /// <summary>The reads alone: placement saves the version bump in its own transaction anyway, so this is what the check adds.</summary>
    [Benchmark(Description = "Credit check reads only, 10,000 open invoices")]
    public async Task<CreditDecision> CheckOnly()
    {
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CreditControl>()
            .CheckAsync(new CreditCheckRequest(_companyId, Money.Of(100m, "EUR"), "BENCH-1"), CancellationToken.None);
        return result.Decision;
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    private async Task SeedAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        if (await db.Companies.AnyAsync(c => c.ErpCustomerNumber == "B00000"))
        {
            _companyId = await db.Companies.Where(c => c.ErpCustomerNumber == "B00000").Select(c => c.Id).SingleAsync();
            return;
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var now = DateTimeOffset.UtcNow;
        for (var c = 0; c < 500; c++)
        {
            var company = new CustomerCompany($"B{c:D5}", $"Bench {c}", "EUR");
            db.Companies.Add(company);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            if (c == 0)
            {
                _companyId = company.Id;
                var terms = new CreditTerms(company.Id);
                terms.ApplyErp(Money.Of(100_000_000m, "EUR"), Money.Zero("EUR"), "30 DAYS", "30D", now);
                db.CreditTerms.Add(terms);
            }

            var count = c == 0 ? 10_000 : 100;
            for (var i = 0; i < count; i++)
            {
                var invoice = new Invoice($"bench-{c}-{i}", $"BI-{c}-{i}", company.Id);
                var amount = Money.Of(100m + (i % 50), "EUR");
                var due = today.AddDays((i % 120) - 30);
                invoice.ApplyErp(company.Id, null, due.AddDays(-30), due, amount, amount, amount, i % 10 == 0 ? InvoiceStatus.Paid : InvoiceStatus.Open, now);
                db.Invoices.Add(invoice);
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().RefreshStatisticsAsync(CancellationToken.None);
    }
}
