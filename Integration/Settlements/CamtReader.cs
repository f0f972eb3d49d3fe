using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Settlements;

namespace B2BPortal.Integration.Settlements;

/// <summary>
/// Reads ISO 20022 camt.053 (bank-to-customer statement) and camt.054 (debit/credit notification) files, versions
/// 001.02, 001.04 and 001.08, one or several statements per file. The file is streamed with an <see cref="XmlReader"/>:
/// only one header block or one entry (Ntry) is in memory at a time, never the whole document. DTDs are prohibited and
/// no resolver is set, so external entities and entity expansion (XXE, billion laughs) are refused before anything is
/// read. Every problem throws a <see cref="SettlementFileException"/> naming the file and, where it is one entry's
/// fault, the statement and entry; the caller imports nothing of a refused file.
/// </summary>
public static class CamtReader
{
    public const string NamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:";

    /// <summary>The versions read and checked against real banks' files (tests/…/Settlements/Files).</summary>
    public static readonly IReadOnlyList<string> SupportedVersions = ["02", "04", "08"];

    public static CamtFile Read(Stream content, string fileName, SettlementLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        if (content.CanSeek && content.Length > limits.MaxFileBytes)
        {
            throw new SettlementFileException(string.Create(CultureInfo.InvariantCulture,
                $"'{fileName}' is {content.Length / 1024.0 / 1024.0:0.0} MB; the limit is {limits.MaxFileBytes / 1024 / 1024} MB. Ask the bank for daily files or split the period."));
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = limits.MaxFileBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };

        var context = new ReadContext(fileName, limits);
        try
        {
            using var reader = XmlReader.Create(content, settings);
            return ReadDocument(reader, context);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new SettlementFileException($"'{fileName}' contains a document type declaration (DTD). Bank statements never do; the file is refused so that no external entity is ever read.", ex);
        }
        catch (XmlException ex)
        {
            throw new SettlementFileException($"'{fileName}' is not well-formed XML{context.Where()}: {ex.Message}", ex);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw new SettlementFileException($"'{fileName}' has bytes that are not valid in its declared encoding{context.Where()}: {ex.Message}", ex);
        }
    }

    private static CamtFile ReadDocument(XmlReader r, ReadContext context)
    {
        r.MoveToContent();
        var ns = r.NamespaceURI;
        if (r.LocalName != "Document" || !ns.StartsWith(NamespacePrefix, StringComparison.Ordinal))
        {
            throw new SettlementFileException($"'{context.FileName}' is not an ISO 20022 camt file: its root is <{r.LocalName}> in namespace '{ns}'.");
        }

        var message = ns[NamespacePrefix.Length..];
        SettlementMessageKind kind;
        string body, item;
        if (message.StartsWith("camt.053.001.", StringComparison.Ordinal))
        {
            (kind, body, item) = (SettlementMessageKind.Statement, "BkToCstmrStmt", "Stmt");
        }
        else if (message.StartsWith("camt.054.001.", StringComparison.Ordinal))
        {
            (kind, body, item) = (SettlementMessageKind.Notification, "BkToCstmrDbtCdtNtfctn", "Ntfctn");
        }
        else
        {
            throw new SettlementFileException($"'{context.FileName}' is a {message} message; the portal imports camt.053 statements and camt.054 notifications.");
        }

        var version = message["camt.053.001.".Length..];
        if (!SupportedVersions.Contains(version))
        {
            throw new SettlementFileException(
                $"'{context.FileName}' is {message}, a version the portal does not read; supported are 001.{string.Join(", 001.", SupportedVersions)}. Ask the bank for one of these.");
        }

        XNamespace x = ns;
        string messageId = "";
        DateTimeOffset? createdAt = null;
        var statements = new List<CamtStatement>();
        if (!ReadToFirstChild(r) || r.LocalName != body || r.NamespaceURI != ns)
        {
            throw new SettlementFileException($"'{context.FileName}' has no <{body}> under its <Document>; it is not a {message} message.");
        }

        foreach (var _ in Children(r))
        {
            if (r.LocalName == item && r.NamespaceURI == ns)
            {
                statements.Add(ReadStatement(r, x, context, kind, statements.Count + 1));
            }
            else
            {
                var element = (XElement)XNode.ReadFrom(r);
                if (element.Name == x + "GrpHdr")
                {
                    messageId = Text(element, x, "MsgId") ?? "";
                    createdAt = Timestamp(element.Element(x + "CreDtTm")?.Value, context, "GrpHdr/CreDtTm");
                }
            }
        }

        if (statements.Count == 0)
        {
            throw new SettlementFileException($"'{context.FileName}' holds no {(kind == SettlementMessageKind.Statement ? "statement (Stmt)" : "notification (Ntfctn)")}.");
        }

        return new CamtFile(context.FileName, kind, version, messageId, createdAt, statements);
    }

