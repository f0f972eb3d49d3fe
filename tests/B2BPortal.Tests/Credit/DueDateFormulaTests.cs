using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;

namespace B2BPortal.Tests.Credit;

/// <summary>Business Central due-date formulas: each documented form, month ends and leap years, and unknown ones refused.</summary>
public sealed class DueDateFormulaTests
{
    [Theory]
    [InlineData("30D", "2026-01-15", "2026-02-14")]
    [InlineData("14D", "2028-02-20", "2028-03-05")]
    [InlineData("CM+14D", "2026-01-20", "2026-02-14")]
    [InlineData("CM+14D", "2026-01-31", "2026-02-14")]
    [InlineData("CM", "2028-02-10", "2028-02-29")]
    [InlineData("CM", "2027-02-10", "2027-02-28")]
    [InlineData("1M", "2028-01-31", "2028-02-29")]
    [InlineData("1M", "2027-01-31", "2027-02-28")]
    [InlineData("CM+1M", "2026-01-10", "2026-02-28")]
    [InlineData("CQ+1M+20D", "2026-02-10", "2026-05-20")]
    [InlineData("2W", "2026-03-02", "2026-03-16")]
    [InlineData("CW+1W", "2026-03-04", "2026-03-15")]
    [InlineData("D15", "2026-03-16", "2026-04-15")]
    [InlineData("D15", "2026-03-10", "2026-03-15")]
    [InlineData("D31", "2026-02-01", "2026-02-28")]
    [InlineData("WD2", "2026-03-04", "2026-03-10")]
    [InlineData("1Y", "2028-02-29", "2029-02-28")]
    [InlineData("CY", "2026-06-01", "2026-12-31")]
    [InlineData("-CM", "2026-06-18", "2026-06-01")]
    [InlineData("<cm + 10d>", "2026-04-05", "2026-05-10")]
    [InlineData("", "2026-04-05", "2026-04-05")]
    [InlineData("0D", "2026-04-05", "2026-04-05")]
    public void A_formula_gives_the_due_date_Business_Central_gives(string formula, string invoiceDate, string due) =>
        Assert.Equal(DateOnly.Parse(due), DueDateFormula.Parse(formula).Apply(DateOnly.Parse(invoiceDate)));

    [Theory]
    [InlineData("30X")]
    [InlineData("NET30")]
    [InlineData("CM14D")]
    [InlineData("D0")]
    [InlineData("WD8")]
    [InlineData("5WD")]
    public void An_unknown_formula_is_refused_naming_it(string formula)
    {
        var ex = Assert.Throws<DomainException>(() => DueDateFormula.Parse(formula));
        Assert.Contains($"\"{formula}\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal("DueDateCalculation", ex.Field);
    }

    [Theory]
    [InlineData("PREPAID", "", "Prepaid", PaymentTermsKind.Prepaid)]
    [InlineData("COD", "0D", "Due on receipt (COD)", PaymentTermsKind.DueOnReceipt)]
    [InlineData("30 DAYS", "30D", "Net 30 days (30 DAYS)", PaymentTermsKind.NetDays)]
    [InlineData("CM14", "CM+14D", "End of month + 14 days (CM14)", PaymentTermsKind.EndOfMonthPlusDays)]
    [InlineData(null, "CQ+1M+20D", "Due-date formula CQ+1M+20D", PaymentTermsKind.OtherFormula)]
    public void Terms_say_what_they_are_in_words(string? code, string formula, string words, PaymentTermsKind kind)
    {
        var terms = PaymentTerms.From(code, formula, ["PREPAID"]);
        Assert.Equal(kind, terms.Kind);
        Assert.Equal(words, terms.Describe());
    }
}
