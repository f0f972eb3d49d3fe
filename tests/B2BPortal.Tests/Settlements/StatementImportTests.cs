using System.Text;
using B2BPortal.Domain.Settlements;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Settlements;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace B2BPortal.Tests.Settlements;

/// <summary>Importing camt files into BankStatements/StatementEntries on a real database: all or nothing, duplicates add nothing and say so.</summary>
public sealed class StatementImportTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 7, 8, 30, 0, TimeSpan.Zero));

    private static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Settlements", "Files", name);

    private static async Task<StatementImportResult> ImportAsync(TestDatabase database, string name, byte[]? bytes = null)
    {
        await using var db = database.CreateContext();
        var importer = new StatementImporter(db, Clock, Options.Create(new SettlementLimits()));
        using var stream = new MemoryStream(bytes ?? await File.ReadAllBytesAsync(FixturePath(name)));
        return await importer.ImportAsync(stream, name, "user-1", "anna.accountant@example.com", CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_statement_is_stored_with_its_batches_split_and_a_second_import_adds_nothing_and_says_so(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        const string file = "dvbern-camt.053_P_CH0309000000250090342_380000000_0_2016053100163801.xml";

        var first = await ImportAsync(database, file);

        var imported = Assert.Single(first.Imported);
        Assert.Equal((13, 32), (imported.Entries, imported.Payments));
        Assert.Empty(first.Warnings);
        await using (var db = database.CreateContext())
        {
            var statement = await db.BankStatements().Include(s => s.Entries).SingleAsync();
            Assert.Equal(("20160430375204000008574", "CH0309000000250090342", "camt.053.001.04"), (statement.StatementId, statement.Account, statement.MessageName));
            Assert.Equal((322152.16m, 322689.77m, 0m), (statement.OpeningBalance!.Value, statement.ClosingBalance!.Value, statement.Difference!.Value));
            Assert.True(statement.AddsUp);
            Assert.Equal(10, statement.Entries.Count(e => e.ReferenceKind == ReferenceKind.IsrReference));
            var reversal = statement.Entries.Single(e => e.IsReversal && e.Amount.Amount == 6.00m);
            Assert.Equal(EntryDirection.Debit, reversal.Direction);
            Assert.Equal("Bernasconi Maria", reversal.CounterpartyName);
            Assert.Equal(10, statement.Entries.Count(e => e.BatchSize == 10));
            var audit = await db.AuditEntries.SingleAsync(a => a.EntityType == StatementImporter.AuditEntityType);
            Assert.Equal("Imported", audit.Action);
            Assert.Contains("32 payments", audit.After, StringComparison.Ordinal);
        }

        var again = await ImportAsync(database, file);
        Assert.True(again.NothingNew);
        Assert.Contains("This file was imported already", Assert.Single(again.AlreadyImported), StringComparison.Ordinal);
        Assert.Contains("anna.accountant@example.com", again.AlreadyImported[0], StringComparison.Ordinal);

        // The same statement in a different file (re-indented, as another bank tool would write it) is known by its id.
        var reindented = Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(FixturePath(file))).Replace("\t", "  ", StringComparison.Ordinal));
        var copy = await ImportAsync(database, "copy.xml", reindented);
        Assert.True(copy.NothingNew);
        Assert.Contains("Statement '20160430375204000008574' of account CH0309000000250090342 was imported already from", copy.AlreadyImported[0], StringComparison.Ordinal);

        await using (var db = database.CreateContext())
        {
            Assert.Equal(1, await db.BankStatements().CountAsync());
            Assert.Equal(32, await db.StatementEntries().CountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_statement_that_does_not_add_up_is_stored_flagged_with_its_difference(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await ImportAsync(database, "newinnovations-error-camt053.xml");

        Assert.Single(result.Imported);
        Assert.Contains("Does not add up", Assert.Single(result.Warnings), StringComparison.Ordinal);
        await using var db = database.CreateContext();
        var statement = await db.BankStatements().SingleAsync();
        Assert.Equal(-50.00m, statement.Difference);
        Assert.False(statement.AddsUp);
        Assert.StartsWith("Does not add up", statement.BalanceProblem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_refused_file_stores_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var text = await File.ReadAllTextAsync(FixturePath("newinnovations-test-camt053.xml"));
        var start = text.IndexOf("<Stmt>", StringComparison.Ordinal);
        var end = text.IndexOf("</Stmt>", StringComparison.Ordinal) + "</Stmt>".Length;
        // Two statements, the second with a negative amount in its last entry: the first must not be stored either.
        var second = text[start..end].Replace("<Id>0000000000</Id>", "<Id>0000000001</Id>", StringComparison.Ordinal)
            .Replace("<Amt Ccy=\"EUR\">50.00</Amt>", "<Amt Ccy=\"EUR\">-50.00</Amt>", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text.Insert(end, second));

        var error = await Assert.ThrowsAsync<SettlementFileException>(() => ImportAsync(database, "two.xml", bytes));

        Assert.Contains("statement '0000000001', entry 2 (REF002) has a negative amount", error.Message, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.BankStatements().CountAsync());
        Assert.Equal(0, await db.StatementEntries().CountAsync());
    }

    [Fact]
    public async Task Every_bank_file_imports_and_a_notification_keeps_its_referred_documents()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Settlements", "Files"), "*.xml").Order())
        {
            var result = await ImportAsync(database, Path.GetFileName(file));
            if (file.EndsWith("newinnovations-test-camt053.xml", StringComparison.Ordinal))
            {
                // The same bank statement id as the error file (which differs only in its closing balance): refused as a duplicate, by name.
                Assert.Empty(result.Imported);
                Assert.Contains("Statement '0000000000' of account NL00SNSB0000000000 was imported already from 'newinnovations-error-camt053.xml'", Assert.Single(result.AlreadyImported), StringComparison.Ordinal);
            }
            else
            {
                Assert.NotEmpty(result.Imported);
            }
        }

        await using var db = database.CreateContext();
        Assert.Equal(5, await db.BankStatements().CountAsync());
        var flagged = await db.BankStatements().Where(s => s.BalanceProblem != null).Select(s => s.FileName).OrderBy(f => f).ToListAsync();
        Assert.Equal(["newinnovations-error-camt053.xml", "viafintech-valid_example_v8.xml"], flagged);
        var documents = await db.StatementEntries().Where(e => e.ReferredDocuments != null).Select(e => e.ReferredDocuments).ToListAsync();
        Assert.Contains(documents, d => d!.StartsWith("CINV 9580572; CREN 00000000000009580521", StringComparison.Ordinal));
        Assert.Contains("CREN 9582095", documents);
        var remittance = await db.StatementEntries().Where(e => e.RemittanceText == "INVOICE R77561").SingleAsync();
        Assert.Equal("Jon Doe", remittance.CounterpartyName);
    }
}
