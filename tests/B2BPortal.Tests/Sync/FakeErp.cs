using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace B2BPortal.Tests.Sync;

/// <summary>
/// Business Central (and its token endpoint) and DHL, played by WireMock in the partners' documented shapes
/// (shared/partners: items/customers pages with @odata.nextLink, salesOrders, salesInvoices, customerPayments, DHL track).
/// </summary>
public sealed class FakeErp : IDisposable
{
    public const string CompanyId = "a0a0a0a0-bbbb-cccc-dddd-e1e1e1e1e1e1";
    public const string Root = "/v2.0/production/api/v2.0";
    public const string DhlKey = "test-dhl-key";

    /// <summary>The Portal's Erp:* settings pointing at this fake (EUR, fast retries): the worlds add their own on top.</summary>
    public Dictionary<string, string?> PortalSettings() => new()
    {
        ["Erp:BaseUrl"] = Url + Root,
        ["Erp:CompanyId"] = CompanyId,
        ["Erp:TokenEndpoint"] = Url + "/token",
        ["Erp:ClientId"] = "portal",
        ["Erp:ClientSecret"] = "secret",
        ["Erp:LocalCurrency"] = "EUR",
        ["Erp:RetryBaseDelayMilliseconds"] = "20",
    };

    public FakeErp()
    {
        Server = WireMockServer.Start();
        GivenToken("token-1");
    }

    public WireMockServer Server { get; }

    public string Url => Server.Url!;

    public static string Path(string entity) => $"{Root}/companies({CompanyId})/{entity}";

    public string NextLink(string entity, string token) => $"{Url}{Path(entity)}?$skiptoken={token}";

