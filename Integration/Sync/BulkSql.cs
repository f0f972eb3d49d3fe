using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace B2BPortal.Integration.Sync;

/// <summary>
/// Set-based writes for bulk syncs: one multi-row statement per chunk instead of one tracked entity per row. Values go
/// through the model's own converters (SQLite's scaled decimals and binary times), names through the provider's
/// quoting, so the statements see the same columns and encodings EF does.
/// </summary>
internal sealed class BulkSql(DbContext db)
{
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    public bool IsSqlServer => db.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true;

    /// <summary>How many rows fit in one statement: SQL Server takes at most 2,100 parameters.</summary>
    public int RowsPerStatement(int columns) => Math.Max(1, (IsSqlServer ? 2000 : 30000) / columns);

    public string Q(string identifier) => _sql.DelimitIdentifier(identifier);

    public static object? Provider(IReadOnlyProperty property, object? value)
    {
        var converter = property.GetTypeMapping().Converter;
        return converter is null || value is null ? value : converter.ConvertToProvider(value);
    }

    /// <summary>Builds <c>(p0, p1, …), (…)</c> for the rows, adding their values to <paramref name="parameters"/>.</summary>
    public static string Values(IEnumerable<object?[]> rows, List<object?> parameters)
    {
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            sb.Append(sb.Length == 0 ? "(" : ", (");
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(", ");
                }

                sb.Append('{').Append(parameters.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
                parameters.Add(row[i]);
            }

            sb.Append(')');
        }

        return sb.ToString();
    }

    public Task<int> ExecuteAsync(string sql, List<object?> parameters, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(sql, parameters.Select(p => p ?? DBNull.Value), ct);
}
