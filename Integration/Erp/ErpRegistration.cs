using B2BPortal.Domain.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace B2BPortal.Integration.Erp;

public static class ErpRegistration
{
    /// <summary>
    /// The Business Central client behind <see cref="IErpGateway"/>: bearer tokens (client credentials, cached), and the
    /// standard resilience pipeline — total and per-attempt timeouts, retries with jitter that honour Retry-After, a
    /// circuit breaker. POSTs are never retried by the pipeline: creating an order twice is what the outbox's
    /// look-up-then-create step exists to prevent, so only it decides when to try again.
    /// </summary>
    public static IServiceCollection AddErpIntegration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ErpOptions>()
            .Bind(configuration.GetSection(ErpOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<ErpTokenProvider>();
        services.AddTransient<ErpAuthenticationHandler>();
        // Asking for a token twice is harmless, so the token POST keeps the standard retries.
        services.AddHttpClient(ErpTokenProvider.HttpClientName).AddStandardResilienceHandler();

        services.AddRefitGeneratedClient<IBusinessCentralApi>()
            .ConfigureHttpClient((sp, c) =>
            {
                var o = sp.GetRequiredService<IOptions<ErpOptions>>().Value;
                var baseUrl = o.BaseUrl?.ToString() ?? throw new InvalidOperationException("No ERP is configured (Erp:BaseUrl).");
                c.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl[..^1] : baseUrl);
                c.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler<ErpAuthenticationHandler>()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions r, IServiceProvider sp) =>
            {
                var o = sp.GetRequiredService<IOptions<ErpOptions>>().Value;
                r.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(o.TotalTimeoutSeconds);
                r.AttemptTimeout.Timeout = TimeSpan.FromSeconds(o.AttemptTimeoutSeconds);
                r.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(o.AttemptTimeoutSeconds * 2, 30));
                r.CircuitBreaker.MinimumThroughput = o.CircuitBreakerMinimumThroughput;
                r.CircuitBreaker.FailureRatio = 0.5;
                r.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(o.CircuitBreakerBreakSeconds);
                r.Retry.MaxRetryAttempts = Math.Max(o.MaxRetries, 1);
                r.Retry.Delay = TimeSpan.FromMilliseconds(o.RetryBaseDelayMilliseconds);
                r.Retry.BackoffType = DelayBackoffType.Exponential;
                r.Retry.UseJitter = true;
                r.Retry.ShouldRetryAfterHeader = true;
                r.Retry.DisableForUnsafeHttpMethods();
                if (o.MaxRetries == 0)
                {
                    r.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
                }
            });

        services.AddSingleton<PaymentJournalCache>();
        services.AddScoped<IErpGateway, BusinessCentralGateway>();
        return services;
    }
}
