using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace B2BPortal.Cluster;

/// <summary>
/// Two Portal nodes and a Jobs worker on one PostgreSQL database (see <see cref="Cluster"/>): what a buyer does on one
/// node holds on the other, the clustered scheduler fires each trigger once, and SIGKILLs of the worker in the middle
/// of an export batch and of a node in the middle of placing an order lose and duplicate nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterTests(Cluster cluster, ITestOutputHelper output)
{
    private const string Password = Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword;

    [Fact]
    public async Task A_buyer_signed_in_on_node_A_is_signed_in_on_node_B_and_sees_one_cart()
    {
        var cookies = new CookieContainer();
        using var a = cluster.Client(cookies, cluster.UrlA);
        using var b = cluster.Client(cookies, cluster.UrlB);
        Assert.Equal(HttpStatusCode.Redirect, (await b.GetAsync(new Uri("/Ordering/Cart", UriKind.Relative))).StatusCode);

        await SignInAsync(a, "buyer@borealis.example");

        // B reads the sign-in cookie A issued (data-protection keys in the shared database) ...
        var cartOnB = await b.GetAsync(new Uri("/Ordering/Cart", UriKind.Relative));
        Assert.True(cartOnB.StatusCode == HttpStatusCode.OK, $"B answered {(int)cartOnB.StatusCode} {cartOnB.Headers.Location}\n{cluster.Logs()}");

        // ... and accepts a form whose anti-forgery token A issued; the line it adds is in the cart A shows.
        using var api = await cluster.ApiClientAsync("buyer@borealis.example", cluster.UrlA);
        var product = (await api.ProductsAsync(1))[0];
        var token = AntiforgeryToken(await a.GetStringAsync(new Uri("/Ordering/Cart", UriKind.Relative)));
        var added = await b.PostAsync(new Uri("/Ordering/Cart?handler=Add", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["sku"] = product.Sku,
            ["quantity"] = product.MinimumQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains(product.Sku, await a.GetStringAsync(new Uri("/Ordering/Cart", UriKind.Relative)), StringComparison.Ordinal);

        // A change through the API on A is current on B at once: no node keeps a cart of its own.
        var changed = await api.PutAsJsonAsync($"/api/v1/carts/current/lines/{product.Sku}", new { quantity = product.MinimumQuantity * 3 });
        changed.EnsureSuccessStatusCode();
        using var apiOnB = await cluster.ApiClientAsync("buyer@borealis.example", cluster.UrlB);
        var cart = await apiOnB.GetFromJsonAsync<CartView>("/api/v1/carts/current");
        Assert.Equal(product.MinimumQuantity * 3, Assert.Single(cart!.Lines, l => l.Sku == product.Sku).Quantity);
        (await api.DeleteAsync(new Uri("/api/v1/carts/current", UriKind.Relative))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Two_workers_fire_each_trigger_once_across_the_cluster()
    {
        var second = cluster.AnotherWorker("worker-2");
        second.Start();

        // From when both schedulers are up (and any catch-up of fire times a recovery left in the past is over):
        // OrderExport fires every two seconds, and with two schedulers on the clustered store each firing runs on one.
        var since = DateTimeOffset.UtcNow.AddSeconds(6);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(22));
        }
        finally
        {
            second.Kill();
        }

        await using var db = cluster.Database.CreateContext();
        var runs = (await db.SyncRuns.Where(r => r.JobName == "OrderExport").Select(r => new { r.StartedAt, r.Node }).ToListAsync())
            .Where(r => r.StartedAt >= since).OrderBy(r => r.StartedAt).ToList();
        output.WriteLine(string.Join("\n", runs.Select(r => $"{r.StartedAt:HH:mm:ss.fff} {r.Node}")));
        Assert.True(runs.Count >= 5, $"Only {runs.Count} runs in 16 s.\n{cluster.Logs()}");
        var doubles = runs.Zip(runs.Skip(1)).Where(p => p.Second.StartedAt - p.First.StartedAt < TimeSpan.FromSeconds(1)).ToList();
        Assert.True(doubles.Count == 0, "Fired twice: " + string.Join(", ", doubles.Select(d => $"{d.First.StartedAt:HH:mm:ss.fff} {d.First.Node} / {d.Second.StartedAt:HH:mm:ss.fff} {d.Second.Node}")));
    }

    [Fact]
    public async Task The_worker_killed_in_the_middle_of_an_export_batch_loses_and_duplicates_no_order()
    {
        // The worker is down while the buyers order, so that one batch holds them all.
        cluster.Worker.Kill();
        var placed = new List<string>();
        foreach (var (email, node) in new[] { ("buyer@acme.example", cluster.UrlA), ("buyer@borealis.example", cluster.UrlB), ("buyer@contoso.example", cluster.UrlA) })
        {
            using var api = await cluster.ApiClientAsync(email, node);
            var products = await api.ProductsAsync(12);
            foreach (var product in products)
            {
                if (await PlaceAsync(api, [(product.Sku, product.MinimumQuantity)], Guid.NewGuid().ToString("N")) is { } number)
                {
                    placed.Add(number);
                }
            }
        }

        Assert.True(placed.Count >= 20, $"Only {placed.Count} orders placed.");
        var before = cluster.ErpOrders.Count;

        // Killed twice in the middle of the batch (a third and two thirds through), with an order in flight each time.
        foreach (var share in new[] { 3, 2 })
        {
            cluster.Worker.Start();
            var target = before + (placed.Count * (share == 3 ? 1 : 2) / 3);
            await Cluster.WaitUntilAsync(() => Task.FromResult(cluster.ErpOrders.Count >= target), TimeSpan.FromMinutes(2), "the worker to export a share of the batch", cluster.Worker);
            await Task.Delay(Cluster.ErpAnswerDelay / 2);
            cluster.Worker.Kill();
            output.WriteLine($"Killed the worker with {cluster.ErpOrders.Count - before} of {placed.Count} orders in the ERP.");
        }

        Assert.True(cluster.ErpOrders.Count - before < placed.Count, "The batch had finished before the last kill; the test proves nothing.");
        cluster.Worker.Start();
        await Cluster.WaitUntilAsync(async () => await PendingAsync(placed) == 0, TimeSpan.FromMinutes(3), "every order to reach the ERP after the restart", cluster.Worker);

        var creates = cluster.ErpOrders.CreatesPerOrder;
        Assert.Equal(placed.Order(StringComparer.Ordinal), creates.Keys.Where(placed.Contains).Order(StringComparer.Ordinal));
        Assert.All(placed, number => Assert.Equal(1, creates[number]));
        await using var db = cluster.Database.CreateContext();
        var states = await db.Orders().Where(o => placed.Contains(o.Number)).Select(o => o.State).Distinct().ToListAsync();
        Assert.Equal([OrderState.Confirmed], states);

        // The run the kill cut short is not left "Running": the restarted worker ended it as interrupted.
        Assert.Equal(0, await db.SyncRuns.CountAsync(r => r.JobName == "OrderExport" && r.Node == "worker-1" && r.Status == SyncRunStatus.Running && r.StartedAt < DateTimeOffset.UtcNow.AddSeconds(-30)));
    }

    [Fact]
    public async Task A_node_killed_while_placing_an_order_leaves_it_whole_or_not_at_all()
    {
        const string email = "buyer@contoso.example";
        using var apiOnA = await cluster.ApiClientAsync(email, cluster.UrlA);
        (await apiOnA.DeleteAsync(new Uri("/api/v1/carts/current", UriKind.Relative))).EnsureSuccessStatusCode();
        var products = await apiOnA.ProductsAsync(1_500);

        // A big cart through quick order (paste, check, add), so that placing it takes a while on node B.
        var cookies = new CookieContainer();
        using var b = cluster.Client(cookies, cluster.UrlB);
        await SignInAsync(b, email);
        var pasted = string.Join('\n', products.Select(p => $"{p.Sku},{p.MinimumQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        var checkedPage = await PostFormAsync(b, "/Ordering/QuickOrder", "/Ordering/QuickOrder?handler=Check", new() { ["Lines"] = pasted, ["RoundToValid"] = "true" });
        var accepted = WebUtility.HtmlDecode(AcceptedLines().Match(await checkedPage.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(accepted), "Quick order accepted no line.");
        var add = await PostFormAsync(b, "/Ordering/QuickOrder", "/Ordering/QuickOrder?handler=Add", new() { ["Accepted"] = accepted, ["RoundToValid"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        var cart = await apiOnA.GetFromJsonAsync<CartView>("/api/v1/carts/current");
        var lines = cart!.Lines.Count;
        Assert.True(lines > 1_000, $"Only {lines} lines in the cart.");

        // Place on B and kill B while it works on it.
        var key = Guid.NewGuid().ToString("N");
        using var apiOnB = await cluster.ApiClientAsync(email, cluster.UrlB);
        var placing = apiOnB.SendAsync(PlaceRequest(key));
        await Task.Delay(TimeSpan.FromMilliseconds(250));
        cluster.NodeB.Kill();
        var outcome = await Record.ExceptionAsync(() => placing);
        output.WriteLine(outcome is null ? "B answered before the kill." : $"B died mid-request: {outcome.GetType().Name}");

        try
        {
            // Whatever the kill cut: the order is there with every line and its outbox message, or not there at all.
            await using (var db = cluster.Database.CreateContext())
            {
                var order = await db.Orders().Include(o => o.Lines).SingleOrDefaultAsync(o => o.IdempotencyKey.EndsWith(":" + key));
                if (order is null)
                {
                    output.WriteLine("No order: the transaction was cut before its commit.");
                    Assert.Equal(lines, (await apiOnA.GetFromJsonAsync<CartView>("/api/v1/carts/current"))!.Lines.Count);
                }
                else
                {
                    output.WriteLine($"Order {order.Number} was committed before the kill.");
                    Assert.Equal(lines, order.Lines.Count);
                    Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.IdempotencyKey == OrderPlacedMessage.IdempotencyKey(order.Number)));
                }
            }

            // The buyer's retry with the same key on A finishes the job: one order, every line.
            var retry = await apiOnA.SendAsync(PlaceRequest(key));
            Assert.True(retry.IsSuccessStatusCode, $"{(int)retry.StatusCode}: {await retry.Content.ReadAsStringAsync()}");
            await using (var db = cluster.Database.CreateContext())
            {
                var orders = await db.Orders().Where(o => o.IdempotencyKey.EndsWith(":" + key)).Select(o => o.Lines.Count).ToListAsync();
                Assert.Equal([lines], orders);
            }
        }
        finally
        {
            cluster.NodeB.Start();
            await cluster.WaitReadyAsync(cluster.NodeB, cluster.UrlB, TimeSpan.FromMinutes(2));
        }
    }

    private static HttpRequestMessage PlaceRequest(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(new { purchaseOrderNumber = "CLUSTER-" + key[..8] }) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>Puts the lines in the caller's cart (at the suggested quantity where a rule asks) and places it; null when it could not be placed or went to approval.</summary>
    internal static async Task<string?> PlaceAsync(HttpClient api, IEnumerable<(string Sku, decimal Quantity)> lines, string key)
    {
        (await api.DeleteAsync(new Uri("/api/v1/carts/current", UriKind.Relative))).EnsureSuccessStatusCode();
        foreach (var (sku, quantity) in lines)
        {
            (await api.PostAsJsonAsync("/api/v1/carts/current/lines", new { sku, quantity })).EnsureSuccessStatusCode();
        }

        var response = await api.SendAsync(PlaceRequest(key));
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var order = await response.Content.ReadFromJsonAsync<PlacedOrder>();
        return order!.Status == nameof(OrderState.Placed) ? order.Number : null;
    }

    private async Task<int> PendingAsync(IReadOnlyCollection<string> orders)
    {
        await using var db = cluster.Database.CreateContext();
        var keys = orders.Select(OrderPlacedMessage.IdempotencyKey).ToList();
        return await db.OutboxMessages.CountAsync(m => keys.Contains(m.IdempotencyKey) && m.Status != OutboxStatus.Done);
    }

    private static async Task SignInAsync(HttpClient client, string email)
    {
        var response = await PostFormAsync(client, "/Account/Login", "/Account/Login", new() { ["Input.Email"] = email, ["Input.Password"] = Password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in as {email} answered {(int)response.StatusCode}.");
    }

    /// <summary>As a browser posts a form: the form page first, for its anti-forgery token.</summary>
    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string url, Dictionary<string, string> fields) =>
        B2BPortal.Tests.Fixtures.PortalFactory.PostFormAsync(client, url, fields, formPage);

    private static string AntiforgeryToken(string page) =>
        WebUtility.HtmlDecode(AntiforgeryField().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No anti-forgery token on the page."));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"Accepted\" value=\"([^\"]*)\"")]
    private static partial Regex AcceptedLines();
}
