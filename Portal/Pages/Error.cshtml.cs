using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Pages;

/// <summary>The friendly error page: a correlation id to quote, never a stack trace.</summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string CorrelationId { get; private set; } = string.Empty;

    public void OnGet() => CorrelationId = Infrastructure.ProblemDetailsSetup.CorrelationId(HttpContext);

    public void OnPost() => OnGet();
}
