using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace B2BPortal.Cluster;

/// <summary>
/// ERP faults end to end: orders placed through the API on both nodes while the worker exports them to the standalone
/// fake Business Central, which loses answers after creating orders, answers 503 and 429 with Retry-After, expires
/// tokens early and cuts lookup pages off; the worker is SIGKILLed meanwhile. Every order must end in the ERP exactly
/// once, and none may be stuck without a visible reason. The test command runs it small (100 orders, one kill);
/// bench/erp-fault-run.sh runs it at full size (B2BPORTAL_FAULT_RUN_ORDERS=1000, B2BPORTAL_FAULT_RUN_KILLS=3).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ErpFaultRunTests(Cluster cluster, ITestOutputHelper output)
{
    private static readonly string[] Buyers = ["buyer@acme.example", "buyer@borealis.example", "buyer@contoso.example"];

    [Fact]
    public async Task Orders_reach_a_faulty_ERP_exactly_once_through_lost_answers_outages_expired_tokens_bad_pages_and_kills()
    {
        var size = Setting("B2BPORTAL_FAULT_RUN_ORDERS", 100);
        var kills = Setting("B2BPORTAL_FAULT_RUN_KILLS", 1);
        var (erpProcess, erpUrl) = cluster.FakeBusinessCentral(new Dictionary<string, string>
        {
            ["LostResponse"] = "0.05",
            ["Unavailable"] = "0.04",
            ["Throttled"] = "0.04",
            ["MalformedPage"] = "0.03",
            ["TokenLifetimeSeconds"] = "20",
            ["RetryAfterSeconds"] = "1",
        });
        erpProcess.Start();
        using var erp = cluster.Client(baseAddress: erpUrl);
        await Cluster.WaitUntilAsync(async () => (await erp.GetAsync(new Uri("/_fake/stats", UriKind.Relative))).IsSuccessStatusCode, TimeSpan.FromMinutes(1), "the fake ERP to listen", erpProcess);

        // The fault run's own worker: the cluster's usual one (against WireMock) rests meanwhile.
        cluster.Worker.Kill();
        var worker = cluster.AnotherWorker("worker-faults", erpUrl);
        worker.Start();
        var started = DateTimeOffset.UtcNow;
        try
        {
            // The kills land while the buyers are still ordering and the worker is exporting: at shares of the run's size.
            var placing = PlaceAsync(size);
            for (var k = 1; k <= kills; k++)
            {
                var target = size * k / (kills + 1);
                await Cluster.WaitUntilAsync(async () => (await StatsAsync(erp)).Orders >= target || placing.IsFaulted, TimeSpan.FromMinutes(5), $"{target} orders in the ERP before kill {k}", worker);
                worker.Kill();
                output.WriteLine($"Kill {k}: the worker SIGKILLed with {(await StatsAsync(erp)).Orders} orders in the ERP.");
                worker.Start();
            }

            var placed = await placing;
            output.WriteLine($"{placed.Count} orders placed through the API in {DateTimeOffset.UtcNow - started:mm\\:ss}.");
            await Cluster.WaitUntilAsync(async () => await NotDoneAsync(placed) == 0, TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(placed.Count / 2), "every order to reach the ERP", worker, erpProcess);
            var stats = await StatsAsync(erp);
            output.WriteLine($"All in the ERP after {DateTimeOffset.UtcNow - started:mm\\:ss}. Faults injected: {string.Join(", ", stats.Faults.Select(f => $"{f.Key} {f.Value}"))}.");

            Assert.Empty(stats.Duplicates);
            Assert.All(placed, number => Assert.True(stats.Creates.TryGetValue(number, out var n) && n == 1, $"{number} was created {n} times."));
            Assert.True(stats.Faults.GetValueOrDefault("lostResponse") > 0 || size < 50, "No answer was lost; the run proves less than it says.");
            await using var db = cluster.Database.CreateContext();
            Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.DeadLettered));
            var states = await db.Orders().Where(o => placed.Contains(o.Number)).GroupBy(o => o.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
            Assert.Equal([(OrderState.Confirmed, placed.Count)], states.Select(s => (s.Key, s.Count)));
        }
        finally
        {
            worker.Kill();
            erpProcess.Kill();
            cluster.Worker.Start();
        }
    }

    private async Task<List<string>> PlaceAsync(int count)
    {
        var clients = new List<(HttpClient Api, IReadOnlyList<ProductSummary> Products)>();
        for (var i = 0; i < Buyers.Length; i++)
        {
            var api = await cluster.ApiClientAsync(Buyers[i], i % 2 == 0 ? cluster.UrlA : cluster.UrlB);
            clients.Add((api, await api.ProductsAsync(50)));
        }

        try
        {
            // One task per buyer (each has one cart), in parallel, as procurement systems would send them.
            var perBuyer = await Task.WhenAll(clients.Select(async (c, i) =>
            {
                var numbers = new List<string>();
                for (var n = i; n < count; n += clients.Count)
                {
                    var product = c.Products[n % c.Products.Count];
                    if (await ClusterTests.PlaceAsync(c.Api, [(product.Sku, product.MinimumQuantity)], Guid.NewGuid().ToString("N")) is { } number)
                    {
                        numbers.Add(number);
                    }
                }

                return numbers;
            }));
            var placed = perBuyer.SelectMany(n => n).ToList();
            Assert.True(placed.Count >= count * 9 / 10, $"Only {placed.Count} of {count} orders were placed.");
            return placed;
        }
        finally
        {
            foreach (var (api, _) in clients)
            {
                api.Dispose();
            }
        }
    }

    private async Task<int> NotDoneAsync(IReadOnlyCollection<string> orders)
    {
        await using var db = cluster.Database.CreateContext();
        var keys = orders.Select(OrderPlacedMessage.IdempotencyKey).ToList();
        return await db.OutboxMessages.CountAsync(m => keys.Contains(m.IdempotencyKey) && m.Status != OutboxStatus.Done);
    }

    private static async Task<ErpStats> StatsAsync(HttpClient erp) =>
        (await erp.GetFromJsonAsync<ErpStats>("/_fake/stats", new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private sealed record ErpStats(int Orders, Dictionary<string, int> Creates, List<string> Duplicates, Dictionary<string, int> Faults);
}