    /// <summary>Reads one Stmt/Ntfctn child by child: the small header blocks as elements, each Ntry on its own.</summary>
    private static CamtStatement ReadStatement(XmlReader r, XNamespace x, ReadContext context, SettlementMessageKind kind, int position)
    {
        string? id = null, sequence = null, account = null, owner = null, accountCurrency = null;
        DateTimeOffset? created = null;
        DateOnly? from = null, to = null;
        int? declaredCount = null;
        var balances = new List<CamtBalance>();
        var entries = new List<CamtEntry>();
        string? currency = null;
        context.Statement = $"statement {position}";
        foreach (var _ in Children(r))
        {
            var element = (XElement)XNode.ReadFrom(r);
            switch (element.Name.LocalName)
            {
                case "Id":
                    id = element.Value.Trim();
                    context.Statement = $"statement '{id}'";
                    break;
                case "ElctrncSeqNb":
                    sequence = element.Value.Trim();
                    break;
                case "CreDtTm":
                    created = Timestamp(element.Value, context, "CreDtTm");
                    break;
                case "FrToDt":
                    from = DateOf(Text(element, x, "FrDtTm"), context, "FrToDt");
                    to = DateOf(Text(element, x, "ToDtTm"), context, "FrToDt");
                    break;
                case "Acct":
                    account = Text(element, x, "Id", "IBAN") ?? Text(element, x, "Id", "Othr", "Id");
                    accountCurrency = Text(element, x, "Ccy");
                    owner = Text(element, x, "Ownr", "Nm") ?? Text(element, x, "Ownr", "Pty", "Nm");
                    break;
                case "Bal":
                    balances.Add(ReadBalance(element, x, context));
                    break;
                case "TxsSummry":
                    var count = Text(element, x, "TtlNtries", "NbOfNtries");
                    declaredCount = int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
                    break;
                case "Ntry":
                    context.EntryCount++;
                    if (context.EntryCount > context.Limits.MaxEntries)
                    {
                        throw new SettlementFileException(string.Create(CultureInfo.InvariantCulture,
                            $"'{context.FileName}' has more than {context.Limits.MaxEntries:N0} entries; split it into several files."));
                    }

                    // Acct and Bal precede the entries (schema order), so the account's currency is known here.
                    currency ??= Currency(accountCurrency ?? balances.FirstOrDefault()?.Amount.Currency ?? element.Element(x + "Amt")?.Attribute("Ccy")?.Value, context, "Acct/Ccy");
                    entries.Add(ReadEntry(element, x, context, entries.Count + 1, currency));
                    break;
                default:
                    break;
            }
        }

        if (string.IsNullOrEmpty(id))
        {
            throw new SettlementFileException($"'{context.FileName}': {context.Statement} has no <Id>.");
        }

        if (string.IsNullOrEmpty(account))
        {
            throw new SettlementFileException($"'{context.FileName}': {context.Statement} names no account (Acct/Id).");
        }

        var opening = balances.FirstOrDefault(b => b.Code == "OPBD") ?? balances.FirstOrDefault(b => b.Code == "PRCD");
        var closing = balances.FirstOrDefault(b => b.Code == "CLBD");
        currency ??= Currency(accountCurrency ?? opening?.Amount.Currency ?? closing?.Amount.Currency, context, "Acct/Ccy");
        if ((opening is not null && opening.Amount.Currency != currency) || (closing is not null && closing.Amount.Currency != currency))
        {
            throw context.Error($"states its balances in another currency than its account ({currency})");
        }

        context.Entry = null;
        return new CamtStatement(id, sequence, created, from, to, account, owner, currency, opening, closing, declaredCount, entries);
    }

    private static CamtBalance ReadBalance(XElement balance, XNamespace x, ReadContext context)
    {
        var code = Text(balance, x, "Tp", "CdOrPrtry", "Cd") ?? Text(balance, x, "Tp", "CdOrPrtry", "Prtry") ?? "";
        var amount = Amount(balance.Element(x + "Amt"), context, $"balance {code}");
        var direction = Direction(Text(balance, x, "CdtDbtInd"), context, $"balance {code}");
        var date = DateOf(Text(balance, x, "Dt", "Dt") ?? Text(balance, x, "Dt", "DtTm"), context, $"balance {code}");
        return new CamtBalance(code, direction == EntryDirection.Debit ? Money.Of(-amount.Amount, amount.Currency) : amount, date);
    }

