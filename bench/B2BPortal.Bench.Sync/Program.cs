using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

// StockSync: 100,000 item changes from a WireMock Business Central (1,000 per page, @odata.nextLink), into SQLite and
// PostgreSQL: a first run that creates every stock row and a full resync that changes every one. OrderExport: 1,000
// queued orders, each a look-up by externalDocumentNumber and a POST. Stock delta by item ledger: 5,000 new ledger
// entries (1,000 per page) touching 2,000 items whose records did not change, each page's items read again by number
// in URL-sized batches. Each measured run is repeated (fresh figures, newer timestamps) and the median reported. Usage:
//   dotnet run -c Release --project bench/B2BPortal.Bench.Sync -- [sqlite|postgres|both] [items] [orders] [repeats]
// PostgreSQL: B2BPORTAL_BENCH_POSTGRES="Host=…;Username=…;Database=postgres" (a database is created and dropped).
var which = args.ElementAtOrDefault(0) ?? "both";
var items = int.Parse(args.ElementAtOrDefault(1) ?? "100000", CultureInfo.InvariantCulture);
var orders = int.Parse(args.ElementAtOrDefault(2) ?? "1000", CultureInfo.InvariantCulture);
var repeats = int.Parse(args.ElementAtOrDefault(3) ?? "3", CultureInfo.InvariantCulture);
const int PageSize = 1000;
const int LedgerEntries = 5000;
const int LedgerItems = 2000;
const string Company = "a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1";
const string Root = "/v2.0/production/api/v2.0";

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"Items {items:N0} ({PageSize} per page), orders {orders:N0}, repeats {repeats}");

using var erp = WireMockServer.Start();
erp.Given(Request.Create().WithPath("/token").UsingPost()).RespondWith(Response.Create().WithStatusCode(200)
    .WithHeader("Content-Type", "application/json").WithBody("""{"token_type":"Bearer","expires_in":3599,"access_token":"bench"}"""));

var providers = which switch
{
    "sqlite" => new[] { DatabaseProvider.Sqlite },
    "postgres" => [DatabaseProvider.PostgreSQL],
    _ => [DatabaseProvider.Sqlite, DatabaseProvider.PostgreSQL],
};

var results = new List<string>();
foreach (var provider in providers)
{
    var (connectionString, drop) = await BenchDatabase.CreateAsync(provider.ToString());
    try
    {
        await using var sp = Services(provider, connectionString, erp.Url!);
        await using (var scope = sp.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Database.MigrateAsync();
            await SeedProductsAsync(db, items);
        }

        var createTimes = new List<double>();
        var updateTimes = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            // A fresh stock table, so every repeat of "first run" creates 100,000 rows.
            await using (var scope = sp.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
                await db.StockLevels.ExecuteDeleteAsync();
                await db.SyncJobStates.ExecuteDeleteAsync();
            }

            GivenItems(erp, items, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(r * 2), qtyBase: r);
            createTimes.Add(await TimeStockAsync(sp, items, expectCreated: true));
            GivenItems(erp, items, new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero).AddDays(r * 2), qtyBase: r + 1000);
            updateTimes.Add(await TimeStockAsync(sp, items, expectCreated: false));
        }

        results.Add($"| StockSync, {items:N0} new stock rows | {provider} | {Median(createTimes):0.0} s | {string.Join(", ", createTimes.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))} |");
        results.Add($"| StockSync full resync, {items:N0} changed rows | {provider} | {Median(updateTimes):0.0} s | {string.Join(", ", updateTimes.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))} |");

        GivenOrders(erp);
        var exportTimes = new List<double>();
        for (var r = 0; r < repeats; r++)
        {
            exportTimes.Add(await TimeExportAsync(sp, orders, r));
        }

        results.Add($"| OrderExport, {orders:N0} queued orders | {provider} | {Median(exportTimes):0.0} s | {string.Join(", ", exportTimes.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)))} |");

        var ledgerTimes = new List<double>();
        var movedItems = Math.Min(LedgerItems, items);
        for (var r = 0; r < repeats; r++)
        {
            ledgerTimes.Add(await TimeLedgerDeltaAsync(sp, erp, 1_000_000L + (r * 10_000L), movedItems, r));
        }

        results.Add($"| StockSync delta, {LedgerEntries:N0} ledger entries touching {movedItems:N0} items | {provider} | {Median(ledgerTimes):0.00} s | {string.Join(", ", ledgerTimes.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))} |");
    }
    finally
    {
        await drop();
    }
}

