using System.Collections.Concurrent;
using System.Text.Json;
using B2BPortal.Tests.Sync;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace B2BPortal.Cluster;

/// <summary>
/// Business Central's salesOrders as a stateful fake on the <see cref="FakeErp"/> WireMock server: a POST creates the
/// order (counted per externalDocumentNumber, the portal's order number) and answers only after a delay, so a worker
/// killed in that window has created the order without hearing of it: the lost response the exporter must recover
/// from by looking the order up before creating it again.
/// </summary>
public sealed class ErpSalesOrders
{
    private readonly ConcurrentDictionary<string, Created> _orders = new(StringComparer.Ordinal);
    private int _next = 101000;

    public ErpSalesOrders(FakeErp erp, TimeSpan answerDelay)
    {
        var path = FakeErp.Path("salesOrders");
        erp.Server.Given(Request.Create().WithPath(path).UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(Create).WithDelay(answerDelay));
        erp.Server.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(Find));
    }

    /// <summary>How many times each portal order was created in the ERP.</summary>
    public IReadOnlyDictionary<string, int> CreatesPerOrder => _orders.ToDictionary(o => o.Key, o => o.Value.Creates, StringComparer.Ordinal);

    public int Count => _orders.Count;

    private ResponseMessage Create(IRequestMessage request)
    {
        using var body = JsonDocument.Parse(request.Body ?? "{}");
        var external = body.RootElement.TryGetProperty("externalDocumentNumber", out var e) ? e.GetString() ?? string.Empty : string.Empty;
        var created = _orders.AddOrUpdate(
            external,
            _ => new Created(Guid.NewGuid(), Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture), 1),
            (_, existing) => existing with { Creates = existing.Creates + 1 });
        return Json(201, Order(external, created));
    }

    private ResponseMessage Find(IRequestMessage request)
    {
        var filter = Uri.UnescapeDataString(request.Url);
        var found = _orders.Where(o => filter.Contains($"'{o.Key}'", StringComparison.Ordinal)).Select(o => Order(o.Key, o.Value));
        return Json(200, FakeErp.Page(found));
    }

    private static string Order(string external, Created created) =>
        JsonSerializer.Serialize(new { id = created.Id, number = created.Number, externalDocumentNumber = external, status = "Open" });

    private static ResponseMessage Json(int status, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json; odata.metadata=minimal") },
        BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
    };

    private sealed record Created(Guid Id, string Number, int Creates);
}
