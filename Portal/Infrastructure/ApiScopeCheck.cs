using B2BPortal.Domain.Identity;
using Microsoft.AspNetCore.Mvc;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>The token scope an /api endpoint needs; <see cref="Scope"/> null: any token may call it (GET /api/v1/me).</summary>
public sealed record ApiScopeRequirement(string? Scope);

/// <summary>
/// Token scopes on every /api endpoint. Each endpoint declares its scope (<see cref="RequireApiScope{TBuilder}"/>); this
/// middleware runs after authorization and refuses an API-token call whose token lacks it with 403 problem+json naming
/// the missing scope. An endpoint that declares nothing is refused to every token (closed by default; the authorization
/// matrix test fails on it first). Cookie callers are people using the portal's own pages: scopes do not apply to them.
/// </summary>
public static class ApiScopeCheck
{
    public const string ClaimType = "scope";

    public static TBuilder RequireApiScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        if (!ApiScopes.IsKnown(scope))
        {
            throw new ArgumentException($"Unknown API scope '{scope}'.", nameof(scope));
        }

        return builder.WithMetadata(new ApiScopeRequirement(scope));
    }

    /// <summary>For endpoints every token may call whatever its scopes (who am I).</summary>
    public static TBuilder AllowAnyApiScope<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiScopeRequirement(null));

    // Routing's own answers to a request no endpoint takes (a wrong content type, a wrong method): they run no API code,
    // carry no metadata and must keep answering as they do for everyone (415/405, turned into 400 problems naming the
    // field by the API's bad-input handling), not as "this endpoint takes no API token".
    private static bool IsRoutingRejection(Endpoint endpoint) =>
        endpoint.DisplayName is "415 HTTP Unsupported Media Type" or "405 HTTP Method Not Supported";

    public static IApplicationBuilder UseApiScopeCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: ApiTokenAuthenticationHandler.SchemeName }
            && http.GetEndpoint() is { } endpoint && !IsRoutingRejection(endpoint))
        {
            var requirement = endpoint.Metadata.GetMetadata<ApiScopeRequirement>();
            string? missing = requirement is null ? "(none declared)" : requirement.Scope;
            if (missing is not null && (requirement is null || !http.User.HasClaim(ClaimType, missing)))
            {
                var granted = http.User.FindAll(ClaimType).Select(c => c.Value).ToList();
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = requirement is null ? "This endpoint takes no API token." : $"The API token lacks the scope '{missing}'.",
                    Detail = requirement is null
                        ? "The endpoint declares no token scope, so no token may call it."
                        : $"This call needs a token with the scope '{missing}'; this token has {(granted.Count == 0 ? "none" : string.Join(", ", granted))}. Ask your company administrator for a token with that scope.",
                };
                if (requirement is not null)
                {
                    problem.Extensions["missingScope"] = missing;
                }

                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
                return;
            }
        }

        await next(http);
    });
}