Console.WriteLine();
Console.WriteLine("| Scenario | Database | Median | Runs |");
Console.WriteLine("|---|---|---|---|");
results.ForEach(Console.WriteLine);

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

async Task<double> TimeStockAsync(ServiceProvider sp, int expected, bool expectCreated)
{
    await using var scope = sp.CreateAsyncScope();
    var sync = scope.ServiceProvider.GetRequiredService<StockSync>();
    var watch = Stopwatch.StartNew();
    var run = await sync.RunAsync(full: true, CancellationToken.None);
    watch.Stop();
    var applied = expectCreated ? run.Created : run.Updated;
    if (run.Status != SyncRunStatus.Succeeded || run.Read != expected || applied != expected)
    {
        throw new InvalidOperationException($"StockSync did not apply everything: {run.Status} read {run.Read} created {run.Created} updated {run.Updated} failed {run.Failed} {run.Error}");
    }

    Console.WriteLine($"  StockSync {(expectCreated ? "create" : "update")}: {watch.Elapsed.TotalSeconds:0.0} s");
    return watch.Elapsed.TotalSeconds;
}

async Task<double> TimeLedgerDeltaAsync(ServiceProvider sp, WireMockServer server, long start, int movedItems, int round)
{
    await using (var scope = sp.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.SyncJobStates.Where(s => s.JobName == StockSync.Name).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastEntryNumber, start));
    }

    GivenLedger(server, start, movedItems, qtyBase: 2000 + round);
    await using var run = sp.CreateAsyncScope();
    var sync = run.ServiceProvider.GetRequiredService<StockSync>();
    var watch = Stopwatch.StartNew();
    var result = await sync.RunAsync(full: false, CancellationToken.None);
    watch.Stop();
    var expectedReads = LedgerEntries / PageSize * Math.Min(PageSize, movedItems);
    if (result.Status != SyncRunStatus.Succeeded || result.Read != expectedReads || result.Updated != movedItems)
    {
        throw new InvalidOperationException($"StockSync ledger delta did not apply everything: {result.Status} read {result.Read} updated {result.Updated} failed {result.Failed} {result.Error}");
    }

    Console.WriteLine($"  StockSync ledger delta: {watch.Elapsed.TotalSeconds:0.00} s");
    return watch.Elapsed.TotalSeconds;
}

async Task<double> TimeExportAsync(ServiceProvider sp, int count, int round)
{
    await using (var scope = sp.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < count; i++)
        {
            var number = $"SO-{round}-{i:D5}";
            var order = new OrderPlacedMessage(number, 1, "10000", "EUR", null, null,
                new OrderPlacedAddress("Acme", "Main Street 1", null, "10115", "Berlin", "DE"),
                [new OrderPlacedLine(1, "SKU-000001", "SKU-000001", "PCS", 5, 10m), new OrderPlacedLine(2, "SKU-000002", "SKU-000002", "PCS", 1, 99.5m)], now);
            db.OutboxMessages.Add(new OutboxMessage(OrderPlacedMessage.Type, OrderPlacedMessage.IdempotencyKey(number), JsonSerializer.Serialize(order, JsonSerializerOptions.Web), now));
        }

        await db.SaveChangesAsync();
    }

    await using var run = sp.CreateAsyncScope();
    var exporter = run.ServiceProvider.GetRequiredService<OrderExporter>();
    var watch = Stopwatch.StartNew();
    var result = await exporter.RunAsync(200, 10, CancellationToken.None);
    watch.Stop();
    if (result.Status != SyncRunStatus.Succeeded || result.Created != count)
    {
        throw new InvalidOperationException($"OrderExport did not send everything: {result.Status} created {result.Created} failed {result.Failed} {result.Error}");
    }

    Console.WriteLine($"  OrderExport: {watch.Elapsed.TotalSeconds:0.0} s");
    return watch.Elapsed.TotalSeconds;
}

