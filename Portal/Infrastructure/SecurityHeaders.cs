using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// The <c>SecurityHeaders</c> configuration section. Product images may come from the ERP's or a CDN's host, which the
/// Content-Security-Policy must name, or browsers will not load them.
/// </summary>
public sealed class SecurityHeadersOptions
{
    public const string Section = "SecurityHeaders";

    /// <summary>Origins (e.g. <c>https://cdn.example.com</c>) images may be loaded from besides the portal itself.</summary>
    public IReadOnlyList<string> ImageSources { get; set; } = [];
}

/// <summary>
/// The headers every response carries (pages, API, errors, static files, health): a Content-Security-Policy that lets
/// the browser run only the portal's own script files and style sheets, so injected markup can neither run script nor
/// restyle a page; no framing (clickjacking); no MIME sniffing; no full URLs in the Referer to other sites. And cookies
/// marked Secure outside Development.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Builds the policy once, at start, from configuration.</summary>
    public static string ContentSecurityPolicy(IConfiguration configuration)
    {
        var options = configuration.GetSection(SecurityHeadersOptions.Section).Get<SecurityHeadersOptions>() ?? new SecurityHeadersOptions();
        var images = options.ImageSources.Select(s => Origin(s, $"{SecurityHeadersOptions.Section}:{nameof(SecurityHeadersOptions.ImageSources)}"));

        // "Sign in with Microsoft" is a form post answered by a redirect to the identity provider, and browsers check
        // form-action against that redirect too: the configured instance must be allowed, or the sign-in never starts.
        var formTargets = new List<string> { "'self'" };
        if (IdentitySetup.MicrosoftSignInEnabled(configuration))
        {
            formTargets.Add(Origin(configuration["AzureAd:Instance"] ?? configuration["AzureAd:Authority"] ?? "https://login.microsoftonline.com/", "AzureAd:Instance"));
        }

        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            // data: for the small SVG icons Bootstrap's style sheet embeds (navbar toggler, check marks, select arrows).
            string.Join(' ', ["img-src 'self' data:", .. images]),
            "object-src 'none'",
            "base-uri 'self'",
            "form-action " + string.Join(' ', formTargets),
            "frame-ancestors 'none'");
    }

    public static IServiceCollection AddPortalSecurityHeaders(this IServiceCollection services, IHostEnvironment environment)
    {
        // One policy for every cookie (sign-in, external sign-in, anti-forgery, TempData): Secure outside Development,
        // so a cookie never travels over plain http where it could be read or replaced on the way.
        services.Configure<CookiePolicyOptions>(o => o.Secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        // X-Frame-Options is written for every response below; anti-forgery's own (SAMEORIGIN, form pages only) would be weaker.
        services.Configure<AntiforgeryOptions>(o => o.SuppressXFrameOptionsHeader = true);
        services.Replace(ServiceDescriptor.Singleton<IHtmlGenerator, InlineStyleFreeHtmlGenerator>());
        return services;
    }

    /// <summary>First in the pipeline: the headers are set as the response starts, so error pages and static files get them too.</summary>
    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var policy = ContentSecurityPolicy(configuration);
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                // For browsers that predate frame-ancestors.
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app.UseCookiePolicy();
    }

    private static string Origin(string value, string setting) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.GetLeftPart(UriPartial.Authority)
            : throw new InvalidOperationException($"{setting}: '{value}' is not an http(s) address.");
}

/// <summary>
/// ASP.NET Core's validation summary writes <c>&lt;li style="display:none"&gt;</c> when it has nothing to list, an inline
/// style the Content-Security-Policy refuses (and the browser reports). With nothing to list there is no summary at all.
/// </summary>
internal sealed class InlineStyleFreeHtmlGenerator(
    IAntiforgery antiforgery,
    IOptions<MvcViewOptions> options,
    IModelMetadataProvider metadataProvider,
    IUrlHelperFactory urlHelperFactory,
    HtmlEncoder htmlEncoder,
    ValidationHtmlAttributeProvider validationAttributeProvider)
    : DefaultHtmlGenerator(antiforgery, options, metadataProvider, urlHelperFactory, htmlEncoder, validationAttributeProvider)
{
    public override TagBuilder? GenerateValidationSummary(ViewContext viewContext, bool excludePropertyErrors, string? message, string? headerTag, object? htmlAttributes)
    {
        var state = viewContext.ViewData.ModelState;
        var anythingToList = excludePropertyErrors
            ? state.TryGetValue(viewContext.ViewData.TemplateInfo.HtmlFieldPrefix, out var modelLevel) && modelLevel.Errors.Count > 0
            : state.ErrorCount > 0;
        return anythingToList ? base.GenerateValidationSummary(viewContext, excludePropertyErrors, message, headerTag, htmlAttributes) : null;
    }
}
