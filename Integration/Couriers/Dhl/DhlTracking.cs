using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Text.Json;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Shipping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace B2BPortal.Integration.Couriers.Dhl;

/// <summary>DHL Shipment Tracking – Unified: <c>GET /track/shipments?trackingNumber=…</c> with the <c>DHL-API-Key</c> header.</summary>
public interface IDhlTrackingApi
{
    [Get("/shipments")]
    Task<DhlShipments> TrackAsync([AliasAs("trackingNumber")] string trackingNumber, [AliasAs("service")] string? service, [AliasAs("language")] string language, CancellationToken ct);
}

public sealed class DhlShipments
{
    public List<DhlShipment>? Shipments { get; set; }
}

public sealed class DhlShipment
{
    public string? Id { get; set; }

    public string? Service { get; set; }

    public string? ServiceUrl { get; set; }

    public DhlEvent? Status { get; set; }

    public List<DhlEvent>? Events { get; set; }
}

public sealed class DhlEvent
{
    /// <summary>ISO 8601; live answers often carry no zone (local time of the event), the spec's examples do.</summary>
    public string? Timestamp { get; set; }

    public DhlPlace? Location { get; set; }

    /// <summary>pre-transit, transit, delivered, failure, unknown.</summary>
    public string? StatusCode { get; set; }

    public string? Status { get; set; }

    public string? Description { get; set; }
}

public sealed class DhlPlace
{
    public DhlAddress? Address { get; set; }
}

public sealed class DhlAddress
{
    public string? CountryCode { get; set; }

    public string? PostalCode { get; set; }

    public string? AddressLocality { get; set; }
}

/// <summary>The <c>Couriers:Dhl</c> configuration section.</summary>
public sealed class DhlOptions
{
    public const string Section = "Couriers:Dhl";

    [Required]
    public Uri BaseUrl { get; set; } = new("https://api-eu.dhl.com/track");

    /// <summary>The app's Consumer Key from the DHL developer portal; keep it out of appsettings.json.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The service hint (e.g. <c>parcel-de</c>); empty lets DHL pick, which may answer with another shipment.</summary>
    public string? Service { get; set; }

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Without a key there is no DHL tracking: the ShipmentTracking schedule stays off.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);
}

/// <summary><see cref="ICourierTracking"/> for DHL: maps statusCode to the portal's shipment state; status texts are display only.</summary>
public sealed class DhlCourierTracking(IDhlTrackingApi api, IOptions<DhlOptions> options) : ICourierTracking
{
    public string Carrier => "DHL";

    public async Task<CourierTrackingResult?> TrackAsync(string trackingNumber, CancellationToken ct)
    {
        DhlShipments result;
        try
        {
            result = await api.TrackAsync(trackingNumber, string.IsNullOrWhiteSpace(options.Value.Service) ? null : options.Value.Service, "en", ct);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Shipments show up 10–30 minutes after they are created, and vanish after about 90 days.
            return null;
        }
        catch (ApiException ex) when (ex.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)ex.StatusCode >= 500)
        {
            throw new CourierUnavailableException($"DHL answered {(int)ex.StatusCode}: {ex.Content}", ex) { RetryAfter = ex.Headers.RetryAfter?.Delta };
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or JsonException
            || (ex is ApiException { InnerException: JsonException }) || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new CourierUnavailableException($"DHL tracking failed: {ex.Message}", ex);
        }

        var shipment = result.Shipments?.FirstOrDefault(s => string.Equals(s.Id, trackingNumber, StringComparison.OrdinalIgnoreCase))
            ?? result.Shipments?.FirstOrDefault();
        if (shipment is null)
        {
            return null;
        }

        var events = (shipment.Events ?? []).Select(Map).OfType<CourierEvent>().ToList();
        var current = shipment.Status is { } s ? Map(s)?.State : events.MaxBy(e => e.At)?.State;
        return new CourierTrackingResult(trackingNumber, current, events, shipment.ServiceUrl);
    }

    private static CourierEvent? Map(DhlEvent e)
    {
        if (e.Timestamp is null || State(e.StatusCode) is not { } state)
        {
            return null;
        }

        // A time without a zone is read as UTC: DHL does not say whose local time it is, and a fixed reading keeps repeats equal.
        if (!DateTimeOffset.TryParse(e.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return null;
        }

        var where = e.Location?.Address is { } a
            ? string.Join(", ", new[] { a.AddressLocality, a.PostalCode, a.CountryCode }.Where(x => !string.IsNullOrWhiteSpace(x)))
            : null;
        return new CourierEvent(at, state, e.StatusCode!, e.Description ?? e.Status, string.IsNullOrEmpty(where) ? null : where);
    }

    /// <summary>"unknown" events (label created, bag closed) change nothing: they are skipped rather than guessed.</summary>
    private static ShipmentState? State(string? code) => code switch
    {
        "pre-transit" => ShipmentState.PreTransit,
        "transit" => ShipmentState.InTransit,
        "delivered" => ShipmentState.Delivered,
        "failure" => ShipmentState.Failed,
        _ => null,
    };
}

public static class DhlRegistration
{
    public static IServiceCollection AddDhlTracking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DhlOptions>().Bind(configuration.GetSection(DhlOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRefitGeneratedClient<IDhlTrackingApi>()
            .ConfigureHttpClient((sp, c) =>
            {
                var o = sp.GetRequiredService<IOptions<DhlOptions>>().Value;
                var baseUrl = o.BaseUrl.ToString();
                c.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl[..^1] : baseUrl);
                c.DefaultRequestHeaders.Add("DHL-API-Key", o.ApiKey);
                c.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions r, IServiceProvider sp) =>
            {
                var o = sp.GetRequiredService<IOptions<DhlOptions>>().Value;
                r.AttemptTimeout.Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds);
                r.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds * 3);
                r.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(o.TimeoutSeconds * 2, 30));

                // DHL's quota is per day (429 until midnight GMT): retrying a 429 only burns more of it.
                r.Retry.MaxRetryAttempts = 2;
                r.Retry.ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is HttpRequestException or TimeoutRejectedException
                    || (args.Outcome.Result is { } res && (int)res.StatusCode >= 500));
            });
        services.AddScoped<ICourierTracking, DhlCourierTracking>();
        return services;
    }
}
