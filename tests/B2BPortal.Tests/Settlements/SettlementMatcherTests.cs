using B2BPortal.Domain.Common;
using B2BPortal.Domain.Settlements;

namespace B2BPortal.Tests.Settlements;

/// <summary>The matching cascade, rule by rule, each answer with its explanation.</summary>
public sealed class SettlementMatcherTests
{
    private const int Acme = 1;
    private const int Borealis = 2;

    private static readonly OpenInvoice Acme1 = new(11, "PSI-10041", Acme, Money.Of(1200.00m, "EUR"), new DateOnly(2026, 11, 1));
    private static readonly OpenInvoice Acme2 = new(12, "PSI-10042", Acme, Money.Of(300.00m, "EUR"), new DateOnly(2026, 11, 15));
    private static readonly OpenInvoice Acme3 = new(13, "PSI-10043", Acme, Money.Of(450.50m, "EUR"), new DateOnly(2026, 12, 1));
    private static readonly OpenInvoice Borealis1 = new(21, "PSI-20077", Borealis, Money.Of(999.00m, "CHF"), new DateOnly(2026, 11, 20));

    private static SettlementMatcher Matcher(MatchTolerance? tolerance = null, Dictionary<string, int>? payers = null) =>
        new([Acme1, Acme2, Acme3, Borealis1], payers ?? new Dictionary<string, int> { [SettlementMatcher.PayerKey("DE24 3022 0190 0609 8321 18")] = Acme, [SettlementMatcher.PayerKey("Borealis AG")] = Borealis },
            tolerance ?? MatchTolerance.None);

    private static IncomingPayment Pay(decimal amount, string currency = "EUR", PaymentReference? reference = null, string? text = null, string? name = null, string? account = null, string? documents = null) =>
        new(Money.Of(amount, currency), reference, documents, text, name, account);

