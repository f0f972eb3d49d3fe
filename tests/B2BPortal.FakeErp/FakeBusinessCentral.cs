using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace B2BPortal.FakeErp;

/// <summary>
/// How often each fault happens (probabilities 0–1, drawn from one seeded random sequence, so a run can be repeated),
/// from configuration: <c>--Faults:LostResponse=0.05</c> etc.
/// </summary>
public sealed record FaultOptions(
    double LostResponse,
    double Unavailable,
    double Throttled,
    double MalformedPage,
    int TokenLifetimeSeconds,
    int RetryAfterSeconds,
    int Seed)
{
    public static FaultOptions From(IConfiguration configuration)
    {
        var f = configuration.GetSection("Faults");
        return new FaultOptions(
            f.GetValue("LostResponse", 0.0),
            f.GetValue("Unavailable", 0.0),
            f.GetValue("Throttled", 0.0),
            f.GetValue("MalformedPage", 0.0),
            f.GetValue("TokenLifetimeSeconds", 3600),
            f.GetValue("RetryAfterSeconds", 1),
            f.GetValue("Seed", 42));
    }
}

/// <summary>
/// Business Central's token endpoint and salesOrders (create, look up by externalDocumentNumber, delete) in API v2.0
/// shapes, keeping every order it created and how many times each portal order (its externalDocumentNumber) was
/// created. Faults: a created order whose answer is lost (the connection is dropped after the create), 503 and 429
/// with Retry-After before anything is created, tokens that expire long before their expires_in says (401 with BC's
/// error body), and a lookup page cut off mid-JSON. <c>GET /_fake/stats</c> tells what happened.
/// </summary>
public sealed partial class FakeBusinessCentral(FaultOptions faults, TimeProvider? clock = null)
{
    private const string Root = "/v2.0/{environment}/api/v2.0/companies({company})";
    private readonly ConcurrentDictionary<string, SalesOrder> _byExternal = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _creates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _faults = new(StringComparer.Ordinal);
    private readonly Random _random = new(faults.Seed);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private int _next = 101000;

    public static void Map(WebApplication app)
    {
        var erp = app.Services.GetRequiredService<FakeBusinessCentral>();
        app.MapPost("/token", erp.Token);
        app.MapGet(Root + "/salesOrders", erp.Find);
        app.MapPost(Root + "/salesOrders", (Func<HttpContext, Task<IResult>>)erp.CreateAsync);
        app.MapDelete(Root + "/salesOrders({id})", erp.Delete);
        app.MapGet("/_fake/stats", erp.Stats);
    }

    private IResult Token()
    {
        var token = "fake-" + Guid.NewGuid().ToString("N");
        _tokens[token] = _clock.GetUtcNow();

        // Says an hour, as Entra ID does; the fault is that the ERP stops accepting it after TokenLifetimeSeconds.
        return Results.Json(new { token_type = "Bearer", expires_in = 3599, ext_expires_in = 3599, access_token = token });
    }

