namespace B2BPortal.Integration.Spreadsheets;

/// <summary>
/// OWASP's rule against formula (CSV) injection: a text cell that starts with '=', '+', '-', '@', a tab or a carriage
/// return is what a spreadsheet program runs as a formula (=HYPERLINK(...), @SUM(...), -1+2), so the portal never writes
/// one as it is. Only text cells: a number written as a number (-3) is data, not a formula.
/// </summary>
public static class FormulaGuard
{
    public const char Escape = '\'';

    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    public static bool StartsLikeFormula(string? text) => text is { Length: > 0 } && Array.IndexOf(Triggers, text[0]) >= 0;

    /// <summary>For CSV, which has no cell types: a leading single quote, the prefix spreadsheet programs read as "this is text".</summary>
    public static string Neutralise(string text) => StartsLikeFormula(text) ? Escape + text : text;

    /// <summary>The reverse for files read back (an exported CSV imports unchanged): drops the quote only where <see cref="Neutralise"/> put one.</summary>
    public static string? Restore(string? text) =>
        text is { Length: > 1 } && text[0] == Escape && StartsLikeFormula(text[1..]) ? text[1..] : text;
}
