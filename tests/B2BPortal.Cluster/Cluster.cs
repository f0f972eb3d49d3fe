using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using B2BPortal.Domain.Identity;
using B2BPortal.Integration.Persistence;
using B2BPortal.Jobs;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace B2BPortal.Cluster;

/// <summary>
/// The deployment users outgrow one machine with, started for real: one throwaway PostgreSQL database, two Portal nodes
/// (`dotnet B2BPortal.Portal.dll`, https on loopback ports, Jobs:RunInPortal=false) and one Jobs worker
/// (`dotnet B2BPortal.Jobs.dll`), all from the build output, with Business Central played by WireMock in this process.
/// Node A migrates and loads the demo data ("Testing" environment: production behaviour, demo data allowed); node B and
/// the worker only connect. Every process logs to a file in <see cref="LogFolder"/>, quoted when an assertion fails.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class Cluster : IAsyncLifetime
{
    /// <summary>How long the fake ERP takes to answer a created order: the window in which a killed worker loses the answer.</summary>
    public static readonly TimeSpan ErpAnswerDelay = TimeSpan.FromMilliseconds(300);

    private const string CertificatePassword = "cluster-tests";
    private readonly List<NodeProcess> _processes = [];
    private X509Certificate2? _certificate;
    private TestDatabase? _database;

    public FakeErp Erp { get; } = new();

    public ErpSalesOrders ErpOrders { get; private set; } = null!;

    public string LogFolder { get; } = Directory.CreateTempSubdirectory("b2bportal-cluster-").FullName;

    public NodeProcess NodeA { get; private set; } = null!;

    public NodeProcess NodeB { get; private set; } = null!;

    public NodeProcess Worker { get; private set; } = null!;

    public Uri UrlA { get; private set; } = null!;

    public Uri UrlB { get; private set; } = null!;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL, migrate: false);
        _certificate = TestCertificates.CreateLoopback();
        var pfx = Path.Combine(LogFolder, "node.pfx");
        await File.WriteAllBytesAsync(pfx, _certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        ErpOrders = new ErpSalesOrders(Erp, ErpAnswerDelay);

        var shared = new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["Database__ConnectionString"] = Database.ConnectionString,
            ["Mail__PickupDirectory"] = Path.Combine(LogFolder, "mail"),
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__B2BPortal"] = "Information",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };

        UrlA = new Uri($"https://127.0.0.1:{NodeProcess.FreePort()}");
        UrlB = new Uri($"https://127.0.0.1:{NodeProcess.FreePort()}");
        NodeA = Track(new NodeProcess("portal-a", "Portal", "B2BPortal.Portal.dll", LogFolder, Node(shared, UrlA, pfx, migrateAndSeed: true)));
        NodeB = Track(new NodeProcess("portal-b", "Portal", "B2BPortal.Portal.dll", LogFolder, Node(shared, UrlB, pfx, migrateAndSeed: false)));
        Worker = Track(NewWorker(shared, "worker-1"));
        _shared = shared;

        // In order: A creates the schema and the demo data; the worker creates Quartz's tables; B joins.
        NodeA.Start();
        await WaitReadyAsync(NodeA, UrlA, TimeSpan.FromMinutes(4));
        Worker.Start();
        await WaitUntilAsync(() => QuartzSchedulerCheckedInAsync(), TimeSpan.FromMinutes(2), "the worker's scheduler to check in to the Quartz cluster", Worker);
        NodeB.Start();
        await WaitReadyAsync(NodeB, UrlB, TimeSpan.FromMinutes(2));
    }

    private Dictionary<string, string> _shared = [];

    /// <summary>A second worker process (its own node id), not started; against the in-process fake ERP unless <paramref name="erp"/> names another.</summary>
    public NodeProcess AnotherWorker(string nodeId, Uri? erp = null) => Track(NewWorker(_shared, nodeId, erp));

    /// <summary>The standalone fake Business Central (tests/B2BPortal.FakeErp) on a free loopback port, with these faults; not started.</summary>
    public (NodeProcess Process, Uri Url) FakeBusinessCentral(IReadOnlyDictionary<string, string> faults)
    {
        var url = new Uri($"http://127.0.0.1:{NodeProcess.FreePort()}");
        var settings = new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url.ToString(), ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        foreach (var (key, value) in faults)
        {
            settings["Faults__" + key] = value;
        }

        return (Track(new NodeProcess("fake-business-central", Path.Combine("tests", "B2BPortal.FakeErp"), "B2BPortal.FakeErp.dll", LogFolder, settings)), url);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        Erp.Dispose();
        _certificate?.Dispose();
        NpgsqlConnection.ClearAllPools();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>An HTTP client that trusts this run's certificate, keeps cookies and does not follow redirects.</summary>
    public HttpClient Client(CookieContainer? cookies = null, Uri? baseAddress = null) =>
        new(new HttpClientHandler
        {
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == _certificate!.Thumbprint,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };

    /// <summary>A Bearer client for a demo user on a node, with an API token issued straight into the database.</summary>
    public async Task<HttpClient> ApiClientAsync(string email, Uri node)
    {
        await using var db = Database.CreateContext();
        var owner = await db.Users.SingleAsync(u => u.Email == email);
        var (token, plain) = ApiToken.Issue("cluster tests", owner, TestActors.Administrator, DateTimeOffset.UtcNow, null, ApiScopes.Names);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync();
        var client = Client(baseAddress: node);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", plain);
        return client;
    }

    public string Logs() => string.Join("\n", _processes.Select(p => p.Tail()));

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, params NodeProcess[] suspects)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or NpgsqlException or TaskCanceledException or InvalidOperationException)
            {
                // Not up yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Waited {timeout} for {what}.\n" + string.Join("\n", suspects.Select(s => s.Tail())));
    }

    public async Task WaitReadyAsync(NodeProcess node, Uri url, TimeSpan timeout)
    {
        using var client = Client(baseAddress: url);
        await WaitUntilAsync(async () =>
        {
            if (!node.IsRunning)
            {
                throw new InvalidOperationException($"{node.Name} exited during its start.\n{node.Tail()}");
            }

            return (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK;
        }, timeout, $"{node.Name} to be ready", node);
    }

    private async Task<bool> QuartzSchedulerCheckedInAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('qrtz_scheduler_state') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!)
        {
            return false;
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM qrtz_scheduler_state", connection);
        return (long)(await count.ExecuteScalarAsync())! > 0;
    }

    private NodeProcess Track(NodeProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static Dictionary<string, string> Node(Dictionary<string, string> shared, Uri url, string pfx, bool migrateAndSeed) => new(shared)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["ASPNETCORE_URLS"] = url.ToString(),
        ["Kestrel__Certificates__Default__Path"] = pfx,
        ["Kestrel__Certificates__Default__Password"] = CertificatePassword,
        ["Jobs__RunInPortal"] = "false",
        ["Database__MigrateOnStart"] = migrateAndSeed ? "true" : "false",
        ["DemoData__LoadOnEmptyDatabase"] = migrateAndSeed ? "true" : "false",
        ["DemoData__SampleOrders"] = "false",
        ["Identity__SignInAttemptsPerMinute"] = "1000",
    };

    private NodeProcess NewWorker(Dictionary<string, string> shared, string nodeId, Uri? erp = null)
    {
        var erpUrl = erp?.ToString().TrimEnd('/') ?? Erp.Url!;
        var settings = new Dictionary<string, string>(shared)
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Jobs__NodeId"] = nodeId,
            ["Erp__BaseUrl"] = erpUrl + FakeErp.Root,
            ["Erp__CompanyId"] = FakeErp.CompanyId,
            ["Erp__TokenEndpoint"] = erpUrl + "/token",
            ["Erp__ClientId"] = "portal",
            ["Erp__ClientSecret"] = "secret",
            ["Erp__LocalCurrency"] = "EUR",
            ["Erp__RetryBaseDelayMilliseconds"] = "50",
        };

        // Only the order export runs, every two seconds; the other jobs would read partners this fake does not play.
        foreach (var job in PortalJobCatalog.All)
        {
            settings[$"Jobs__Schedules__{job.Schedule}__Enabled"] = job.Schedule == "OrderExport" ? "true" : "false";
        }

        settings["Jobs__Schedules__OrderExport__Cron"] = "0/2 * * * * ?";
        return new NodeProcess(nodeId, "Jobs", "B2BPortal.Jobs.dll", LogFolder, settings);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<Cluster>
{
    public const string Name = "Cluster";
}

/// <summary>The API's shapes the cluster tests read (a subset of Portal's DTOs, kept loose on purpose).</summary>
public sealed record ProductPage(IReadOnlyList<ProductSummary> Items, bool HasNext);

public sealed record ProductSummary(string Sku, decimal MinimumQuantity);

public sealed record CartLine(string Sku, decimal Quantity, string? Problem, decimal? SuggestedQuantity);

public sealed record CartView(int Version, IReadOnlyList<CartLine> Lines, bool CanPlace, string? Problem);

public sealed record PlacedOrder(string Number, string Status);

public static class ApiCalls
{
    public static async Task<IReadOnlyList<ProductSummary>> ProductsAsync(this HttpClient api, int count)
    {
        var products = new List<ProductSummary>();
        for (var page = 1; products.Count < count; page++)
        {
            var result = await api.GetFromJsonAsync<ProductPage>($"/api/v1/catalog/products?pageSize=100&page={page}&sort=Sku");
            products.AddRange(result!.Items);
            if (!result.HasNext)
            {
                break;
            }
        }

        return products.Take(count).ToList();
    }
}
