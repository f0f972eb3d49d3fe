using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure.DemoData;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// AR ageing through the real Portal (Program.cs, middleware, Razor, an accountant's cookie) over 500 companies and
// 200,000 invoices: the page (all companies; sorted by total) must render in under 1 s, the XLSX and CSV exports in
// under 3 s. Each request is repeated and the median reported; the first requests warm up. Usage:
//   dotnet run -c Release --project bench/B2BPortal.Bench.Credit -- ageing [sqlite|postgres|both] [companies] [invoices] [repeats]
// PostgreSQL: B2BPORTAL_BENCH_POSTGRES="Host=…;Username=…;Database=postgres" (a database is created and dropped).
internal static class AgeingBench
{
    public static async Task RunAsync(string[] args)
    {
        var which = args.ElementAtOrDefault(0) ?? "both";
        var companies = int.Parse(args.ElementAtOrDefault(1) ?? "500", CultureInfo.InvariantCulture);
        var invoices = int.Parse(args.ElementAtOrDefault(2) ?? "200000", CultureInfo.InvariantCulture);
        var repeats = int.Parse(args.ElementAtOrDefault(3) ?? "7", CultureInfo.InvariantCulture);
        const string Accountant = "bench-accountant@b2bportal.example";

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"Companies {companies:N0}, invoices {invoices:N0}, repeats {repeats}");

        var providers = which switch
        {
            "sqlite" => new[] { "Sqlite" },
            "postgres" => ["PostgreSQL"],
            _ => ["Sqlite", "PostgreSQL"],
        };

