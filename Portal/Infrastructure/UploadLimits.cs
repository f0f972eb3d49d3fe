using Microsoft.AspNetCore.Http.Metadata;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>Names, for the "too large" page, what a form uploads and how large one file may be.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadLimitAttribute(string what, long maxFileBytes) : Attribute
{
    public string What { get; } = what;

    public long MaxFileBytes { get; } = maxFileBytes;

    public string Describe() => $"{What} may be up to {MaxFileBytes / 1024 / 1024} MB";
}

/// <summary>
/// Refuses a request whose declared length is over its endpoint's [RequestSizeLimit] before anything reads the body,
/// with 413 and the status page that says what the limit is and leads back to the form. Without this the first reader
/// of the body (anti-forgery, model binding) fails and the user gets a bare "Bad request".
/// </summary>
public static class UploadLimits
{
    private const string LimitKey = "B2BPortal.UploadLimit";

    public static IApplicationBuilder UsePortalUploadLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var endpoint = http.GetEndpoint();
        var max = endpoint?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (max is { } limit && http.Request.ContentLength > limit)
        {
            http.Items[LimitKey] = endpoint!.Metadata.GetMetadata<UploadLimitAttribute>()?.Describe();
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            // Close the connection rather than drain a body of many megabytes that will never be read.
            http.Response.Headers.Connection = "close";
            return;
        }

        await next(http);
    });

    /// <summary>The limit's description for the status page, when a request was refused for its size.</summary>
    public static string? RefusedUploadLimit(this HttpContext http) => http.Items[LimitKey] as string;
}
