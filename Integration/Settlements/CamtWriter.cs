using System.Globalization;
using System.Text;
using System.Xml;

namespace B2BPortal.Integration.Settlements;

/// <summary>One booking for <see cref="CamtWriter"/>: money in (credit) or out, who paid, and how they referred to the invoice.</summary>
/// <param name="CreditorReference">An RF creditor reference (sent as SCOR), or a QR reference (27 digits, sent as QRR).</param>
public sealed record CamtDraftEntry(decimal Amount, bool Credit = true, string? PayerName = null, string? PayerAccount = null, string? CreditorReference = null,
    string? Text = null, string? EndToEndId = null, bool Reversal = false, string? Currency = null, decimal? Charges = null);

/// <summary>
/// Writes a camt.053.001.08 statement whose balances add up: the demo statement the seeder imports, and the files the
/// settlement tests import through the real reader. Not a bank: it writes only what <see cref="CamtReader"/> reads.
/// </summary>
public static class CamtWriter
{
    private const string Ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08";

    public static byte[] Statement(string statementId, string iban, string currency, DateOnly date, decimal opening, IReadOnlyList<CamtDraftEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            w.WriteStartElement("Document", Ns);
            w.WriteStartElement("BkToCstmrStmt", Ns);
            w.WriteStartElement("GrpHdr", Ns);
            w.WriteElementString("MsgId", Ns, "MSG-" + statementId);
            w.WriteElementString("CreDtTm", Ns, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T18:00:00+00:00");
            w.WriteEndElement();
            w.WriteStartElement("Stmt", Ns);
            w.WriteElementString("Id", Ns, statementId);
            w.WriteStartElement("Acct", Ns);
            w.WriteStartElement("Id", Ns);
            w.WriteElementString("IBAN", Ns, iban);
            w.WriteEndElement();
            w.WriteElementString("Ccy", Ns, currency);
            w.WriteEndElement();
            var credits = entries.Where(e => e.Credit).Sum(e => e.Amount);
            var debits = entries.Where(e => !e.Credit).Sum(e => e.Amount);
            Balance(w, "OPBD", opening, currency, date);
            Balance(w, "CLBD", opening + credits - debits, currency, date);
            var n = 0;
            foreach (var e in entries)
            {
                n++;
                var ccy = e.Currency ?? currency;
                w.WriteStartElement("Ntry", Ns);
                Amount(w, "Amt", e.Amount, ccy);
                w.WriteElementString("CdtDbtInd", Ns, e.Credit ? "CRDT" : "DBIT");
                if (e.Reversal)
                {
                    w.WriteElementString("RvslInd", Ns, "true");
                }

                w.WriteStartElement("Sts", Ns);
                w.WriteElementString("Cd", Ns, "BOOK");
                w.WriteEndElement();
                DateElement(w, "BookgDt", date);
                DateElement(w, "ValDt", date);
                w.WriteElementString("AcctSvcrRef", Ns, string.Create(CultureInfo.InvariantCulture, $"{statementId}-{n:D4}"));
                if (e.Charges is { } charges)
                {
                    w.WriteStartElement("Chrgs", Ns);
                    w.WriteStartElement("Rcrd", Ns);
                    Amount(w, "Amt", charges, ccy);
                    w.WriteElementString("CdtDbtInd", Ns, "DBIT");
                    w.WriteEndElement();
                    w.WriteEndElement();
                }

                w.WriteStartElement("NtryDtls", Ns);
                w.WriteStartElement("TxDtls", Ns);
                w.WriteStartElement("Refs", Ns);
                w.WriteElementString("EndToEndId", Ns, e.EndToEndId ?? "NOTPROVIDED");
                w.WriteEndElement();
                Amount(w, "Amt", e.Amount, ccy);
                w.WriteElementString("CdtDbtInd", Ns, e.Credit ? "CRDT" : "DBIT");
                // Money in names its debtor; a reversal of money in (a debit) names the same debtor.
                var party = e.Credit || e.Reversal ? "Dbtr" : "Cdtr";
                if (e.PayerName is not null || e.PayerAccount is not null)
                {
                    w.WriteStartElement("RltdPties", Ns);
                    if (e.PayerName is not null)
                    {
                        w.WriteStartElement(party, Ns);
                        w.WriteStartElement("Pty", Ns);
                        w.WriteElementString("Nm", Ns, e.PayerName);
                        w.WriteEndElement();
                        w.WriteEndElement();
                    }

                    if (e.PayerAccount is not null)
                    {
                        w.WriteStartElement(party + "Acct", Ns);
                        w.WriteStartElement("Id", Ns);
                        w.WriteElementString("IBAN", Ns, e.PayerAccount);
                        w.WriteEndElement();
                        w.WriteEndElement();
                    }

                    w.WriteEndElement();
                }

                if (e.CreditorReference is not null || e.Text is not null)
                {
                    w.WriteStartElement("RmtInf", Ns);
                    if (e.Text is not null)
                    {
                        w.WriteElementString("Ustrd", Ns, e.Text);
                    }

                    if (e.CreditorReference is not null)
                    {
                        var qr = e.CreditorReference.Length == 27 && e.CreditorReference.All(char.IsAsciiDigit);
                        w.WriteStartElement("Strd", Ns);
                        w.WriteStartElement("CdtrRefInf", Ns);
                        w.WriteStartElement("Tp", Ns);
                        w.WriteStartElement("CdOrPrtry", Ns);
                        w.WriteElementString(qr ? "Prtry" : "Cd", Ns, qr ? "QRR" : "SCOR");
                        w.WriteEndElement();
                        w.WriteEndElement();
                        w.WriteElementString("Ref", Ns, e.CreditorReference);
                        w.WriteEndElement();
                        w.WriteEndElement();
                    }

                    w.WriteEndElement();
                }

                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static void Balance(XmlWriter w, string code, decimal amount, string currency, DateOnly date)
    {
        w.WriteStartElement("Bal", Ns);
        w.WriteStartElement("Tp", Ns);
        w.WriteStartElement("CdOrPrtry", Ns);
        w.WriteElementString("Cd", Ns, code);
        w.WriteEndElement();
        w.WriteEndElement();
        Amount(w, "Amt", Math.Abs(amount), currency);
        w.WriteElementString("CdtDbtInd", Ns, amount < 0 ? "DBIT" : "CRDT");
        DateElement(w, "Dt", date);
        w.WriteEndElement();
    }

    private static void Amount(XmlWriter w, string name, decimal amount, string currency)
    {
        w.WriteStartElement(name, Ns);
        w.WriteAttributeString("Ccy", currency);
        w.WriteString(amount.ToString("0.00", CultureInfo.InvariantCulture));
        w.WriteEndElement();
    }

    private static void DateElement(XmlWriter w, string name, DateOnly date)
    {
        w.WriteStartElement(name, Ns);
        w.WriteElementString("Dt", Ns, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteEndElement();
    }
}
