using B2BPortal.Domain.Common;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>A page that can reload what it shows after a failed post, so the form is re-rendered with its data.</summary>
public interface IFormPage
{
    Task LoadAsync(CancellationToken ct);
}

/// <summary>
/// The one place that turns a broken business rule into a form error: the message goes next to the field it names
/// (or above the form), the page is shown again with the user's input, and nothing is lost.
/// </summary>
internal sealed class DomainExceptionPageFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not DomainException rule || executed.HandlerInstance is not PageModel page)
        {
            return;
        }

        executed.ExceptionHandled = true;
        page.ModelState.AddModelError(rule.Field ?? string.Empty, rule.Message);
        if (page is IFormPage form)
        {
            await form.LoadAsync(context.HttpContext.RequestAborted);
        }

        page.HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        executed.Result = new PageResult();
    }
}
