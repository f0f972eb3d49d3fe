namespace B2BPortal.Domain.Common;

/// <summary>
/// User input quoted back in a message or a report: at most a short prefix, so a cell of millions of characters is named,
/// not sent back (or stored) whole.
/// </summary>
public static class Echo
{
    public const int MaxLength = 40;

    public static string Of(string? text) => text is null ? string.Empty : text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "…");
}