    private static CamtEntry ReadEntry(XElement entry, XNamespace x, ReadContext context, int number, string accountCurrency)
    {
        var entryRef = Text(entry, x, "NtryRef");
        var bankRef = Text(entry, x, "AcctSvcrRef");
        var label = entryRef ?? bankRef;
        context.Entry = label is null ? $"entry {number}" : $"entry {number} ({label})";
        var amount = Amount(entry.Element(x + "Amt"), context, "Amt");
        var direction = Direction(Text(entry, x, "CdtDbtInd"), context, "CdtDbtInd");
        var reversal = Text(entry, x, "RvslInd") is { } rv && (rv == "true" || rv == "1");
        var status = Text(entry, x, "Sts", "Cd") ?? Text(entry, x, "Sts") ?? "";
        var booking = DateOf(Text(entry, x, "BookgDt", "Dt") ?? Text(entry, x, "BookgDt", "DtTm"), context, "BookgDt");
        var value = DateOf(Text(entry, x, "ValDt", "Dt") ?? Text(entry, x, "ValDt", "DtTm"), context, "ValDt");
        var charges = Charges(entry.Element(x + "Chrgs"), x, context);
        var accountAmount = amount.Currency == accountCurrency ? amount : CounterValue(entry.Element(x + "AmtDtls"), x, context, accountCurrency);
        var code = TransactionCode(entry.Element(x + "BkTxCd"), x);
        var info = Text(entry, x, "AddtlNtryInf");

        var transactions = new List<CamtTransaction>();
        int? batchCount = null;
        foreach (var details in entry.Elements(x + "NtryDtls"))
        {
            var batch = details.Element(x + "Btch");
            if (batch is not null)
            {
                batchCount = (batchCount ?? 0) + (int.TryParse(Text(batch, x, "NbOfTxs"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
            }

            foreach (var tx in details.Elements(x + "TxDtls"))
            {
                transactions.Add(ReadTransaction(tx, x, context, transactions.Count + 1, amount, direction));
            }
        }

        string? splitProblem = null;
        if (transactions.Count == 0)
        {
            transactions.Add(new CamtTransaction(1, amount, direction, null, null, bankRef, null, null, null, null, [], [], info is null ? [] : [info], charges));
        }
        else if (transactions.Count == 1 && transactions[0].Amount.Amount == 0m)
        {
            transactions[0] = transactions[0] with { Amount = amount, Direction = direction };
        }
        else if (transactions.Count > 1)
        {
            var net = transactions.Sum(t => t.Direction == direction ? t.Amount.Amount : -t.Amount.Amount);
            if (transactions.Any(t => t.Amount.Currency != amount.Currency) || net != amount.Amount)
            {
                splitProblem = string.Create(CultureInfo.InvariantCulture,
                    $"The batch's {transactions.Count} payments add up to {net:N2}, not the entry's {amount}; it is kept as one booking.");
            }
        }

        if (batchCount is { } declared && declared > 0 && declared != transactions.Count && splitProblem is null)
        {
            splitProblem = string.Create(CultureInfo.InvariantCulture, $"The batch declares {declared} payments but details {transactions.Count}.");
        }

        return new CamtEntry(number, entryRef, bankRef, amount, accountAmount, direction, reversal, status, booking, value, charges, code, info, batchCount, splitProblem, transactions);
    }

    private static CamtTransaction ReadTransaction(XElement tx, XNamespace x, ReadContext context, int number, Money entryAmount, EntryDirection entryDirection)
    {
        var amountElement = tx.Element(x + "Amt") ?? tx.Element(x + "AmtDtls")?.Element(x + "TxAmt")?.Element(x + "Amt");
        var amount = amountElement is null ? Money.Of(0m, entryAmount.Currency) : Amount(amountElement, context, $"payment {number} Amt");
        var directionText = Text(tx, x, "CdtDbtInd");
        var direction = directionText is null ? entryDirection : Direction(directionText, context, $"payment {number} CdtDbtInd");
        var parties = tx.Element(x + "RltdPties");
        var references = new List<PaymentReference>();
        var documents = new List<ReferredDocument>();
        var lines = new List<string>();
        var remittance = tx.Element(x + "RmtInf");
        if (remittance is not null)
        {
            foreach (var line in remittance.Elements(x + "Ustrd"))
            {
                AddLine(lines, line.Value);
            }

            foreach (var structured in remittance.Elements(x + "Strd"))
            {
                foreach (var creditorRef in structured.Elements(x + "CdtrRefInf"))
                {
                    var reference = Text(creditorRef, x, "Ref");
                    if (reference is not null)
                    {
                        references.Add(PaymentReference.Classify(Text(creditorRef, x, "Tp", "CdOrPrtry", "Cd"), Text(creditorRef, x, "Tp", "CdOrPrtry", "Prtry"), Clip(reference, PaymentReference.MaxLength)));
                    }
                }

                var documentAmount = DocumentAmount(structured.Element(x + "RfrdDocAmt"), x, context);
                foreach (var document in structured.Elements(x + "RfrdDocInf"))
                {
                    var nb = Text(document, x, "Nb");
                    if (nb is not null)
                    {
                        documents.Add(new ReferredDocument(Text(document, x, "Tp", "CdOrPrtry", "Cd") ?? Text(document, x, "Tp", "CdOrPrtry", "Prtry"), Clip(nb, ReferredDocument.NumberMaxLength), documentAmount));
                    }
                }

                foreach (var additional in structured.Elements(x + "AddtlRmtInf"))
                {
                    AddLine(lines, additional.Value);
                }
            }
        }

        return new CamtTransaction(
            number,
            amount,
            direction,
            Text(tx, x, "Refs", "EndToEndId") is { } e2e && e2e != "NOTPROVIDED" ? e2e : null,
            Text(tx, x, "Refs", "TxId"),
            Text(tx, x, "Refs", "AcctSvcrRef"),
            PartyName(parties?.Element(x + "Dbtr"), x),
            AccountId(parties?.Element(x + "DbtrAcct"), x),
            PartyName(parties?.Element(x + "Cdtr"), x),
            AccountId(parties?.Element(x + "CdtrAcct"), x),
            references,
            documents,
            lines,
            Charges(tx.Element(x + "Chrgs"), x, context));
    }

    private static void AddLine(List<string> lines, string text)
    {
        var line = text.Trim();
        if (line.Length > 0)
        {
            lines.Add(Clip(line, 140));
        }
    }

    /// <summary>Debtor/creditor name: <c>Nm</c> directly (001.02/.04) or under <c>Pty</c> (001.08).</summary>
    private static string? PartyName(XElement? party, XNamespace x) =>
        party is null ? null : Text(party, x, "Nm") ?? Text(party, x, "Pty", "Nm");

    private static string? AccountId(XElement? account, XNamespace x) =>
        account is null ? null : (Text(account, x, "Id", "IBAN") ?? Text(account, x, "Id", "Othr", "Id")) is { } id ? PaymentReference.Compact(id) : null;

    private static string? TransactionCode(XElement? code, XNamespace x)
    {
        if (code is null)
        {
            return null;
        }

        var domain = Text(code, x, "Domn", "Cd");
        if (domain is not null)
        {
            return $"{domain}/{Text(code, x, "Domn", "Fmly", "Cd")}/{Text(code, x, "Domn", "Fmly", "SubFmlyCd")}";
        }

        return Text(code, x, "Prtry", "Cd");
    }

    /// <summary>Total charges: TtlChrgsAndTaxAmt when given, else the sum of the records' amounts.</summary>
    private static Money? Charges(XElement? charges, XNamespace x, ReadContext context)
    {
        if (charges is null)
        {
            return null;
        }

        var total = charges.Element(x + "TtlChrgsAndTaxAmt");
        if (total is not null)
        {
            return Amount(total, context, "Chrgs/TtlChrgsAndTaxAmt");
        }

        var amounts = charges.Elements(x + "Rcrd").Select(rc => rc.Element(x + "Amt")).Append(charges.Element(x + "Amt")).OfType<XElement>()
            .Select(a => Amount(a, context, "Chrgs/Amt")).ToList();
        return amounts.Count == 0 ? null : amounts.Aggregate((a, b) => a + b);
    }

    private static Money? DocumentAmount(XElement? amounts, XNamespace x, ReadContext context)
    {
        var element = amounts?.Element(x + "RmtdAmt") ?? amounts?.Element(x + "DuePyblAmt") ?? amounts?.Element(x + "CdtNoteAmt");
        return element is null ? null : Amount(element, context, "RfrdDocAmt");
    }

    /// <summary>The amount in the account's currency from AmtDtls (InstdAmt, TxAmt, CntrValAmt), when the bank gave one.</summary>
    private static Money? CounterValue(XElement? details, XNamespace x, ReadContext context, string accountCurrency)
    {
        if (details is null)
        {
            return null;
        }

        foreach (var name in new[] { "CntrValAmt", "TxAmt", "InstdAmt", "AnncdAmt" })
        {
            var amount = details.Element(x + name)?.Element(x + "Amt");
            if (amount?.Attribute("Ccy")?.Value == accountCurrency)
            {
                return Amount(amount, context, $"AmtDtls/{name}");
            }
        }

        return null;
    }

    private static Money Amount(XElement? element, ReadContext context, string field)
    {
        if (element is null)
        {
            throw context.Error($"has no amount ({field})");
        }

        var text = element.Value.Trim();
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            throw context.Error($"has an amount that is not a number: {field} '{Clip(text, 40)}'");
        }

        if (amount < 0m)
        {
            throw context.Error($"has a negative amount {field} '{text}'; camt amounts are never negative, the direction is in CdtDbtInd");
        }

        if (amount.Scale > 5 || amount >= 1_000_000_000_000m)
        {
            throw context.Error($"has an amount out of range: {field} '{Clip(text, 40)}'");
        }

        var currency = element.Attribute("Ccy")?.Value;
        return Money.Of(amount, Currency(currency, context, field));
    }

    private static string Currency(string? code, ReadContext context, string field)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw context.Error($"has no currency (Ccy) on {field}");
        }

        if (!CurrencyCode.IsKnown(code))
        {
            throw context.Error($"is in currency '{Clip(code, 10)}' ({field}), which the portal does not keep accounts in");
        }

        return CurrencyCode.Normalize(code);
    }

