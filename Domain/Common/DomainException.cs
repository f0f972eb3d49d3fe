namespace B2BPortal.Domain.Common;

/// <summary>
/// The one exception type for a broken business rule. Pages show its message next to the form;
/// the API turns it into a 400/409 ProblemDetails. Anything else is a bug and gets the error page.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string message) : base(message) { }

    public DomainException(string message, string? field) : base(message) => Field = field;

    public DomainException() { }

    public DomainException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The input field the rule concerns, when there is one, so the page can put the message beside it.</summary>
    public string? Field { get; }
}