        var results = new List<string>();
        foreach (var provider in providers)
        {
            var (connectionString, drop) = await BenchDatabase.CreateAsync(provider);
            try
            {
                await using var portal = new BenchPortal(provider, connectionString);
                var seeding = Stopwatch.StartNew();
                await SeedAsync(portal.Services, companies, invoices);
                Console.WriteLine($"  {provider}: seeded in {seeding.Elapsed.TotalSeconds:0} s");
                var client = await SignInAsync(portal);
                var queryTimes = new List<double>();
                for (var r = -2; r < repeats; r++)
                {
                    await using var scope = portal.Services.CreateAsyncScope();
                    var watch = Stopwatch.StartNew();
                    var report = await scope.ServiceProvider.GetRequiredService<PortalDbContext>()
                        .AgeingAsync(new AgeingRequest(DateOnly.FromDateTime(DateTime.UtcNow), null, null, AgeingSort.Company, false), CancellationToken.None);
                    watch.Stop();
                    if (r >= 0)
                    {
                        queryTimes.Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                results.Add(Row("of which the ageing query (GROUP BY company, currency)", provider, queryTimes));

                var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                foreach (var (label, url, expect) in new[]
                {
                    ("AR ageing page, all companies", $"/Credit/Ageing?asOf={today}", "data-testid=\"ageing\""),
                    ("AR ageing page, sorted by total, descending", $"/Credit/Ageing?asOf={today}&sort=Total&desc=true", "data-testid=\"ageing\""),
                    ("AR ageing export, XLSX", $"/Credit/Ageing?handler=Export&format=xlsx&asOf={today}", null),
                    ("AR ageing export, CSV", $"/Credit/Ageing?handler=Export&format=csv&asOf={today}", null),
                })
                {
                    var times = new List<double>();
                    for (var r = -2; r < repeats; r++)
                    {
                        var watch = Stopwatch.StartNew();
                        using var response = await client.GetAsync(url);
                        var body = await response.Content.ReadAsByteArrayAsync();
                        watch.Stop();
                        if (response.StatusCode != HttpStatusCode.OK || (expect is not null && !System.Text.Encoding.UTF8.GetString(body).Contains(expect, StringComparison.Ordinal)))
                        {
                            throw new InvalidOperationException($"{url}: {(int)response.StatusCode}, {body.Length} bytes");
                        }

                        if (r >= 0)
                        {
                            times.Add(watch.Elapsed.TotalMilliseconds);
                        }
                    }

                    results.Add(Row(label, provider, times));
                    Console.WriteLine("  " + results[^1]);
                }
            }
            finally
            {
                await drop();
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{companies:N0} companies, {invoices:N0} invoices");
        Console.WriteLine("| Request | Database | Median | Runs (ms) |");
        Console.WriteLine("|---|---|---|---|");
        results.ForEach(Console.WriteLine);

        static string Row(string label, string provider, List<double> times) =>
            $"| {label} | {provider} | {Median(times):0} ms | {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} |";

        static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }

        // 500 companies in 10 reps' hands; per company invoices spread over the last 200 days, due 30 days after, four in five
        // still open (some part-paid), one company in ten also invoiced in USD. Written in batches with fresh contexts.
        static async Task SeedAsync(IServiceProvider services, int companyCount, int invoiceCount)
        {
            var ids = new List<int>();
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
                await DemoDataSeeder.CreateUserAsync(users, Accountant, "Bench Accountant", Roles.Accountant, null, DateTimeOffset.UtcNow);
                var reps = new List<string>();
                for (var r = 0; r < 10; r++)
                {
                    reps.Add((await DemoDataSeeder.CreateUserAsync(users, $"bench-rep{r}@b2bportal.example", $"Rep {r:D2}", Roles.SalesRep, null, DateTimeOffset.UtcNow)).Id);
                }

                var list = new List<CustomerCompany>();
                for (var c = 0; c < companyCount; c++)
                {
                    var company = new CustomerCompany($"B{c:D5}", $"Bench Customer {c:D3} GmbH", "EUR");
                    company.AssignSalesRep(reps[c % reps.Count]);
                    list.Add(company);
                }

                db.Companies.AddRange(list);
                await db.SaveChangesAsync();
                ids = list.ConvertAll(c => c.Id);
            }

            // A base of up to 20,000 invoices through EF (each as InvoiceSync writes it), then copies of the base made by
            // INSERT … SELECT under new ERP ids and numbers: 200,000 tracked inserts would take minutes on this machine.
            var random = new Random(17);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var baseCount = Math.Min(invoiceCount, 20_000);
            const int Batch = 5_000;
            for (var start = 0; start < baseCount; start += Batch)
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                for (var i = start; i < Math.Min(baseCount, start + Batch); i++)
                {
                    var companyId = ids[i % ids.Count];
                    var currency = i % ids.Count % 10 == 0 && i % 3 == 0 ? "USD" : "EUR";
                    var invoiceDate = today.AddDays(-random.Next(0, 200));
                    var total = Money.Of(random.Next(100, 500_000) / 100m, currency);
                    var remaining = random.Next(5) switch
                    {
                        0 => Money.Zero(currency),
                        1 => Money.Of(decimal.Round(total.Amount / 2, 2), currency),
                        _ => total,
                    };
                    var invoice = new Invoice($"bench-{i}", $"INV{i:D7}", companyId);
                    invoice.ApplyErp(companyId, null, invoiceDate, invoiceDate.AddDays(30), total, total, remaining,
                        remaining.Amount > 0 ? InvoiceStatus.Open : InvoiceStatus.Paid, DateTimeOffset.UtcNow);
                    db.Invoices.Add(invoice);
                }

                await db.SaveChangesAsync();
            }

            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                await db.Database.OpenConnectionAsync();
                var columns = new List<string>();
                await using (var probe = db.Database.GetDbConnection().CreateCommand())
                {
                    probe.CommandText = "SELECT * FROM \"Invoices\" WHERE 1 = 0";
                    await using var reader = await probe.ExecuteReaderAsync();
                    columns.AddRange(Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).Where(c => c != "Id"));
                }

                for (var copy = 1; copy * baseCount < invoiceCount; copy++)
                {
                    var take = Math.Min(baseCount, invoiceCount - (copy * baseCount));
                    var select = columns.Select(c => c switch
                    {
                        "ErpId" or "Number" => $"\"{c}\" || '-{copy}'",
                        _ => $"\"{c}\"",
                    });
                    var sql = $"INSERT INTO \"Invoices\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) SELECT {string.Join(", ", select)} FROM \"Invoices\" WHERE \"ErpId\" LIKE 'bench-%' AND \"ErpId\" NOT LIKE '%-%-%' ORDER BY \"Id\" LIMIT {take}";
                    await db.Database.ExecuteSqlRawAsync(sql);
                }

                var count = await db.Invoices.CountAsync();
                if (count != invoiceCount)
                {
                    throw new InvalidOperationException($"Seeded {count} invoices, not {invoiceCount}.");
                }
            }
        }

        static async Task<HttpClient> SignInAsync(BenchPortal portal)
        {
            var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
            var form = await client.GetStringAsync("/Account/Login");
            var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = Accountant,
                ["Input.Password"] = DemoDataSeeder.DemoPassword,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }));
            return response.StatusCode == HttpStatusCode.Redirect ? client : throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
        }
    }
}

/// <summary>The Portal as production runs it, minus the jobs and demo data, over the benchmark's database; migrated on start.</summary>
internal sealed class BenchPortal(string provider, string connectionString) : WebApplicationFactory<Program>
{
    /// <summary>The Portal's folder (its wwwroot and pages), found upwards from the benchmark's output folder.</summary>
    private static string PortalFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Portal", "B2BPortal.Portal.csproj")))
            {
                return Path.Combine(dir.FullName, "Portal");
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository: the Portal folder was not found above " + AppContext.BaseDirectory);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(PortalFolder());
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connectionString,
            ["Database:MigrateOnStart"] = "true",
            ["DemoData:LoadOnEmptyDatabase"] = "false",
            ["Jobs:RunInPortal"] = "false",
            ["Mail:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "b2bportal-bench-mail"),
            ["Logging:LogLevel:Default"] = "Warning",
        })
        {
            builder.UseSetting(key, value);
        }

        // The benchmark's users sign in once; their hashes need not cost a tenth of a second each to make.
        builder.ConfigureServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
    }
}