    private static EntryDirection Direction(string? indicator, ReadContext context, string field) => indicator?.Trim() switch
    {
        "CRDT" => EntryDirection.Credit,
        "DBIT" => EntryDirection.Debit,
        _ => throw context.Error($"has no valid credit/debit indicator ({field} '{indicator}'; expected CRDT or DBIT)"),
    };

    private static DateTimeOffset? Timestamp(string? text, ReadContext context, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw context.Error($"has a date-time that cannot be read: {field} '{Clip(text, 40)}'");
    }

    /// <summary>A Dt (yyyy-MM-dd) or a DtTm, as the calendar day the bank wrote (its own offset, not converted).</summary>
    private static DateOnly? DateOf(string? text, ReadContext context, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed.Length >= 10 && DateOnly.TryParseExact(trimmed[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        throw context.Error($"has a date that cannot be read: {field} '{Clip(trimmed, 40)}'");
    }

    private static string? Text(XElement element, XNamespace x, params string[] path)
    {
        XElement? current = element;
        foreach (var name in path)
        {
            current = current.Element(x + name);
            if (current is null)
            {
                return null;
            }
        }

        var value = current.Value.Trim();
        return value.Length == 0 ? null : value;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>Moves from a start element to its first child element; false when it has none.</summary>
    private static bool ReadToFirstChild(XmlReader r)
    {
        if (r.IsEmptyElement)
        {
            return false;
        }

        var depth = r.Depth;
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.Element && r.Depth == depth + 1)
            {
                return true;
            }

            if (r.NodeType == XmlNodeType.EndElement && r.Depth == depth)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// With the reader on a parent's start element: positions it on each child element in turn and, after the last,
    /// consumes the parent's end. The caller consumes each child (XNode.ReadFrom or a nested read) before the next.
    /// </summary>
    private static IEnumerable<bool> Children(XmlReader r)
    {
        var depth = r.Depth;
        if (r.IsEmptyElement)
        {
            r.Read();
            yield break;
        }

        r.Read();
        while (!r.EOF)
        {
            if (r.NodeType == XmlNodeType.EndElement && r.Depth == depth)
            {
                r.Read();
                yield break;
            }

            if (r.NodeType == XmlNodeType.Element && r.Depth == depth + 1)
            {
                yield return true;
            }
            else
            {
                r.Read();
            }
        }
    }

    private sealed class ReadContext(string fileName, SettlementLimits limits)
    {
        public string FileName { get; } = fileName;

        public SettlementLimits Limits { get; } = limits;

        public string? Statement { get; set; }

        public string? Entry { get; set; }

        public int EntryCount { get; set; }

        public string Where() => Statement is null ? "" : Entry is null ? $" in {Statement}" : $" in {Statement}, {Entry}";

        public SettlementFileException Error(string problem) =>
            new($"'{FileName}'{(Statement is null ? "" : $", {Statement}")}{(Entry is null ? "" : $", {Entry}")} {problem}. Nothing from the file was imported.");
    }
}
