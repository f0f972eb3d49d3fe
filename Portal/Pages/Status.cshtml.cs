using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages;

/// <summary>Status code pages (404 and friends) for browsers; the API keeps its ProblemDetails.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public string? OriginalPath { get; private set; }

    /// <summary>For 413: what the form accepts (e.g. "Price-list files may be up to 20 MB").</summary>
    public string? UploadLimit { get; private set; }

    /// <remarks>
    /// No handler parameters or bound properties, so model binding never runs: for a re-executed POST it would read the
    /// refused request's form, and for an upload over the limit that read fails (Kestrel's body limit of the form's
    /// endpoint still applies), leaving the code unbound and the page saying "Something went wrong".
    /// </remarks>
    public void OnGet()
    {
        Code = Convert.ToInt32(RouteData.Values["code"], CultureInfo.InvariantCulture);
        OriginalPath = Infrastructure.HttpContextFeatures.OriginalPath(HttpContext);
        UploadLimit = Infrastructure.UploadLimits.RefusedUploadLimit(HttpContext);
    }

    public void OnPost() => OnGet();
}
