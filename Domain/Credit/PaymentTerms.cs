using System.Globalization;

namespace B2BPortal.Domain.Credit;

public enum PaymentTermsKind
{
    /// <summary>Paid before anything ships: every order waits in credit hold until the payment is in.</summary>
    Prepaid,

    DueOnReceipt,

    /// <summary>Net N days from the invoice date, e.g. <c>30D</c>.</summary>
    NetDays,

    /// <summary>End of the invoice's month plus N days, e.g. <c>CM+14D</c>.</summary>
    EndOfMonthPlusDays,

    /// <summary>Any other Business Central formula (<c>CQ+1M+20D</c>, <c>D15</c>, <c>2W</c>, …), shown as the formula.</summary>
    OtherFormula,
}

/// <summary>
/// A company's payment terms: the ERP's terms code and due-date formula, or the accountant's override. Prepaid is a terms
/// code (Credit:PrepaidTermsCodes, e.g. PREPAID), since Business Central expresses it by code and prepayment, not by formula.
/// </summary>
public sealed record PaymentTerms(string? Code, DueDateFormula Formula, bool IsPrepaid)
{
    /// <summary>The keyword an accountant types into the terms override for prepaid terms.</summary>
    public const string PrepaidKeyword = "PREPAID";

    public static PaymentTerms DueOnReceiptTerms { get; } = new(null, DueDateFormula.Parse(""), false);

    public static PaymentTerms From(string? code, string? formula, IEnumerable<string> prepaidCodes)
    {
        var prepaid = code is not null && prepaidCodes.Any(p => string.Equals(p, code.Trim(), StringComparison.OrdinalIgnoreCase));
        return new PaymentTerms(code, DueDateFormula.Parse(formula), prepaid);
    }

    /// <summary>An accountant's override: <c>PREPAID</c> or a due-date formula.</summary>
    public static PaymentTerms FromOverride(string text) =>
        string.Equals(text.Trim(), PrepaidKeyword, StringComparison.OrdinalIgnoreCase)
            ? new PaymentTerms(PrepaidKeyword, DueDateFormula.Parse(""), true)
            : new PaymentTerms(null, DueDateFormula.Parse(text), false);

    public PaymentTermsKind Kind
    {
        get
        {
            if (IsPrepaid)
            {
                return PaymentTermsKind.Prepaid;
            }

            if (Formula.IsImmediate)
            {
                return PaymentTermsKind.DueOnReceipt;
            }

            return NetDays is not null ? PaymentTermsKind.NetDays
                : EndOfMonthDays is not null ? PaymentTermsKind.EndOfMonthPlusDays
                : PaymentTermsKind.OtherFormula;
        }
    }

    /// <summary>When an invoice dated <paramref name="invoiceDate"/> falls due; prepaid and due on receipt: that day.</summary>
    public DateOnly DueDate(DateOnly invoiceDate) => IsPrepaid ? invoiceDate : Formula.Apply(invoiceDate);

    public string Describe() => Kind switch
    {
        PaymentTermsKind.Prepaid => "Prepaid",
        PaymentTermsKind.DueOnReceipt => "Due on receipt",
        PaymentTermsKind.NetDays => string.Create(CultureInfo.InvariantCulture, $"Net {NetDays} days"),
        PaymentTermsKind.EndOfMonthPlusDays => string.Create(CultureInfo.InvariantCulture, $"End of month + {EndOfMonthDays} days"),
        _ => $"Due-date formula {Formula.Text}",
    } + (Code is null || Kind == PaymentTermsKind.Prepaid ? "" : $" ({Code})");

    private int? NetDays => NumberBetween(Formula.Text, "", "D");

    private int? EndOfMonthDays => NumberBetween(Formula.Text, "CM+", "D");

    private static int? NumberBetween(string text, string prefix, string suffix) =>
        text.StartsWith(prefix, StringComparison.Ordinal) && text.EndsWith(suffix, StringComparison.Ordinal)
        && int.TryParse(text.AsSpan(prefix.Length, text.Length - prefix.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
}
