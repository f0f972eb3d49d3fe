using System.Diagnostics;
using System.Globalization;
using System.Xml;
using B2BPortal.Domain.Settlements;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Settlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Bench.Settlements;

/// <summary>
/// Import speed of a large camt.053 (issue 19: 50,000 entries in under 10 s, memory under 300 MB). Not BenchmarkDotNet:
/// one operation takes seconds, so each is run N times (default 5) on a fresh database and the median is reported with
/// the process's peak working set. Two measurements: the reader alone (parse, all-or-nothing in memory), and the full
/// import (hash, parse, one SaveChanges of statement + payments + audit) into a migrated database.
/// Run: dotnet run -c Release --project bench/B2BPortal.Bench.Settlements -- [entries=50000] [runs=5] [Sqlite|PostgreSQL]
/// PostgreSQL needs B2BPORTAL_BENCH_POSTGRES (an admin connection string; a database is created and dropped per run).
/// </summary>
internal static class SettlementsBench
{
    public static async Task Main(string[] args)
    {
        var entries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var provider = args.Length > 2 ? args[2] : "Sqlite";
        var file = Path.Combine(Path.GetTempPath(), $"bench-camt053-{entries}.xml");
        Write(file, entries);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"file: {entries:N0} entries (a tenth of them batch bookings of 3), {new FileInfo(file).Length / 1024.0 / 1024.0:0.0} MB, camt.053.001.08"));

        var limits = new SettlementLimits();
        var read = new List<double>();
        for (var n = 0; n < runs; n++)
        {
            var watch = Stopwatch.StartNew();
            await using var stream = File.OpenRead(file);
            var parsed = CamtReader.Read(stream, "bench.xml", limits);
            watch.Stop();
            read.Add(watch.Elapsed.TotalSeconds);
            if (parsed.Statements[0].BalanceProblem is { } problem)
            {
                throw new InvalidOperationException(problem);
            }
        }

        Report("read only", read);

        var import = new List<double>();
        for (var n = 0; n < runs; n++)
        {
            var (connection, drop) = await BenchDatabase.CreateAsync(provider);
            try
            {
                await using (var setup = Context(provider, connection))
                {
                    await setup.Database.MigrateAsync();
                }

                await using var db = Context(provider, connection);
                var importer = new StatementImporter(db, TimeProvider.System, Options.Create(limits));
                await using var stream = File.OpenRead(file);
                var watch = Stopwatch.StartNew();
                var result = await importer.ImportAsync(stream, "bench.xml", "bench", "bench", CancellationToken.None);
                watch.Stop();
                import.Add(watch.Elapsed.TotalSeconds);
                if (result.Payments != entries + (entries / 10 * 2))
                {
                    throw new InvalidOperationException($"Imported {result.Payments} payments.");
                }
            }
            finally
            {
                await drop();
            }
        }

        Report($"full import ({provider})", import);
        File.Delete(file);
    }

    private static HostedPortalDbContext Context(string provider, string connection) => provider == "Sqlite"
        ? new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(connection).Options)
        : new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(connection).Options);

    private static void Report(string what, List<double> seconds)
    {
        var sorted = seconds.Order().ToList();
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: median {sorted[sorted.Count / 2]:0.00} s (min {sorted[0]:0.00}, max {sorted[^1]:0.00}, {sorted.Count} runs); peak working set so far {self.PeakWorkingSet64 / 1024 / 1024} MB"));
    }

    /// <summary>A statement like a busy collection account's: credits with RF/QR references or invoice numbers in the text, some batch bookings, some debits.</summary>
    private static void Write(string path, int entries)
    {
        const string ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";
        using var w = XmlWriter.Create(path, new XmlWriterSettings { Indent = false });
        w.WriteStartElement("Document", ns);
        w.WriteStartElement("BkToCstmrStmt", ns);
        w.WriteStartElement("GrpHdr", ns);
        w.WriteElementString("MsgId", ns, "BENCH-1");
        w.WriteElementString("CreDtTm", ns, "2026-12-07T06:00:00+01:00");
        w.WriteEndElement();
        w.WriteStartElement("Stmt", ns);
        w.WriteElementString("Id", ns, $"BENCH-{entries}");
        w.WriteStartElement("Acct", ns);
        w.WriteStartElement("Id", ns);
        w.WriteElementString("IBAN", ns, "CH9300762011623852957");
        w.WriteEndElement();
        w.WriteElementString("Ccy", ns, "EUR");
        w.WriteEndElement();
        decimal credits = 0m, debits = 0m;
        var amounts = new decimal[entries];
        for (var n = 0; n < entries; n++)
        {
            amounts[n] = 100m + (n % 997) + ((n % 100) / 100m);
            if (n % 20 == 19)
            {
                debits += amounts[n];
            }
            else
            {
                credits += amounts[n];
            }
        }

        Balance(w, ns, "OPBD", 1_000_000m);
        Balance(w, ns, "CLBD", 1_000_000m + credits - debits);
        for (var n = 0; n < entries; n++)
        {
            var debit = n % 20 == 19;
            w.WriteStartElement("Ntry", ns);
            Amount(w, ns, "Amt", amounts[n]);
            w.WriteElementString("CdtDbtInd", ns, debit ? "DBIT" : "CRDT");
            w.WriteStartElement("Sts", ns);
            w.WriteElementString("Cd", ns, "BOOK");
            w.WriteEndElement();
            DateElement(w, ns, "BookgDt");
            DateElement(w, ns, "ValDt");
            w.WriteElementString("AcctSvcrRef", ns, $"BANK{n:D10}");
            w.WriteStartElement("NtryDtls", ns);
            var batch = n % 10 == 3 && !debit;
            var parts = batch ? 3 : 1;
            if (batch)
            {
                w.WriteStartElement("Btch", ns);
                w.WriteElementString("NbOfTxs", ns, "3");
                w.WriteEndElement();
            }

            var left = amounts[n];
            for (var p = 0; p < parts; p++)
            {
                var part = p == parts - 1 ? left : Math.Round(amounts[n] / parts, 2);
                left -= part;
                w.WriteStartElement("TxDtls", ns);
                w.WriteStartElement("Refs", ns);
                w.WriteElementString("EndToEndId", ns, $"E2E-{n}-{p}");
                w.WriteEndElement();
                Amount(w, ns, "Amt", part);
                w.WriteElementString("CdtDbtInd", ns, debit ? "DBIT" : "CRDT");
                w.WriteStartElement("RltdPties", ns);
                w.WriteStartElement(debit ? "Cdtr" : "Dbtr", ns);
                w.WriteStartElement("Pty", ns);
                w.WriteElementString("Nm", ns, $"Customer {n % 5000} GmbH");
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteStartElement(debit ? "CdtrAcct" : "DbtrAcct", ns);
                w.WriteStartElement("Id", ns);
                w.WriteElementString("IBAN", ns, $"DE{n % 5000:D20}");
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteStartElement("RmtInf", ns);
                if (n % 3 == 0)
                {
                    w.WriteStartElement("Strd", ns);
                    w.WriteStartElement("CdtrRefInf", ns);
                    w.WriteStartElement("Tp", ns);
                    w.WriteStartElement("CdOrPrtry", ns);
                    w.WriteElementString("Cd", ns, "SCOR");
                    w.WriteEndElement();
                    w.WriteEndElement();
                    w.WriteElementString("Ref", ns, PaymentReference.CreditorReferenceFor($"INV{100000 + n}"));
                    w.WriteEndElement();
                    w.WriteEndElement();
                }
                else
                {
                    w.WriteElementString("Ustrd", ns, $"Invoice INV-{100000 + n} thank you");
                }

                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Balance(XmlWriter w, string ns, string code, decimal amount)
    {
        w.WriteStartElement("Bal", ns);
        w.WriteStartElement("Tp", ns);
        w.WriteStartElement("CdOrPrtry", ns);
        w.WriteElementString("Cd", ns, code);
        w.WriteEndElement();
        w.WriteEndElement();
        Amount(w, ns, "Amt", amount);
        w.WriteElementString("CdtDbtInd", ns, "CRDT");
        w.WriteStartElement("Dt", ns);
        w.WriteElementString("Dt", ns, "2026-12-07");
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Amount(XmlWriter w, string ns, string name, decimal amount)
    {
        w.WriteStartElement(name, ns);
        w.WriteAttributeString("Ccy", "EUR");
        w.WriteString(amount.ToString("0.00", CultureInfo.InvariantCulture));
        w.WriteEndElement();
    }

    private static void DateElement(XmlWriter w, string ns, string name)
    {
        w.WriteStartElement(name, ns);
        w.WriteElementString("Dt", ns, "2026-12-07");
        w.WriteEndElement();
    }
}