static void GivenItems(WireMockServer erp, int count, DateTimeOffset modified, int qtyBase)
{
    var path = $"{Root}/companies({Company})/items";
    GivenToken(erp);
    var pages = (count + PageSize - 1) / PageSize;
    for (var p = 0; p < pages; p++)
    {
        var sb = new StringBuilder($$"""{"@odata.context":"https://api.businesscentral.dynamics.com/v2.0/production/api/v2.0/$metadata#companies({{Company}})/items","value":[""");
        for (var i = p * PageSize; i < Math.Min(count, (p + 1) * PageSize); i++)
        {
            if (i > p * PageSize)
            {
                sb.Append(',');
            }

            var at = modified.AddMilliseconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $$"""{"@odata.etag":"W/\"JzQ0O00x\"","id":"{{Guid.NewGuid()}}","number":"SKU-{{i + 1:D6}}","displayName":"Bench item {{i + 1}}","type":"Inventory","blocked":false,"inventory":{{(i % 500) + qtyBase}},"unitPrice":{{10 + (i % 90)}}.5,"baseUnitOfMeasureCode":"PCS","lastModifiedDateTime":"{{at}}"}""");
        }

        sb.Append(']');
        if (p < pages - 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $$""","@odata.nextLink":"{{erp.Url}}{{path}}?$skiptoken=p{{p + 1}}" """);
        }

        sb.Append('}');
        var request = Request.Create().WithPath(path).UsingGet();
        if (p > 0)
        {
            request = request.WithParam("$skiptoken", $"p{p}");
        }

        erp.Given(request).AtPriority(p == 0 ? 10 : 1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(sb.ToString()));
    }
}

// 5,000 entries after `start`, entry i moving item (i mod movedItems): each page of 1,000 names 1,000 different items.
// The item records are unchanged (the item delta finds none); a read by number answers the items its URL names.
static void GivenLedger(WireMockServer erp, long start, int movedItems, int qtyBase)
{
    var root = $"{Root}/companies({Company})";
    GivenToken(erp);
    erp.Given(Request.Create().WithPath($"{root}/items").UsingGet()).AtPriority(10)
        .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"value":[]}"""));
    erp.Given(Request.Create().WithPath($"{root}/items").WithUrl(new WireMock.Matchers.WildcardMatcher("*number eq*")).UsingGet()).AtPriority(1)
        .RespondWith(Response.Create().WithCallback(request =>
        {
            var sb = new StringBuilder("""{"value":[""");
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(request.Url, "%27(SKU-[0-9]{6})%27"))
            {
                var n = int.Parse(m.Groups[1].Value[4..], CultureInfo.InvariantCulture);
                sb.Append(sb[^1] == '[' ? "" : ",").Append(CultureInfo.InvariantCulture,
                    $$"""{"number":"SKU-{{n:D6}}","displayName":"Bench item {{n}}","type":"Inventory","blocked":false,"inventory":{{qtyBase + (n % 50)}},"unitPrice":{{10 + ((n - 1) % 90)}}.5,"baseUnitOfMeasureCode":"PCS","lastModifiedDateTime":"2026-01-01T00:00:00.000Z"}""");
            }

            return new WireMock.ResponseMessage
            {
                StatusCode = 200,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new WireMock.Types.WireMockList<string>("application/json") },
                BodyData = new WireMock.Util.BodyData { BodyAsString = sb.Append("]}").ToString(), DetectedBodyType = WireMock.Types.BodyType.String },
            };
        }));
    for (var p = 0; p < LedgerEntries / PageSize; p++)
    {
        var sb = new StringBuilder("""{"value":[""");
        for (var i = p * PageSize; i < (p + 1) * PageSize; i++)
        {
            sb.Append(i > p * PageSize ? "," : "").Append(CultureInfo.InvariantCulture,
                $$"""{"entryNumber":{{start + i + 1}},"itemNumber":"SKU-{{(i % movedItems) + 1:D6}}","postingDate":"2026-03-02","entryType":"Sale","quantity":-1,"lastModifiedDateTime":"2026-03-02T09:00:00.000Z"}""");
        }

        sb.Append(']');
        if (p < (LedgerEntries / PageSize) - 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $$""","@odata.nextLink":"{{erp.Url}}{{root}}/itemLedgerEntries?$skiptoken=l{{p + 1}}" """);
        }

        var request = Request.Create().WithPath($"{root}/itemLedgerEntries").UsingGet();
        request = p == 0 ? request.WithParam("$filter", $"entryNumber gt {start}") : request.WithParam("$skiptoken", $"l{p}");
        erp.Given(request).AtPriority(1).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(sb.Append('}').ToString()));
    }
}

static void GivenToken(WireMockServer erp)
{
    erp.ResetMappings();
    erp.Given(Request.Create().WithPath("/token").UsingPost()).RespondWith(Response.Create().WithStatusCode(200)
        .WithHeader("Content-Type", "application/json").WithBody("""{"token_type":"Bearer","expires_in":3599,"access_token":"bench"}"""));

    // The item ledger is empty unless a scenario gives entries: full reads take its end (0) as their position.
    erp.Given(Request.Create().WithPath($"{Root}/companies({Company})/itemLedgerEntries").UsingGet()).AtPriority(90)
        .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"value":[]}"""));
}

static void GivenOrders(WireMockServer erp)
{
    var path = $"{Root}/companies({Company})/salesOrders";
    erp.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
        .WithHeader("Content-Type", "application/json").WithBody("""{"value":[]}"""));
    erp.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(Response.Create().WithStatusCode(201)
        .WithHeader("Content-Type", "application/json").WithBody("""{"id":"b6f4017a-b749-ee11-ad0b-a1422c0f7f1f","number":"101005","externalDocumentNumber":"x","status":"Draft"}"""));
}

