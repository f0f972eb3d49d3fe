using System.Globalization;
using System.Security.Cryptography;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Integration.Settlements;

/// <summary>What an import did, in words an accountant can act on.</summary>
/// <param name="Imported">Statements stored now.</param>
/// <param name="AlreadyImported">Statements of the file that were there already, each with when and by whom.</param>
/// <param name="Warnings">Statements stored that do not add up, batches that could not be split: shown, never hidden.</param>
public sealed record StatementImportResult(string FileName, IReadOnlyList<ImportedStatement> Imported, IReadOnlyList<string> AlreadyImported, IReadOnlyList<string> Warnings)
{
    /// <summary>What matching made of each statement stored now (empty when the importer was made without matching).</summary>
    public IReadOnlyList<MatchRunResult> Matching { get; init; } = [];

    public bool NothingNew => Imported.Count == 0;

    public int Payments => Imported.Sum(s => s.Payments);
}

public sealed record ImportedStatement(int Id, string StatementId, string Account, int Entries, int Payments, string? BalanceProblem);

/// <summary>
/// Imports a camt file: reads all of it first (a refused file stores nothing), skips the file when the same bytes were
/// imported before and each statement whose bank id is already stored for its account, and saves the rest — statements,
/// their payments (batch bookings split) and an audit entry each — in one SaveChanges.
/// </summary>
/// <remarks>With <see cref="SettlementMatching"/> (as the Portal wires it), each statement stored is matched right after the import commits: a failed run leaves its payments pending for the next run, never the import half-done.</remarks>
public sealed class StatementImporter(PortalDbContext db, TimeProvider time, IOptions<SettlementLimits> limits, SettlementMatching? matching = null)
{
    public const string AuditEntityType = "BankStatement";

    private const int ChunkSize = 2000;

    /// <param name="content">The file; read twice (hash, then parse), so it must be seekable — a buffered upload or a file.</param>
    public async Task<StatementImportResult> ImportAsync(Stream content, string fileName, string actorId, string actorName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            throw new ArgumentException("The statement file must be seekable.", nameof(content));
        }