    /// <summary>The token endpoint, and an item ledger with no entries (every stock run asks for it) unless a test gives some.</summary>
    public void GivenToken(string token, int expiresIn = 3599)
    {
        Server.Given(Request.Create().WithPath("/token").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"token_type":"Bearer","expires_in":{{expiresIn}},"ext_expires_in":{{expiresIn}},"access_token":"{{token}}"}"""));
        Server.Given(Request.Create().WithPath(Path("itemLedgerEntries")).UsingGet()).AtPriority(90).RespondWith(Json(Page([])));
    }

    /// <summary>An item ledger entry as api v2.0 itemLedgerEntries returns it (dynamics_itemledgerentry_get.md).</summary>
    public static string LedgerEntry(long number, string item, string modified, decimal quantity = -1, string type = "Sale") =>
        $$"""
        {"@odata.etag":"W/\"JzQ0O2ZyaTlPVmR6\"","id":"{{Guid.NewGuid()}}","entryNumber":{{number}},"itemNumber":"{{item}}","postingDate":"{{modified[..10]}}",
         "entryType":"{{type}}","sourceNumber":"10000","sourceType":"Customer","documentNumber":"102{{number}}","documentType":"Sales_x0020_Shipment",
         "description":"","quantity":{{quantity.ToString(CultureInfo.InvariantCulture)}},"salesAmountActual":0,"costAmountActual":0,"lastModifiedDateTime":"{{modified}}"}
        """;

    /// <summary>The first page (no skip token) of an entity.</summary>
    public void GivenPage(string entity, string body, int status = 200) =>
        Server.Given(Request.Create().WithPath(Path(entity)).UsingGet()).AtPriority(10)
            .RespondWith(Json(body, status));

    public void GivenNextPage(string entity, string token, string body, int status = 200) =>
        Server.Given(Request.Create().WithPath(Path(entity)).WithParam("$skiptoken", token).UsingGet()).AtPriority(1)
            .RespondWith(Json(body, status));

    public static IResponseBuilder Json(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; odata.metadata=minimal").WithBody(body);

    public int Count(string method, string entity) =>
        Server.LogEntries.Count(e => e.RequestMessage!.Method == method && e.RequestMessage!.Path == Path(entity));

    public IEnumerable<string> Queries(string entity) =>
        Server.LogEntries.Where(e => e.RequestMessage!.Path == Path(entity)).Select(e => Uri.UnescapeDataString(e.RequestMessage!.Url));

    public static string Page(IEnumerable<string> values, string? nextLink = null) =>
        $$"""
        {
          "@odata.context": "https://api.businesscentral.dynamics.com/v2.0/production/api/v2.0/$metadata#companies({{CompanyId}})/items",
          "value": [{{string.Join(",", values)}}]{{(nextLink is null ? "" : $",\n  \"@odata.nextLink\": \"{nextLink}\"")}}
        }
        """;

    /// <summary>An item as items.page1.json has it; pass null to leave a field out.</summary>
    public static string Item(string? number, decimal? inventory, string modified, string name = "ATHENS Desk", decimal unitPrice = 1000.8m, bool blocked = false)
    {
        var fields = new List<string>
        {
            "\"@odata.etag\": \"W/\\\"JzQ0O00xRVBPU2FQcU4y\\\"\"",
            $"\"id\": \"{Guid.NewGuid()}\"",
            $"\"displayName\": \"{name}\"",
            "\"displayName2\": \"\"",
            "\"type\": \"Inventory\"",
            "\"itemCategoryCode\": \"TABLE\"",
            $"\"blocked\": {(blocked ? "true" : "false")}",
            "\"gtin\": \"\"",
            $"\"unitPrice\": {unitPrice.ToString(CultureInfo.InvariantCulture)}",
            "\"priceIncludesTax\": false",
            "\"unitCost\": 780.7",
            "\"baseUnitOfMeasureCode\": \"PCS\"",
            $"\"lastModifiedDateTime\": \"{modified}\"",
        };
        if (number is not null)
        {
            fields.Add($"\"number\": \"{number}\"");
        }

        if (inventory is not null)
        {
            fields.Add($"\"inventory\": {inventory.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        return "{" + string.Join(", ", fields) + "}";
    }

    public static string Customer(string number, string name, string currency, decimal creditLimit, string blocked, string modified, string? terms = "30 DAYS", string formula = "30D") =>
        $$"""
        {"@odata.etag":"W/\"JzQ0O2pLZEtBRlIw\"","id":"{{Guid.NewGuid()}}","number":"{{number}}","displayName":"{{name}}","type":"Company",
         "addressLine1":"192 Market Square","city":"Atlanta","country":"US","postalCode":"31772","balanceDue":{{(creditLimit / 4).ToString(CultureInfo.InvariantCulture)}},
         "creditLimit":{{creditLimit.ToString(CultureInfo.InvariantCulture)}},"currencyId":"00000000-0000-0000-0000-000000000000","currencyCode":"{{currency}}",
         "paymentTermsId":"04a5738a-44e3-ea11-bb43-000d3a2feca1",{{(terms is null ? "" : $"\"paymentTerm\":{{\"code\":\"{terms}\",\"displayName\":\"Net 30\",\"dueDateCalculation\":\"{formula}\"}},")}}
         "blocked":"{{blocked}}","lastModifiedDateTime":"{{modified}}"}
        """;

    public void Dispose() => Server.Stop();
}

/// <summary>IOrderStatusUpdates as the ordering capability would be told: every call recorded.</summary>
public sealed class RecordingOrderStatusUpdates : IOrderStatusUpdates
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task SubmittedToErpAsync(string orderNumber, string erpOrderId, string erpOrderNumber, DateTimeOffset at, CancellationToken ct)
    {
        Calls.Enqueue($"submitted {orderNumber} {erpOrderNumber}");
        return Task.CompletedTask;
    }

    public Task ShipmentChangedAsync(string orderNumber, ShipmentNotice notice, CancellationToken ct)
    {
        Calls.Enqueue($"shipment {orderNumber} {notice.TrackingNumber} {notice.State}");
        return Task.CompletedTask;
    }

    public Task InvoicesChangedAsync(string orderNumber, DateTimeOffset at, CancellationToken ct)
    {
        Calls.Enqueue($"invoices {orderNumber}");
        return Task.CompletedTask;
    }
}

/// <summary>The sync services (real clients, real resilience, real database) pointed at a <see cref="FakeErp"/>.</summary>
public static class SyncServices
{
    public static ServiceProvider Create(TestDatabase database, FakeErp erp, RecordingOrderStatusUpdates orders, Action<Dictionary<string, string?>>? tweak = null, TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string?>(database.Settings)
        {
            ["Erp:BaseUrl"] = erp.Url + FakeErp.Root,
            ["Erp:CompanyId"] = FakeErp.CompanyId,
            ["Erp:TokenEndpoint"] = erp.Url + "/token",
            ["Erp:ClientId"] = "portal",
            ["Erp:ClientSecret"] = "secret",
            ["Erp:LocalCurrency"] = "USD",
            ["Erp:PageSize"] = "1000",
            ["Erp:AttemptTimeoutSeconds"] = "2",
            ["Erp:TotalTimeoutSeconds"] = "20",
            ["Erp:MaxRetries"] = "3",
            ["Erp:RetryBaseDelayMilliseconds"] = "20",
            ["Couriers:Dhl:BaseUrl"] = erp.Url + "/track",
            ["Couriers:Dhl:ApiKey"] = FakeErp.DhlKey,
            ["Couriers:Dhl:TimeoutSeconds"] = "2",
        };
        tweak?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddPortalDatabase(configuration, System.IO.Path.GetTempPath());
        services.AddPartnerSync(configuration);
        services.AddSingleton<IOrderStatusUpdates>(orders);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public static async Task<T> RunAsync<T>(this ServiceProvider sp, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = sp.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public static async Task WithDbAsync(this ServiceProvider sp, Func<PortalDbContext, Task> work)
    {
        await using var scope = sp.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Web);
}
