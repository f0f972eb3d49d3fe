using System.Text;
using B2BPortal.Domain.Settlements;
using B2BPortal.Integration.Settlements;

namespace B2BPortal.Tests.Settlements;

/// <summary>The camt reader against every real bank file in Settlements/Files (copied unchanged from shared/partners/camt), and against hostile ones.</summary>
public sealed class CamtReaderTests
{
    private static readonly SettlementLimits Limits = new();

    internal static CamtFile ReadFixture(string name)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Settlements", "Files", name));
        return CamtReader.Read(stream, name, Limits);
    }

    private static SettlementFileException Refused(string xml, string name = "bad.xml", SettlementLimits? limits = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        return Assert.Throws<SettlementFileException>(() => CamtReader.Read(stream, name, limits ?? Limits));
    }

    [Fact]
    public void Version_02_with_PRCD_instead_of_OPBD_and_a_batch_booking_reconciles_and_splits_the_batch()
    {
        var file = ReadFixture("viafintech-053-valid_example.xml");

        Assert.Equal(SettlementMessageKind.Statement, file.Kind);
        Assert.Equal("camt.053.001.02", file.MessageName);
        var statement = Assert.Single(file.Statements);
        Assert.Equal("0352C5320131227220503", statement.Id);
        Assert.Equal("DE14740618130000033626", statement.Account);
        Assert.Equal("PRCD", statement.Opening!.Code);
        Assert.Equal(33.06m, statement.Opening.Amount.Amount);
        Assert.Equal(23.06m, statement.Closing!.Amount.Amount);
        Assert.Equal(4, statement.Entries.Count);
        Assert.Equal(0m, statement.Difference);
        Assert.Null(statement.BalanceProblem);

        var batch = statement.Entries[3];
        Assert.Equal(EntryDirection.Debit, batch.Direction);
        Assert.Equal(2, batch.BatchCount);
        Assert.Null(batch.SplitProblem);
        Assert.Equal([3.50m, 2.50m], batch.Transactions.Select(t => t.Amount.Amount));
        Assert.All(batch.Transactions, t => Assert.NotEmpty(t.RemittanceLines));

        var first = statement.Entries[0];
        Assert.Equal("1234567890sdfghjk", first.EntryReference);
        Assert.Equal(new DateOnly(2013, 12, 27), first.BookingDate);
        Assert.Equal("Wayne Enterprises", first.Transactions[0].DebtorName);
        Assert.Equal("DE24302201900609832118", first.Transactions[0].DebtorAccount);
        Assert.Equal("740618130100033626", statement.Entries[2].Transactions[0].DebtorAccount);
    }

    [Fact]
    public void Version_04_PostFinance_statement_reads_its_batches_ISR_references_charges_and_reversals()
    {
        var file = ReadFixture("dvbern-camt.053_P_CH0309000000250090342_380000000_0_2016053100163801.xml");

        Assert.Equal("camt.053.001.04", file.MessageName);
        var statement = Assert.Single(file.Statements);
        Assert.Equal("CHF", statement.Currency);
        Assert.Equal("OPBD", statement.Opening!.Code);
        Assert.Equal(13, statement.Entries.Count);
        Assert.Equal(32, statement.Entries.Sum(e => e.Transactions.Count));
        Assert.Equal(0m, statement.Difference);

        var batches = statement.Entries.Where(e => e.BatchCount is not null).Select(e => e.Transactions.Count).OrderDescending().ToList();
        Assert.Equal([10, 8, 3, 2, 1, 1, 1], batches);
        Assert.All(statement.Entries, e => Assert.Null(e.SplitProblem));

        var reversals = statement.Entries.Where(e => e.IsReversal).ToList();
        Assert.Equal([6.00m, 15.53m], reversals.Select(e => e.Amount.Amount).Order());
        Assert.All(reversals, e => Assert.Equal(EntryDirection.Debit, e.Direction));

        var isr = statement.Entries.SelectMany(e => e.Transactions).SelectMany(t => t.References).ToList();
        Assert.Equal(10, isr.Count);
        Assert.All(isr, r => Assert.Equal(ReferenceKind.IsrReference, r.Kind));
        Assert.Contains(isr, r => r.Value == "000000000002015110002913192");

        var thousand = statement.Entries.Single(e => e.EntryReference == "010000004" && e.Amount.Amount == 1000m);
        Assert.Equal(5.60m, thousand.Charges!.Value.Amount);
        Assert.Equal(1.24m, thousand.Transactions[0].Charges!.Value.Amount);
        Assert.Equal(new DateOnly(2016, 5, 30), thousand.ValueDate);
        Assert.Equal("PMNT/RCDT/VCOM", thousand.BankTransactionCode);
    }

    [Fact]
    public void Version_08_statement_reads_RF_and_QR_references_and_flags_that_it_does_not_add_up()
    {
        var file = ReadFixture("viafintech-valid_example_v8.xml");

        Assert.Equal("camt.053.001.08", file.MessageName);
        var statement = Assert.Single(file.Statements);
        Assert.Equal(3, statement.Entries.Count);

        var invoice = statement.Entries[0].Transactions.Single();
        Assert.Equal("Jon Doe", invoice.DebtorName);
        Assert.Equal(["INVOICE R77561"], invoice.RemittanceLines);
        Assert.Equal("BOOK", statement.Entries[0].Status);

        var rf = Assert.Single(statement.Entries[1].Transactions.Single().References);
        Assert.Equal(ReferenceKind.CreditorReference, rf.Kind);
        Assert.True(rf.ChecksumValid);
        Assert.Equal("Finanz AG", statement.Entries[1].Transactions.Single().DebtorName);

        var foreign = statement.Entries[2];
        Assert.Equal("EUR", foreign.Amount.Currency);
        Assert.Equal(19.69m, foreign.AccountAmount!.Value.Amount);
        var qr = Assert.Single(foreign.Transactions.Single().References);
        Assert.Equal(ReferenceKind.QrReference, qr.Kind);
        Assert.False(qr.ChecksumValid); // the upstream fixture's check digit is 8; the recursive mod 10 gives 1

        Assert.NotEqual(0m, statement.Difference);
        Assert.StartsWith("Does not add up", statement.BalanceProblem);
        Assert.Contains("84,515.25", statement.BalanceProblem);
    }

    [Fact]
    public void The_statement_whose_closing_balance_is_wrong_is_flagged_with_its_difference()
    {
        var good = Assert.Single(ReadFixture("newinnovations-test-camt053.xml").Statements);
        var bad = Assert.Single(ReadFixture("newinnovations-error-camt053.xml").Statements);

        Assert.Null(good.BalanceProblem);
        Assert.Equal(950.00m, good.ComputedClosing);
        Assert.Equal(-50.00m, bad.Difference);
        Assert.Equal(950.00m, bad.ComputedClosing);
        Assert.Contains("difference -50.00", bad.BalanceProblem);

        var rf = Assert.Single(good.Entries[1].Transactions.Single().References);
        Assert.Equal("RF123456", rf.Value);
        Assert.False(rf.ChecksumValid);
        Assert.Equal(new DateOnly(2026, 3, 5), good.Entries[0].BookingDate);
        Assert.Equal(2, good.DeclaredEntryCount);
    }

    [Fact]
    public void Camt054_notification_reads_national_references_referred_documents_and_several_remittance_lines()
    {
        var file = ReadFixture("jbank-camt_054_credit_notoification_example_finland.xml");

        Assert.Equal(SettlementMessageKind.Notification, file.Kind);
        Assert.Equal("camt.054.001.02", file.MessageName);
        var notification = Assert.Single(file.Statements);
        Assert.Null(notification.Opening);
        Assert.Null(notification.BalanceProblem);
        Assert.Equal(4, notification.Entries.Count);
        Assert.Equal(7048.00m, notification.Credits);

        var second = notification.Entries[1].Transactions.Single();
        var national = Assert.Single(second.References);
        Assert.Equal(ReferenceKind.NationalReference, national.Kind);
        Assert.Equal("9544208", national.Value);
        var creditNote = Assert.Single(second.ReferredDocuments);
        Assert.True(creditNote.IsCreditNote);
        Assert.Equal(628.68m, creditNote.Amount!.Value.Amount);

        var third = notification.Entries[2].Transactions.Single();
        Assert.Contains(third.ReferredDocuments, d => d is { Type: "CINV", Number: "9580572" } && d.Amount!.Value.Amount == 6256.7m);
        Assert.Contains(notification.Entries.SelectMany(e => e.Transactions), t => t.RemittanceLines.Count == 5);
    }

    [Fact]
    public void Several_statements_in_one_file_are_each_read()
    {
        var one = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Settlements", "Files", "newinnovations-test-camt053.xml"));
        var start = one.IndexOf("<Stmt>", StringComparison.Ordinal);
        var end = one.IndexOf("</Stmt>", StringComparison.Ordinal) + "</Stmt>".Length;
        var second = one[start..end].Replace("<Id>0000000000</Id>", "<Id>0000000001</Id>", StringComparison.Ordinal);
        var xml = one.Insert(end, second);

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        var file = CamtReader.Read(stream, "two.xml", Limits);

        Assert.Equal(["0000000000", "0000000001"], file.Statements.Select(s => s.Id));
        Assert.All(file.Statements, s => Assert.Equal(2, s.Entries.Count));
    }

    [Fact]
    public void A_DTD_with_an_external_entity_is_refused_before_anything_is_read()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var error = Refused($"""
                <?xml version="1.0"?>
                <!DOCTYPE Document [<!ENTITY xxe SYSTEM "file://{secret}">]>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>&xxe;</MsgId></GrpHdr></BkToCstmrStmt></Document>
                """, "xxe.xml");
            Assert.Contains("'xxe.xml'", error.Message);
            Assert.Contains("document type declaration", error.Message);
            Assert.DoesNotContain("TOP-SECRET", error.Message);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Entity_expansion_bombs_are_refused()
    {
        var error = Refused("""
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&lol2;</Document>
            """);
        Assert.Contains("document type declaration", error.Message);
    }

    [Theory]
    [InlineData("urn:iso:std:iso:20022:tech:xsd:camt.053.001.11", "camt.053.001.11, a version the portal does not read")]
    [InlineData("urn:iso:std:iso:20022:tech:xsd:camt.052.001.02", "camt.052.001.02 message")]
    [InlineData("urn:example:not-a-bank", "not an ISO 20022 camt file")]
    public void Unknown_namespaces_and_versions_are_refused_by_name(string ns, string expected)
    {
        var error = Refused($"""<Document xmlns="{ns}"><BkToCstmrStmt/></Document>""", "other.xml");
        Assert.Contains("'other.xml'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Malformed_xml_is_refused_with_the_file_and_the_statement_it_broke_in()
    {
        var xml = Fixture("newinnovations-test-camt053.xml").Replace("</RmtInf>", "", StringComparison.Ordinal);
        var error = Refused(xml, "broken.xml");
        Assert.Contains("'broken.xml' is not well-formed XML in statement '0000000000'", error.Message);
    }

    [Fact]
    public void A_negative_amount_is_refused_naming_the_entry()
    {
        var xml = Fixture("newinnovations-test-camt053.xml").Replace("<Amt Ccy=\"EUR\">50.00</Amt>", "<Amt Ccy=\"EUR\">-50.00</Amt>", StringComparison.Ordinal);
        var error = Refused(xml, "sign.xml");
        Assert.Equal("'sign.xml', statement '0000000000', entry 2 (REF002) has a negative amount Amt '-50.00'; camt amounts are never negative, the direction is in CdtDbtInd. Nothing from the file was imported.", error.Message);
    }

    [Fact]
    public void A_missing_credit_debit_indicator_and_an_unknown_currency_are_refused_naming_the_entry()
    {
        var indicator = Refused(Fixture("newinnovations-test-camt053.xml").Replace("<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>", "<CdtDbtInd>XXXX</CdtDbtInd>\n        <Sts>", StringComparison.Ordinal));
        Assert.Contains("entry 2 (REF002) has no valid credit/debit indicator", indicator.Message);

        var currency = Refused(Fixture("newinnovations-test-camt053.xml").Replace("<Amt Ccy=\"EUR\">100.00</Amt>", "<Amt Ccy=\"XQZ\">100.00</Amt>", StringComparison.Ordinal));
        Assert.Contains("entry 1 (REF001) is in currency 'XQZ'", currency.Message);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        var error = Refused(Fixture("newinnovations-test-camt053.xml"), "huge.xml", new SettlementLimits { MaxFileBytes = 2048 });
        Assert.Contains("'huge.xml' is", error.Message);
        Assert.Contains("the limit is", error.Message);
    }

    [Fact]
    public void Bytes_invalid_in_the_declared_encoding_are_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Fixture("newinnovations-test-camt053.xml").Replace("John Doe", "John#Doe", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)'#');
        bytes[at] = 0xFF;
        using var stream = new MemoryStream(bytes);
        var error = Assert.Throws<SettlementFileException>(() => CamtReader.Read(stream, "latin.xml", Limits));
        Assert.Contains("'latin.xml'", error.Message);
    }

    [Fact]
    public void Too_many_entries_are_refused()
    {
        var error = Refused(Fixture("newinnovations-test-camt053.xml"), "many.xml", new SettlementLimits { MaxEntries = 1 });
        Assert.Contains("more than 1 entries", error.Message);
    }

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Settlements", "Files", name));
}
