using System.Diagnostics;
using B2BPortal.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace B2BPortal.Portal.Infrastructure;

internal static class ProblemDetailsSetup
{
    /// <summary>Every problem response carries the correlation id the logs carry, so support can find the request.</summary>
    public static void Configure(ProblemDetailsOptions o) => o.CustomizeProblemDetails = ctx =>
        ctx.ProblemDetails.Extensions["correlationId"] = CorrelationId(ctx.HttpContext);

    public static string CorrelationId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
}

/// <summary>
/// API requests get ProblemDetails: a broken business rule is a 400 with the rule's message, anything else a 500
/// without internals. Pages fall through to the /Error page (UseExceptionHandler's re-execute).
/// </summary>
internal sealed class PortalExceptionHandler(IProblemDetailsService problems, ILogger<PortalExceptionHandler> logger, IHostEnvironment environment) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var correlationId = ProblemDetailsSetup.CorrelationId(http);

        // UseExceptionHandler("/Error") has already rewritten Request.Path to /Error here; the feature keeps the original.
        var path = new PathString(http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path);
        if (exception is DomainException domain)
        {
            logger.LogInformation("Rule violation on {Path}: {Message} ({CorrelationId})", path, domain.Message, correlationId);
        }
        else if (exception is BadHttpRequestException bad && path.StartsWithSegments("/api"))
        {
            logger.LogInformation("Unreadable request on {Method} {Path}: {Message} ({CorrelationId})", http.Request.Method, path, bad.Message, correlationId);
            // The handler runs with the endpoint cleared; the feature keeps the one that failed to bind.
            var problem = BadRequestProblems.For(http.Features.Get<IExceptionHandlerFeature>()?.Endpoint, bad);
            http.Response.StatusCode = problem.Status!.Value;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
        }
        else
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path} ({CorrelationId})", http.Request.Method, path, correlationId);
        }

        if (!path.StartsWithSegments("/api"))
        {
            return false;
        }

        http.Response.StatusCode = exception is DomainException ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = environment.IsDevelopment() ? exception : null,
            ProblemDetails = exception is DomainException rule
                ? BadRequestProblems.ForRule(rule)
                : new ProblemDetails { Status = 500, Title = "Something went wrong on our side.", Detail = $"Quote this reference to support: {correlationId}" },
        });
    }
}

internal static class StatusCodePagesSetup
{
    /// <summary>
    /// Bodiless error statuses: browsers get the /Status page, the API a ProblemDetails (with correlationId),
    /// so an API client never receives an HTML page for a 401, 403 or 404.
    /// </summary>
    public static IApplicationBuilder UsePortalStatusCodePages(this IApplicationBuilder app) => app
        .UseWhen(http => !IsApi(http), pages => pages.UseStatusCodePagesWithReExecute("/Status/{0}"))
        .UseWhen(IsApi, api => api.UseStatusCodePages(WriteApiProblemAsync));

    /// <summary>
    /// A ProblemDetails for the status. Routing answers a body of another content type than JSON with a bare 415 before
    /// any endpoint runs; like every other unreadable body it becomes a 400 naming the body (BadRequestProblems).
    /// </summary>
    private static async Task WriteApiProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var problem = http.Response.StatusCode == StatusCodes.Status415UnsupportedMediaType
            ? BadRequestProblems.NotJson()
            : new ProblemDetails { Status = http.Response.StatusCode };
        http.Response.StatusCode = problem.Status!.Value;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    private static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api");
}

internal static class HttpContextFeatures
{
    public static string? OriginalPath(this HttpContext http) =>
        http.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? http.Features.Get<IExceptionHandlerPathFeature>()?.Path;
}