    private IResult Find(HttpContext http)
    {
        if (Refuse(http) is { } refused)
        {
            return refused;
        }

        if (Draw(faults.MalformedPage, "malformedPage"))
        {
            return Results.Text("""{"@odata.context":"$metadata#companies/salesOrders","value":[{"id":"b6f4017a-""", "application/json", statusCode: 200);
        }

        var filter = http.Request.Query["$filter"].ToString();
        var match = ExternalDocumentFilter().Match(filter);
        var found = match.Success && _byExternal.TryGetValue(match.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal), out var order)
            ? new[] { order.Json() }
            : Array.Empty<JsonNode>();
        return Results.Json(new JsonObject
        {
            ["@odata.context"] = "https://api.businesscentral.dynamics.com/v2.0/production/api/v2.0/$metadata#companies/salesOrders",
            ["value"] = new JsonArray(found),
        });
    }

    private async Task<IResult> CreateAsync(HttpContext http)
    {
        if (Refuse(http) is { } refused)
        {
            return refused;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body);
        }
        catch (JsonException)
        {
            body = null;
        }

        var external = body?["externalDocumentNumber"]?.GetValue<string>();
        if (string.IsNullOrEmpty(external) || body?["customerNumber"] is null)
        {
            return Error(400, "BadRequest", "externalDocumentNumber and customerNumber are required.");
        }

        if (Draw(faults.Unavailable, "unavailable"))
        {
            http.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Error(503, "ServiceUnavailable", "The service is temporarily unavailable.");
        }

        if (Draw(faults.Throttled, "throttled"))
        {
            http.Response.Headers.RetryAfter = faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Error(429, "Application_TooManyRequests", "Too many requests reached. Actual (101). Maximum (100).");
        }

        var number = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        var order = new SalesOrder(Guid.NewGuid(), number, external, body["customerNumber"]!.GetValue<string>(), _clock.GetUtcNow());
        _byExternal.TryAdd(external, order);
        _creates.AddOrUpdate(external, 1, (_, n) => n + 1);

        if (Draw(faults.LostResponse, "lostResponse"))
        {
            // Created, and the answer never arrives: the connection drops.
            http.Abort();
            return Results.Empty;
        }

        return Results.Json(order.Json(), statusCode: 201);
    }

    private IResult Delete(HttpContext http, string id)
    {
        if (Refuse(http) is { } refused)
        {
            return refused;
        }

        var order = _byExternal.Values.FirstOrDefault(o => o.Id.ToString() == id);
        if (order is null)
        {
            return Error(404, "Internal_RecordNotFound", $"The SalesOrder does not exist. Identification fields and values: Id='{id}'");
        }

        _byExternal.TryRemove(order.ExternalDocumentNumber, out _);
        return Results.NoContent();
    }

    private IResult Stats() => Results.Json(new
    {
        orders = _byExternal.Count,
        creates = _creates,
        duplicates = _creates.Where(c => c.Value > 1).Select(c => c.Key).Order(StringComparer.Ordinal).ToList(),
        faults = _faults,
    });

    /// <summary>401 for an unknown token or one older than the configured lifetime, as BC answers an expired one.</summary>
    private IResult? Refuse(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : string.Empty;
        if (!_tokens.TryGetValue(token, out var issued))
        {
            return Error(401, "Authentication_InvalidCredentials", "The server has rejected the client credentials.");
        }

        if (_clock.GetUtcNow() - issued > TimeSpan.FromSeconds(faults.TokenLifetimeSeconds))
        {
            _faults.AddOrUpdate("expiredToken", 1, (_, n) => n + 1);
            return Error(401, "Authentication_InvalidCredentials", "The access token has expired.");
        }

        return null;
    }

    private bool Draw(double probability, string fault)
    {
        if (probability <= 0)
        {
            return false;
        }

        bool hit;
        lock (_random)
        {
            hit = _random.NextDouble() < probability;
        }

        if (hit)
        {
            _faults.AddOrUpdate(fault, 1, (_, n) => n + 1);
        }

        return hit;
    }

    /// <summary>Business Central's error body (error.example.json).</summary>
    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message = message + "  CorrelationId:  " + Guid.NewGuid() } }, statusCode: status);

    [GeneratedRegex(@"externalDocumentNumber eq '((?:[^']|'')*)'")]
    private static partial Regex ExternalDocumentFilter();

    private sealed record SalesOrder(Guid Id, string Number, string ExternalDocumentNumber, string CustomerNumber, DateTimeOffset Created)
    {
        public JsonObject Json() => new()
        {
            ["@odata.etag"] = "W/\"JzQ0O2ZyaTlPVmR6\"",
            ["id"] = Id.ToString(),
            ["number"] = Number,
            ["externalDocumentNumber"] = ExternalDocumentNumber,
            ["orderDate"] = Created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["customerNumber"] = CustomerNumber,
            ["status"] = "Draft",
            ["lastModifiedDateTime"] = Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
    }
}
