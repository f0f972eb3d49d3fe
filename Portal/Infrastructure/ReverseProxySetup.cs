using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// Behind a load balancer or reverse proxy every request comes from the proxy's address, so per-client limits (sign-in
/// throttling) would throttle everyone at once and links and secure cookies would see http. With
/// <c>ReverseProxy:KnownProxies</c> / <c>ReverseProxy:KnownNetworks</c> set, X-Forwarded-For and X-Forwarded-Proto
/// from those addresses are trusted (one hop); from anywhere else they are ignored, so a client cannot pick its own
/// address to dodge the limit.
/// </summary>
public static class ReverseProxySetup
{
    public const string Section = "ReverseProxy";

    private const string KnownNetworksKey = "KnownNetworks";

    public static IServiceCollection AddPortalReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Values(configuration, nameof(ForwardedHeadersOptions.KnownProxies));
        var networks = Values(configuration, KnownNetworksKey);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in proxies)
            {
                o.KnownProxies.Add(IPAddress.TryParse(p, out var ip)
                    ? ip
                    : throw new InvalidOperationException($"{Section}:KnownProxies: '{p}' is not an IP address."));
            }

            foreach (var n in networks)
            {
                o.KnownIPNetworks.Add(IPNetwork.TryParse(n, out var net)
                    ? net
                    : throw new InvalidOperationException($"{Section}:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/8)."));
            }
        });
        return services;
    }

    /// <summary>Trusts forwarded headers only when some proxy is configured; the defaults would trust loopback only.</summary>
    public static IApplicationBuilder UsePortalReverseProxy(this IApplicationBuilder app, IConfiguration configuration)
    {
        var configured = Values(configuration, nameof(ForwardedHeadersOptions.KnownProxies)).Count > 0
            || Values(configuration, KnownNetworksKey).Count > 0;
        return configured ? app.UseForwardedHeaders() : app;
    }

    /// <summary>Accepts a list (<c>KnownProxies:0</c>, <c>:1</c>…) or one comma-separated value (handy in environment variables).</summary>
    private static List<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(Section).GetSection(key);
        var items = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return items.OfType<string>()
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
    }
}
