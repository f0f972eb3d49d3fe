using System.Globalization;
using B2BPortal.Domain.Audit;
using B2BPortal.Integration.Spreadsheets;

namespace B2BPortal.Integration.Audit;

/// <summary>The audit log export (CSV or XLSX) through <see cref="SheetWriter"/>: every text cell formula-neutralised, since actors, ids and values come from users.</summary>
public static class AuditFiles
{
    public static async Task WriteAsync(IAsyncEnumerable<AuditRow> rows, bool xlsx, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var sheet = xlsx ? SheetWriter.Xlsx(output, "Audit log") : SheetWriter.Csv(output);
        foreach (var column in new[] { "When (UTC)", "Who", "Company", "Entity", "Entity id", "Action", "Before", "After" })
        {
            sheet.Text(column);
        }

        await sheet.EndRowAsync(ct);
        await foreach (var row in rows.WithCancellation(ct))
        {
            sheet.Text(row.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            sheet.Text(row.ActorName);
            sheet.Text(row.CompanyName ?? "");
            sheet.Text(row.EntityType);
            sheet.Text(row.EntityId);
            sheet.Text(row.Action);
            sheet.Text(row.Before);
            sheet.Text(row.After);
            await sheet.EndRowAsync(ct);
        }

        await sheet.CompleteAsync(ct);
    }
}
