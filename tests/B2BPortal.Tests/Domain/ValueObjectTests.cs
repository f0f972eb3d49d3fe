using B2BPortal.Domain.Common;

namespace B2BPortal.Tests.Domain;

public sealed class ValueObjectTests
{
    [Fact]
    public void Money_of_different_currencies_is_never_added()
    {
        var ex = Assert.Throws<DomainException>(() => Money.Of(10, "EUR") + Money.Of(5, "USD"));
        Assert.Contains("never converts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Money_adds_within_one_currency() => Assert.Equal(Money.Of(15.5m, "EUR"), Money.Of(10, "eur") + Money.Of(5.5m, "EUR"));

    [Fact]
    public void An_unknown_currency_is_refused() => Assert.Throws<DomainException>(() => Money.Of(1, "XYZ"));

    [Theory]
    [InlineData(" hex-000001 ", "HEX-000001")]
    [InlineData("a/b.c_d", "A/B.C_D")]
    public void Skus_are_trimmed_and_upper_cased(string raw, string expected) => Assert.Equal(expected, Sku.Create(raw).Value);

    [Theory]
    [InlineData("")]
    [InlineData("HEX 01")]
    [InlineData("HEX;DROP")]
    public void Malformed_skus_are_refused_with_a_reason(string raw)
    {
        Assert.False(Sku.TryCreate(raw, out _, out var error));
        Assert.NotEmpty(error);
    }
}