static async Task SeedProductsAsync(PortalDbContext db, int count)
{
    var watch = Stopwatch.StartNew();
    var category = new Category("Bench", "bench");
    db.Categories.Add(category);
    await db.SaveChangesAsync();
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    for (var i = 0; i < count; i++)
    {
        db.Products.Add(new Product(Sku.Create($"SKU-{i + 1:D6}"), $"Old name {i + 1}", category.Id, "PCS", Money.Of(1m, "EUR")));
        if ((i + 1) % 5000 == 0)
        {
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    await db.SaveChangesAsync();
    db.ChangeTracker.Clear();
    Console.WriteLine($"  seeded {count:N0} products in {watch.Elapsed.TotalSeconds:0.0} s");
}

static ServiceProvider Services(DatabaseProvider provider, string connectionString, string erpUrl)
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = provider.ToString(),
        ["Database:ConnectionString"] = connectionString,
        ["Database:CommandTimeoutSeconds"] = "300",
        ["Erp:BaseUrl"] = erpUrl + Root,
        ["Erp:CompanyId"] = Company,
        ["Erp:TokenEndpoint"] = erpUrl + "/token",
        ["Erp:ClientId"] = "bench",
        ["Erp:ClientSecret"] = "bench",
        ["Erp:LocalCurrency"] = "EUR",
        ["Erp:PageSize"] = PageSize.ToString(CultureInfo.InvariantCulture),
        ["Couriers:Dhl:ApiKey"] = "",
    }).Build();
    var services = new ServiceCollection();
    services.AddLogging(l => l.AddConsole().SetMinimumLevel(LogLevel.Warning));
    services.AddSingleton<IConfiguration>(configuration);
    services.AddSingleton(TimeProvider.System);
    services.AddPortalDatabase(configuration, Path.GetTempPath());
    services.AddPartnerSync(configuration);
    services.AddSingleton<IOrderStatusUpdates, CountingStatusUpdates>();
    return services.BuildServiceProvider();
}

/// <summary>Stands in for the ordering capability's order workflow, which this benchmark does not measure.</summary>
internal sealed class CountingStatusUpdates : IOrderStatusUpdates
{
    public int Submitted { get; private set; }

    public Task SubmittedToErpAsync(string orderNumber, string erpOrderId, string erpOrderNumber, DateTimeOffset at, CancellationToken ct)
    {
        Submitted++;
        return Task.CompletedTask;
    }

    public Task ShipmentChangedAsync(string orderNumber, ShipmentNotice notice, CancellationToken ct) => Task.CompletedTask;

    public Task InvoicesChangedAsync(string orderNumber, DateTimeOffset at, CancellationToken ct) => Task.CompletedTask;
}