        var name = Path.GetFileName(fileName ?? "statement.xml");
        if (content.Length > limits.Value.MaxFileBytes)
        {
            throw new SettlementFileException(string.Create(CultureInfo.InvariantCulture,
                $"'{name}' is {content.Length / 1024.0 / 1024.0:0.0} MB; the limit is {limits.Value.MaxFileBytes / 1024 / 1024} MB."));
        }

        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, ct));
        var earlier = await db.BankStatements().AsNoTracking().Where(s => s.ContentHash == hash)
            .Select(s => new { s.StatementId, s.FileName, s.ImportedAt, s.ImportedBy }).ToListAsync(ct);
        if (earlier.Count > 0)
        {
            var first = earlier[0];
            return new StatementImportResult(name, [], [string.Create(CultureInfo.InvariantCulture,
                $"This file was imported already, as '{first.FileName}' on {first.ImportedAt:yyyy-MM-dd HH:mm} UTC by {first.ImportedBy} ({earlier.Count} statement(s)); nothing was added.")], []);
        }

        content.Position = 0;
        var file = CamtReader.Read(content, name, limits.Value);

        var accounts = file.Statements.Select(s => s.Account).Distinct().ToList();
        var ids = file.Statements.Select(s => s.Id).Distinct().ToList();
        var stored = await db.BankStatements().AsNoTracking()
            .Where(s => s.Kind == file.Kind && accounts.Contains(s.Account) && ids.Contains(s.StatementId))
            .Select(s => new { s.Account, s.StatementId, s.FileName, s.ImportedAt, s.ImportedBy }).ToListAsync(ct);

        var now = time.GetUtcNow();
        var toAdd = new List<CamtStatement>();
        var skipped = new List<string>();
        var warnings = new List<string>();
        foreach (var statement in file.Statements)
        {
            var before = stored.FirstOrDefault(s => s.Account == statement.Account && s.StatementId == statement.Id);
            if (before is not null || toAdd.Any(a => a.Account == statement.Account && a.Id == statement.Id))
            {
                skipped.Add(before is null
                    ? $"Statement '{statement.Id}' appears twice in the file; it was imported once."
                    : string.Create(CultureInfo.InvariantCulture,
                        $"Statement '{statement.Id}' of account {statement.Account} was imported already from '{before.FileName}' on {before.ImportedAt:yyyy-MM-dd HH:mm} UTC by {before.ImportedBy}; it was skipped."));
                continue;
            }

            toAdd.Add(statement);
            if (statement.BalanceProblem is { } problem)
            {
                warnings.Add($"Statement '{statement.Id}': {problem}");
            }

            warnings.AddRange(statement.Entries.Where(e => e.SplitProblem is not null).Select(e => $"Statement '{statement.Id}', entry {e.Number}: {e.SplitProblem}"));
        }

        if (toAdd.Count == 0)
        {
            return new StatementImportResult(name, [], skipped, warnings);
        }

        List<ImportedStatement> imported;
        try
        {
            imported = await SaveAsync(file, toAdd, name, hash, now, actorId, actorName, ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await AnyStoredAsync(file, ct))
            {
                throw;
            }

            // Someone imported the same statement between our check and our save: the unique index kept it single.
            return new StatementImportResult(name, [], [$"The statements of '{name}' were imported by someone else at the same moment; nothing was added."], []);
        }

        var result = new StatementImportResult(name, imported, skipped, warnings);
        if (matching is null)
        {
            return result;
        }

        var actor = Domain.Common.Actor.User(actorId, actorName, null, new HashSet<string>());
        var runs = new List<MatchRunResult>();
        foreach (var statement in imported)
        {
            runs.Add(await matching.MatchStatementAsync(statement.Id, actor, ct));
        }

        return result with { Matching = runs };
    }

    /// <summary>
    /// One transaction for the whole file (nothing half-imported), written in chunks with the change tracker cleared
    /// between them: tracking 60,000 payments at once would take several hundred MB and most of the time.
    /// </summary>
    private async Task<List<ImportedStatement>> SaveAsync(CamtFile file, List<CamtStatement> statements, string name, string hash, DateTimeOffset now, string actorId, string actorName, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var result = new List<ImportedStatement>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var statement in statements)
            {
                var header = ToEntity(file, statement, name, hash, now, actorName);
                db.BankStatements().Add(header);
                await db.SaveChangesAsync(ct);
                var payments = 0;
                foreach (var chunk in Payments(statement).Chunk(ChunkSize))
                {
                    foreach (var payment in chunk)
                    {
                        payment.BelongTo(header.Id);
                    }

                    db.StatementEntries().AddRange(chunk);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    payments += chunk.Length;
                }

                db.AuditEntries.Add(new AuditEntry(now, actorId, actorName, null, AuditEntityType, header.Id.ToString(CultureInfo.InvariantCulture), "Imported",
                    null, string.Create(CultureInfo.InvariantCulture,
                        $"{header.MessageName} '{header.StatementId}' account {header.Account} from '{name}': {payments} payments, credits {header.Credits:N2}, debits {header.Debits:N2} {header.Currency}{(header.BalanceProblem is null ? "" : "; " + header.BalanceProblem)}")));
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                result.Add(new ImportedStatement(header.Id, header.StatementId, header.Account, statement.Entries.Count, payments, header.BalanceProblem));
            }

            await transaction.CommitAsync(ct);
            return result;
        });
    }

    private async Task<bool> AnyStoredAsync(CamtFile file, CancellationToken ct)
    {
        var ids = file.Statements.Select(s => s.Id).ToList();
        return await db.BankStatements().AsNoTracking().AnyAsync(s => s.Kind == file.Kind && ids.Contains(s.StatementId), ct);
    }

    internal static BankStatement ToEntity(CamtFile file, CamtStatement statement, string fileName, string hash, DateTimeOffset now, string actorName)
    {
        var entity = new BankStatement(file.Kind, statement.Id, statement.Account, statement.Currency, fileName, hash, now, actorName);
        entity.Describe(file.MessageName, file.MessageId, statement.SequenceNumber, statement.CreatedAt, statement.FromDate, statement.ToDate);
        entity.SetBalances(statement.Opening?.Code, statement.Opening?.Amount.Amount, statement.Closing?.Amount.Amount, statement.Credits, statement.Debits, statement.Difference, statement.BalanceProblem);
        return entity;
    }

    /// <summary>The statement's payments: each booking, or each payment of a batch booking whose details add up.</summary>
    internal static IEnumerable<StatementEntry> Payments(CamtStatement statement)
    {
        foreach (var entry in statement.Entries)
        {
            // A batch whose details do not add up to the booking stays one payment: matching its parts would book money the bank did not move.
            var split = entry.SplitProblem is null;
            var payments = split ? entry.Transactions : [Merge(entry)];
            foreach (var tx in payments)
            {
                var row = new StatementEntry(entry.Number, tx.Number, tx.Amount, tx.Direction, entry.IsReversal, entry.BookingDate, entry.ValueDate);
                row.Details(split ? entry.Transactions.Count : 1, entry.Status, (tx.Charges ?? (payments.Count == 1 ? entry.Charges : null))?.Amount,
                    entry.EntryReference, tx.BankReference ?? entry.BankReference, tx.EndToEndId ?? tx.TransactionId, entry.BankTransactionCode, entry.SplitProblem);
                // Money in comes from the debtor; a reversal turns it round (a DBIT reversal takes back a credit, so its party is the debtor who paid).
                var incoming = (tx.Direction == EntryDirection.Credit) != entry.IsReversal;
                row.Remittance(incoming ? tx.DebtorName : tx.CreditorName, incoming ? tx.DebtorAccount : tx.CreditorAccount,
                    tx.References.Count > 0 ? tx.References[0] : null, tx.ReferredDocuments, tx.RemittanceLines.Count > 0 || entry.AdditionalInfo is null ? tx.RemittanceLines : [entry.AdditionalInfo]);
                yield return row;
            }
        }
    }

    private static CamtTransaction Merge(CamtEntry entry)
    {
        var first = entry.Transactions[0];
        return first with
        {
            Number = 1,
            Amount = entry.Amount,
            Direction = entry.Direction,
            References = [.. entry.Transactions.SelectMany(t => t.References)],
            ReferredDocuments = [.. entry.Transactions.SelectMany(t => t.ReferredDocuments)],
            RemittanceLines = [.. entry.Transactions.SelectMany(t => t.RemittanceLines)],
            Charges = entry.Charges,
        };
    }
}