    [Fact]
    public void A_valid_RF_reference_naming_the_invoice_matches_first()
    {
        var reference = PaymentReference.Classify("SCOR", null, PaymentReference.CreditorReferenceFor("PSI-10042"));

        var outcome = Matcher().Match(Pay(300.00m, reference: reference, text: "PSI-10041"));

        Assert.Equal(MatchRule.StructuredReference, outcome.Rule);
        Assert.Equal(12, Assert.Single(outcome.Allocations).InvoiceId);
        Assert.Equal(MatchDifference.None, outcome.DifferenceKind);
        Assert.StartsWith("The payer's reference CreditorReference RF", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_QR_reference_carries_the_invoice_digits_before_its_check_digit()
    {
        var body = "00000000000000000000" + "10043";
        var qr = body.PadLeft(26, '0') + PaymentReference.Mod10RecursiveCheckDigit(body.PadLeft(26, '0'));

        var outcome = Matcher().Match(Pay(450.50m, reference: PaymentReference.Classify(null, "QRR", qr)));

        Assert.Equal(MatchRule.StructuredReference, outcome.Rule);
        Assert.Equal("PSI-10043", Assert.Single(outcome.Allocations).InvoiceNumber);
    }

    [Fact]
    public void A_reference_with_wrong_check_digits_is_not_trusted()
    {
        var outcome = Matcher().Match(Pay(300.00m, reference: PaymentReference.Classify(null, "QRR", "000000000000000000000100438")));
        Assert.NotEqual(MatchRule.StructuredReference, outcome.Rule);
    }

    [Theory]
    [InlineData("Rechnung PSI 10042, danke")]
    [InlineData("INVOICE R10042")]
    [InlineData("psi-10042")]
    [InlineData("Inv. 100420")] // 10042 and its Luhn check digit 0
    public void An_invoice_number_in_the_remittance_text_matches_despite_spaces_prefixes_and_a_check_digit(string text)
    {
        var outcome = Matcher().Match(Pay(300.00m, text: text));

        Assert.Equal(MatchRule.InvoiceNumberInText, outcome.Rule);
        Assert.Equal("PSI-10042", Assert.Single(outcome.Allocations).InvoiceNumber);
        Assert.Contains("names invoice PSI-10042", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_payment_naming_two_invoices_settles_both_oldest_first()
    {
        var outcome = Matcher().Match(Pay(1500.00m, text: "PSI-10041 + PSI-10042"));

        Assert.Equal(MatchRule.InvoiceNumberInText, outcome.Rule);
        Assert.Equal([1200.00m, 300.00m], outcome.Allocations.Select(a => a.Amount.Amount));
        Assert.Equal(MatchDifference.None, outcome.DifferenceKind);
    }

    [Fact]
    public void A_known_payer_paying_one_invoices_exact_amount_matches_it()
    {
        var outcome = Matcher().Match(Pay(450.50m, name: "Someone", account: "DE24302201900609832118"));

        Assert.Equal(MatchRule.AmountAndPayer, outcome.Rule);
        Assert.Equal("PSI-10043", Assert.Single(outcome.Allocations).InvoiceNumber);
        Assert.Contains("account DE24302201900609832118", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_payer_paying_several_invoices_exactly_settles_exactly_those()
    {
        var outcome = Matcher().Match(Pay(750.50m, account: "DE24302201900609832118"));

        Assert.Equal(MatchRule.SeveralInvoicesOfPayer, outcome.Rule);
        Assert.Equal(["PSI-10042", "PSI-10043"], outcome.Allocations.Select(a => a.InvoiceNumber));
        Assert.Equal(0m, outcome.Difference.Amount);
    }

    [Fact]
    public void A_known_payer_paying_less_is_a_partial_payment_on_the_oldest_invoices()
    {
        var outcome = Matcher().Match(Pay(1000.00m, account: "DE24302201900609832118"));

        Assert.Equal(MatchRule.PartialPayment, outcome.Rule);
        var allocation = Assert.Single(outcome.Allocations);
        Assert.Equal(("PSI-10041", 1000.00m), (allocation.InvoiceNumber, allocation.Amount.Amount));
        Assert.Equal(MatchDifference.UnderPayment, outcome.DifferenceKind);
    }

    [Fact]
    public void A_small_difference_within_tolerance_settles_the_invoice_and_waits_for_approval()
    {
        var outcome = Matcher(new MatchTolerance(5.00m, 0m)).Match(Pay(296.50m, text: "PSI-10042"));

        Assert.Equal(MatchDifference.WithinTolerance, outcome.DifferenceKind);
        Assert.Equal(300.00m, Assert.Single(outcome.Allocations).Amount.Amount);
        Assert.Contains("within the tolerance of 5.00", outcome.Explanation, StringComparison.Ordinal);

        var strict = Matcher().Match(Pay(296.50m, text: "PSI-10042"));
        Assert.Equal(MatchDifference.UnderPayment, strict.DifferenceKind);
        Assert.Equal(296.50m, Assert.Single(strict.Allocations).Amount.Amount);
    }

    [Fact]
    public void A_percentage_tolerance_scales_with_the_payment()
    {
        Assert.Equal(12.00m, new MatchTolerance(1.00m, 1m).For(1200m));
        Assert.Equal(1.00m, new MatchTolerance(1.00m, 1m).For(50m));
    }

    [Fact]
    public void Over_payment_is_named()
    {
        var outcome = Matcher().Match(Pay(350.00m, text: "PSI-10042"));
        Assert.Equal(MatchDifference.OverPayment, outcome.DifferenceKind);
        Assert.Equal(50.00m, outcome.Difference.Amount);
    }

    [Fact]
    public void An_invoice_in_another_currency_is_never_matched()
    {
        var outcome = Matcher().Match(Pay(999.00m, "EUR", text: "PSI-20077"));

        Assert.False(outcome.Matched);
        Assert.Equal("Currency mismatch: invoice PSI-20077 is in CHF, the payment in EUR.", outcome.Explanation);
    }

    [Fact]
    public void An_unknown_payer_without_a_reference_stays_unmatched()
    {
        var outcome = Matcher().Match(Pay(300.00m, name: "Stranger GmbH", text: "Danke"));
        Assert.False(outcome.Matched);
        Assert.Contains("unknown payer", outcome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_open_invoices_of_the_same_amount_are_not_guessed()
    {
        var twin = new OpenInvoice(14, "PSI-10044", Acme, Money.Of(300.00m, "EUR"), new DateOnly(2026, 12, 2));
        var matcher = new SettlementMatcher([Acme1, Acme2, twin], new Dictionary<string, int> { ["ACMEGMBH"] = Acme }, MatchTolerance.None);

        var outcome = matcher.Match(Pay(300.00m, name: "Acme GmbH"));

        Assert.False(outcome.Matched);
        Assert.Contains("2 open invoices of this amount (PSI-10042, PSI-10044)", outcome.Explanation, StringComparison.Ordinal);
    }
}
