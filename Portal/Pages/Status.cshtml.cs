using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages;

/// <summary>Status code pages (404 and friends) for browsers; the API keeps its ProblemDetails.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public string? OriginalPath { get; private set; }

    public void OnGet(int code)
    {
        Code = code;
        OriginalPath = Infrastructure.HttpContextFeatures.OriginalPath(HttpContext);
    }

    public void OnPost(int code) => OnGet(code);
}
