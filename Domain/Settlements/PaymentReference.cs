using System.Globalization;

namespace B2BPortal.Domain.Settlements;

/// <summary>What kind of structured reference a payer quoted.</summary>
public enum ReferenceKind
{
    /// <summary>ISO 11649 creditor reference ("RF" + 2 check digits + up to 21 characters).</summary>
    CreditorReference,

    /// <summary>Swiss QR-bill reference: 27 digits, the last a recursive mod-10 check digit.</summary>
    QrReference,

    /// <summary>Swiss ISR (ESR) reference: the QR reference's predecessor, same 27-digit form and check digit.</summary>
    IsrReference,

    /// <summary>A creditor reference under a national scheme the portal does not check (e.g. a Finnish reference number).</summary>
    NationalReference,
}

/// <summary>A structured reference as the bank delivered it, classified, with whether its check digits hold.</summary>
public sealed record PaymentReference(ReferenceKind Kind, string Value, bool ChecksumValid)
{
    public const int MaxLength = 35;

    /// <summary>Classifies a reference from its declared type (<c>SCOR</c>, <c>QRR</c>, <c>ISR Reference</c>, or none) and its shape.</summary>
    public static PaymentReference Classify(string? typeCode, string? typeProprietary, string raw)
    {
        var value = Compact(raw);
        var proprietary = typeProprietary?.Trim().ToUpperInvariant() ?? "";
        if (proprietary is "QRR")
        {
            return new PaymentReference(ReferenceKind.QrReference, value, IsValidMod10Recursive(value));
        }

        if (proprietary.StartsWith("ISR", StringComparison.Ordinal) || proprietary.StartsWith("ESR", StringComparison.Ordinal))
        {
            return new PaymentReference(ReferenceKind.IsrReference, value, IsValidMod10Recursive(value));
        }

        if (value.StartsWith("RF", StringComparison.OrdinalIgnoreCase))
        {
            return new PaymentReference(ReferenceKind.CreditorReference, value.ToUpperInvariant(), IsValidCreditorReference(value));
        }

        if (string.IsNullOrEmpty(typeCode) && value.Length == 27 && value.All(char.IsAsciiDigit))
        {
            return new PaymentReference(ReferenceKind.QrReference, value, IsValidMod10Recursive(value));
        }

        return new PaymentReference(ReferenceKind.NationalReference, value, ChecksumValid: false);
    }

    /// <summary>ISO 11649: move "RFkk" to the end, letters to numbers (A=10 … Z=35), the whole mod 97 must be 1.</summary>
    public static bool IsValidCreditorReference(string? reference)
    {
        var value = Compact(reference ?? "").ToUpperInvariant();
        if (value.Length is < 5 or > 25 || !value.StartsWith("RF", StringComparison.Ordinal) || !char.IsAsciiDigit(value[2]) || !char.IsAsciiDigit(value[3]))
        {
            return false;
        }

        var rearranged = string.Concat(value.AsSpan(4), value.AsSpan(0, 4));
        var remainder = 0;
        foreach (var c in rearranged)
        {
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    /// <summary>Makes an RF reference from a body (an invoice number): "RF" + check digits + body.</summary>
    public static string CreditorReferenceFor(string body)
    {
        var value = string.Concat(body.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();
        var numeric = string.Concat(string.Concat(value, "RF00").Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        var remainder = 0;
        foreach (var c in numeric)
        {
            remainder = ((remainder * 10) + (c - '0')) % 97;
        }

        return string.Create(CultureInfo.InvariantCulture, $"RF{98 - remainder:00}{value}");
    }

    /// <summary>The Swiss recursive mod-10 check digit (ISR/QR references), over all digits but the last.</summary>
    public static bool IsValidMod10Recursive(string? reference)
    {
        var value = Compact(reference ?? "");
        if (value.Length < 2 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        return Mod10RecursiveCheckDigit(value.AsSpan(0, value.Length - 1)) == value[^1] - '0';
    }

    public static int Mod10RecursiveCheckDigit(ReadOnlySpan<char> digits)
    {
        ReadOnlySpan<int> table = [0, 9, 4, 6, 8, 2, 7, 1, 3, 5];
        var carry = 0;
        foreach (var c in digits)
        {
            carry = table[(carry + (c - '0')) % 10];
        }

        return (10 - carry) % 10;
    }

    /// <summary>The reference without the spaces people and banks put in it for readability.</summary>
    public static string Compact(string raw) => string.Concat(raw.Where(c => !char.IsWhiteSpace(c)));
}
