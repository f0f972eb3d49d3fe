using B2BPortal.Domain.Settlements;

namespace B2BPortal.Tests.Settlements;

public sealed class PaymentReferenceTests
{
    [Theory]
    [InlineData("RF38000000000000000000552", true)]
    [InlineData("RF18 5390 0754 7034", true)]
    [InlineData("RF123456", false)]
    [InlineData("RF39000000000000000000552", false)]
    [InlineData("XX38000000000000000000552", false)]
    public void Creditor_references_are_checked_under_ISO_11649(string reference, bool valid) =>
        Assert.Equal(valid, PaymentReference.IsValidCreditorReference(reference));

    [Fact]
    public void A_creditor_reference_made_for_an_invoice_number_checks_out()
    {
        var reference = PaymentReference.CreditorReferenceFor("PSI-10042");
        Assert.Matches("^RF[0-9]{2}PSI10042$", reference);
        Assert.True(PaymentReference.IsValidCreditorReference(reference));
        Assert.Equal("RF18539007547034", PaymentReference.CreditorReferenceFor("539007547034"));
    }

    [Theory]
    [InlineData("210000000003139471430009017", true)]
    [InlineData("000000000002015110002913192", true)]
    [InlineData("210000000003139471430009018", false)]
    [InlineData("000000270148751802165444888", false)]
    public void Swiss_QR_and_ISR_references_carry_a_recursive_mod_10_check_digit(string reference, bool valid) =>
        Assert.Equal(valid, PaymentReference.IsValidMod10Recursive(reference));

    [Fact]
    public void References_are_classified_by_declared_type_then_by_shape()
    {
        Assert.Equal(ReferenceKind.QrReference, PaymentReference.Classify(null, "QRR", "00 00002 70148 75180 21654 44888").Kind);
        Assert.Equal(ReferenceKind.IsrReference, PaymentReference.Classify(null, "ISR Reference", "000000000002015110002913192").Kind);
        Assert.Equal(ReferenceKind.CreditorReference, PaymentReference.Classify("SCOR", null, "rf38000000000000000000552").Kind);
        Assert.Equal(ReferenceKind.NationalReference, PaymentReference.Classify("SCOR", null, "9544208").Kind);
    }
}
