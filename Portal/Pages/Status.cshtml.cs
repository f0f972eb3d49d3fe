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

    public void OnGet(int code)
    {
        Code = code;
        OriginalPath = Infrastructure.HttpContextFeatures.OriginalPath(HttpContext);
        UploadLimit = Infrastructure.UploadLimits.RefusedUploadLimit(HttpContext);
    }

    public void OnPost(int code) => OnGet(code);
}
