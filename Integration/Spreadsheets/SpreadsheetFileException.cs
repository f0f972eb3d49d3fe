namespace B2BPortal.Integration.Spreadsheets;

/// <summary>A spreadsheet refused as a whole (unreadable, over a limit); the message is written for the person who uploaded it.</summary>
public sealed class SpreadsheetFileException : Exception
{
    public const string NotReadable = "This is not a readable .xlsx file: it is damaged, password protected or not an Excel workbook. Save it again from Excel as .xlsx, or as CSV.";

    public SpreadsheetFileException() : this(NotReadable) { }

    public SpreadsheetFileException(string message) : base(message) { }

    public SpreadsheetFileException(string message, Exception inner) : base(message, inner) { }
}
