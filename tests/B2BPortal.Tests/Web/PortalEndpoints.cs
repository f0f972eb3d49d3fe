using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>One page or endpoint as the running Portal routes it.</summary>
/// <param name="Key">The AccessTable key: a page path ("/Catalog/Product") or "METHOD /pattern".</param>
/// <param name="Methods">The HTTP methods to try: GET and POST for pages, the endpoint's own methods otherwise.</param>
/// <param name="Patterns">Every route pattern that reaches it (a page folder's Index has two).</param>
public sealed partial record PortalEndpoint(string Key, IReadOnlyList<string> Methods, IReadOnlyList<string> Patterns, IReadOnlyList<string> Parameters)
{
    public bool IsPage => Key.StartsWith('/');

    /// <summary>The pattern with parameters filled in; optional parameters without a value are dropped.</summary>
    public static string Fill(string pattern, IReadOnlyDictionary<string, string> values)
    {
        var path = Parameter().Replace(pattern, m =>
        {
            var name = m.Groups["name"].Value;
            if (values.TryGetValue(name, out var value))
            {
                return Uri.EscapeDataString(value);
            }

            return m.Groups["optional"].Success ? string.Empty : throw new InvalidOperationException(
                $"No sample value for route parameter '{name}' of {pattern}: add one in your IAccessRules.AddSampleRouteValuesAsync (see docs/testing.md).");
        });
        path = path.Replace("//", "/", StringComparison.Ordinal).TrimEnd('/');
        return "/" + path.TrimStart('/');
    }

    public static IReadOnlyList<string> ParametersOf(string pattern) =>
        Parameter().Matches(pattern).Select(m => m.Groups["name"].Value).Distinct().ToList();

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::[^}=?]+)*(?:=[^}?]*)?(?<optional>\?)?\}")]
    private static partial Regex Parameter();
}

/// <summary>Discovers every routed page and endpoint from the app's own EndpointDataSource, so new ones are covered without editing the test.</summary>
public static class PortalEndpoints
{
    public static IReadOnlyList<PortalEndpoint> Discover(IServiceProvider services)
    {
        var source = services.GetRequiredService<EndpointDataSource>();
        var found = new Dictionary<string, (HashSet<string> Methods, HashSet<string> Patterns)>(StringComparer.Ordinal);
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            string key;
            string[] methods;
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                key = page.ViewEnginePath;
                methods = [HttpMethods.Get, HttpMethods.Post];
            }
            else
            {
                methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } m ? m : [HttpMethods.Get];
                key = string.Empty;
            }

            foreach (var method in methods)
            {
                var k = key.Length > 0 ? key : $"{method} {pattern}";
                if (!found.TryGetValue(k, out var entry))
                {
                    found[k] = entry = ([], []);
                }

                entry.Methods.Add(method);
                entry.Patterns.Add(pattern);
            }
        }

        return found.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new PortalEndpoint(f.Key, f.Value.Methods.Order().ToList(), f.Value.Patterns.Order().ToList(),
                f.Value.Patterns.SelectMany(PortalEndpoint.ParametersOf).Distinct().ToList()))
            .ToList();
    }
}
