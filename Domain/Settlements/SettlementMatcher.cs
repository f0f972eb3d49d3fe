using System.Globalization;
using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Settlements;

/// <summary>The step of the cascade that found a match; recorded with the match as its explanation.</summary>
public enum MatchRule
{
    StructuredReference,
    InvoiceNumberInText,
    AmountAndPayer,
    SeveralInvoicesOfPayer,
    PartialPayment,
}

/// <summary>What is left between the payment and what it settles.</summary>
public enum MatchDifference
{
    None,

    /// <summary>Within the tolerance: booked as a fee or write-off once an accountant approves.</summary>
    WithinTolerance,

    OverPayment,

    UnderPayment,
}

/// <summary>Why the cascade found nothing: each becomes its own kind of exception for the accountant.</summary>
public enum MatchProblem
{
    None,

    /// <summary>No reference or invoice number, and the payer is not known from an earlier match.</summary>
    UnknownPayer,

    /// <summary>The payment names invoices in another currency.</summary>
    CurrencyMismatch,

    /// <summary>The payment names only invoices already settled: most likely paid twice.</summary>
    AlreadyPaid,

    /// <summary>Known payer, but nothing open that fits, or several equal candidates.</summary>
    NoFit,
}

/// <summary>An open invoice as the matcher sees it.</summary>
public sealed record OpenInvoice(int Id, string Number, int CompanyId, Money Remaining, DateOnly DueDate);

/// <summary>A payment received (a credit entry on a statement) as the matcher sees it.</summary>
public sealed record IncomingPayment(Money Amount, PaymentReference? Reference, string? ReferredDocuments, string? Text, string? PayerName, string? PayerAccount);

public sealed record MatchAllocation(int InvoiceId, string InvoiceNumber, Money Amount);

/// <summary>Small differences the cascade accepts: the larger of an absolute amount and a percentage of the payment.</summary>
public sealed record MatchTolerance(decimal Absolute, decimal Percent)
{
    public static readonly MatchTolerance None = new(0m, 0m);

    public decimal For(decimal amount) => Math.Max(Absolute, Math.Round(Math.Abs(amount) * Percent / 100m, 2));
}

/// <summary>The cascade's answer: the rule and allocations with the explanation, or why nothing matched.</summary>
/// <param name="PayerCompanyId">The company the payer is known as (from a learned mapping), when it is.</param>
public sealed record MatchOutcome(MatchRule? Rule, IReadOnlyList<MatchAllocation> Allocations, Money Difference, MatchDifference DifferenceKind, string Explanation,
    MatchProblem Problem = MatchProblem.None, int? PayerCompanyId = null)
{
    public bool Matched => Rule is not null;

    public static MatchOutcome Unmatched(Money amount, string why, MatchProblem problem = MatchProblem.NoFit, int? payer = null) =>
        new(null, [], amount, MatchDifference.None, why, problem, payer);
}

/// <summary>
/// The auto-matching cascade for one incoming payment, in the order an accountant would try: a structured reference
/// that names an invoice → an invoice number in the remittance text (tolerant of spaces, prefixes and a check digit) →
/// amount and payer (the payer known from account or name mappings learned from earlier matches) → one payment covering
/// several open invoices of that payer exactly → a partial payment on the payer's oldest invoices. Each answer explains
/// itself. Invoices in another currency than the payment are never matched (the portal does not convert).
/// </summary>
public sealed class SettlementMatcher
{
    /// <summary>Most open invoices of one payer searched for an exact combination (2^n subsets).</summary>
    public const int MaxCombinationInvoices = 12;

    private readonly Dictionary<string, List<OpenInvoice>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OpenInvoice>> _byDigits = new(StringComparer.Ordinal);
    private readonly ILookup<int, OpenInvoice> _byCompany;
    private readonly IReadOnlyDictionary<string, int> _payers;
    private readonly MatchTolerance _tolerance;

    // What this run has settled so far per invoice, so the next payment sees what is still open.
    private readonly Dictionary<int, decimal> _settled = [];

    /// <param name="payers">Learned payer mappings: <see cref="PayerKey"/> of an account or a name → the company that paid from it.</param>
    public SettlementMatcher(IReadOnlyList<OpenInvoice> invoices, IReadOnlyDictionary<string, int> payers, MatchTolerance tolerance)
    {
        _payers = payers;
        _tolerance = tolerance;
        foreach (var invoice in invoices)
        {
            Add(_byKey, Key(invoice.Number), invoice);
            var digits = Digits(invoice.Number);
            if (digits.Length >= 4)
            {
                Add(_byDigits, digits, invoice);
            }
        }

        _byCompany = invoices.ToLookup(i => i.CompanyId);
    }

    /// <summary>How an account (IBAN, compacted, upper case) or a payer's name (letters and digits only, upper case) is keyed.</summary>
    public static string PayerKey(string text) => string.Concat(text.Where(char.IsLetterOrDigit)).ToUpperInvariant();

    /// <summary>Takes an applied outcome into account for the payments matched after it (a run matches a statement payment by payment).</summary>
    public void Settle(IEnumerable<MatchAllocation> allocations)
    {
        foreach (var a in allocations)
        {
            _settled[a.InvoiceId] = _settled.GetValueOrDefault(a.InvoiceId) + a.Amount.Amount;
        }
    }

    public MatchOutcome Match(IncomingPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var currencyProblem = (string?)null;

        var paidAlready = (List<OpenInvoice>?)null;
        var referenced = Current(ByReference(payment), ref paidAlready);
        if (referenced.Count > 0)
        {
            var usable = Same(referenced, payment, ref currencyProblem);
            if (usable.Count > 0)
            {
                return Allocate(MatchRule.StructuredReference, usable, payment,
                    $"The payer's reference {Describe(payment)} names invoice {string.Join(", ", usable.Select(i => i.Number))}");
            }
        }

        var named = Current(InText(payment), ref paidAlready);
        if (named.Count > 0)
        {
            var usable = Same(named, payment, ref currencyProblem);
            if (usable.Count > 0)
            {
                return Allocate(MatchRule.InvoiceNumberInText, usable, payment,
                    $"The remittance text \"{Clip(payment.Text ?? payment.ReferredDocuments ?? "", 80)}\" names invoice {string.Join(", ", usable.Select(i => i.Number))}");
            }
        }

        if (currencyProblem is not null)
        {
            return MatchOutcome.Unmatched(payment.Amount, currencyProblem, MatchProblem.CurrencyMismatch);
        }

        var payer = Payer(payment, out var how);
        if (paidAlready is { Count: > 0 })
        {
            return MatchOutcome.Unmatched(payment.Amount,
                $"The payment names invoice {string.Join(", ", paidAlready.Select(i => i.Number).Distinct())}, which is settled already: a duplicate payment?",
                MatchProblem.AlreadyPaid, paidAlready[0].CompanyId);
        }

        if (payer is null)
        {
            return MatchOutcome.Unmatched(payment.Amount, "No invoice reference or number, and the payer is not known from an earlier match: unknown payer.", MatchProblem.UnknownPayer);
        }

        var open = _byCompany[payer.Value].Select(Current).Where(i => i.Remaining.Currency == payment.Amount.Currency && i.Remaining.Amount > 0m)
            .OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal).ToList();
        if (open.Count == 0)
        {
            return MatchOutcome.Unmatched(payment.Amount, $"The payer ({how}) has no open invoice in {payment.Amount.Currency}.", MatchProblem.NoFit, payer);
        }

        var tolerance = _tolerance.For(payment.Amount.Amount);
        var exact = open.Where(i => Math.Abs(i.Remaining.Amount - payment.Amount.Amount) <= tolerance).ToList();
        if (exact.Count == 1)
        {
            return Allocate(MatchRule.AmountAndPayer, exact, payment, $"The payer ({how}) has exactly one open invoice of this amount, {exact[0].Number}");
        }

        if (exact.Count > 1)
        {
            return MatchOutcome.Unmatched(payment.Amount, $"The payer ({how}) has {exact.Count} open invoices of this amount ({string.Join(", ", exact.Select(i => i.Number))}); choose one.", MatchProblem.NoFit, payer);
        }

        var combination = ExactCombination(open, payment.Amount.Amount);
        if (combination is not null)
        {
            return Allocate(MatchRule.SeveralInvoicesOfPayer, combination, payment,
                $"The payment equals the sum of the payer's ({how}) open invoices {string.Join(", ", combination.Select(i => i.Number))}");
        }

        var total = open.Sum(i => i.Remaining.Amount);
        if (payment.Amount.Amount < total)
        {
            return Allocate(MatchRule.PartialPayment, open, payment,
                $"The payer ({how}) pays less than its open invoices ({total.ToString("N2", CultureInfo.InvariantCulture)}); applied to the oldest first");
        }

        return Allocate(MatchRule.AmountAndPayer, open, payment, $"The payer ({how}) pays more than all its open invoices; all of them are settled");
    }

    private OpenInvoice Current(OpenInvoice invoice) =>
        _settled.TryGetValue(invoice.Id, out var settled) ? invoice with { Remaining = invoice.Remaining - Money.Of(settled, invoice.Remaining.Currency) } : invoice;

    /// <summary>The invoices with what is still open on them; those settled already are set aside (a second payment of them is a duplicate).</summary>
    private List<OpenInvoice> Current(List<OpenInvoice> found, ref List<OpenInvoice>? paid)
    {
        var current = found.Select(Current).ToList();
        var settled = current.Where(i => i.Remaining.Amount <= 0m).ToList();
        if (settled.Count > 0)
        {
            (paid ??= []).AddRange(settled);
        }

        return [.. current.Where(i => i.Remaining.Amount > 0m)];
    }

    /// <summary>Allocates the payment to the invoices oldest first; what is left over or short is the difference, judged against the tolerance.</summary>
    private MatchOutcome Allocate(MatchRule rule, IReadOnlyList<OpenInvoice> invoices, IncomingPayment payment, string why)
    {
        var left = payment.Amount.Amount;
        var owed = invoices.Sum(i => i.Remaining.Amount);
        var tolerance = _tolerance.For(payment.Amount.Amount);
        var allocations = new List<MatchAllocation>();
        var ordered = invoices.OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal).ToList();
        for (var n = 0; n < ordered.Count && left > 0m; n++)
        {
            var invoice = ordered[n];
            var isLast = n == ordered.Count - 1;
            // Within tolerance, the last invoice is settled in full: the gap becomes a fee or write-off to approve.
            var take = isLast && Math.Abs(owed - payment.Amount.Amount) <= tolerance ? invoice.Remaining.Amount : Math.Min(left, invoice.Remaining.Amount);
            allocations.Add(new MatchAllocation(invoice.Id, invoice.Number, Money.Of(take, payment.Amount.Currency)));
            left -= take;
        }

        var difference = payment.Amount.Amount - allocations.Sum(a => a.Amount.Amount);
        var gap = payment.Amount.Amount - owed;
        var kind = gap == 0m ? MatchDifference.None
            : Math.Abs(gap) <= tolerance ? MatchDifference.WithinTolerance
            : gap > 0m ? MatchDifference.OverPayment
            : MatchDifference.UnderPayment;
        var tail = kind switch
        {
            MatchDifference.None => ".",
            MatchDifference.WithinTolerance => string.Create(CultureInfo.InvariantCulture, $"; the difference of {gap:N2} is within the tolerance of {tolerance:N2} and waits for an accountant's approval as a fee or write-off."),
            MatchDifference.OverPayment => string.Create(CultureInfo.InvariantCulture, $"; {gap:N2} more than owed: over-payment."),
            _ => string.Create(CultureInfo.InvariantCulture, $"; {-gap:N2} less than owed: under-payment."),
        };
        return new MatchOutcome(rule, allocations, Money.Of(difference, payment.Amount.Currency), kind, why + tail);
    }

    /// <summary>The invoices a structured reference names: RF body, QR/ISR digits (check digit and leading zeros dropped), or a national reference.</summary>
    private List<OpenInvoice> ByReference(IncomingPayment payment)
    {
        var found = new List<OpenInvoice>();
        var reference = payment.Reference;
        if (reference is null)
        {
            return found;
        }

        switch (reference.Kind)
        {
            case ReferenceKind.CreditorReference when reference.ChecksumValid:
                found.AddRange(Lookup(_byKey, Key(reference.Value[4..])));
                found.AddRange(Lookup(_byDigits, Digits(reference.Value[4..]).TrimStart('0')));
                break;
            case ReferenceKind.QrReference or ReferenceKind.IsrReference when reference.ChecksumValid:
                found.AddRange(Lookup(_byDigits, reference.Value[..^1].TrimStart('0')));
                break;
            case ReferenceKind.NationalReference:
                found.AddRange(Lookup(_byKey, Key(reference.Value)));
                break;
            default:
                break;
        }

        return [.. found.Distinct()];
    }

    /// <summary>
    /// Invoice numbers in the referred documents and remittance text: the whole number with spaces and punctuation
    /// ignored ("DEMO INV 5001" finds DEMO-INV-5001), or its digits as a run of their own (any prefix, "R77561" or
    /// "Rechnung 77561"), or those digits followed by one check digit (Luhn or recursive mod 10).
    /// </summary>
    private List<OpenInvoice> InText(IncomingPayment payment)
    {
        var text = $"{payment.ReferredDocuments} {payment.Text}";
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var found = new List<OpenInvoice>();
        var compact = Key(text);
        foreach (var (key, invoices) in _byKey)
        {
            if (key.Length >= 5 && compact.Contains(key, StringComparison.Ordinal))
            {
                found.AddRange(invoices);
            }
        }

        foreach (var run in DigitRuns(text))
        {
            var digits = run.TrimStart('0');
            found.AddRange(Lookup(_byDigits, digits));
            if (digits.Length >= 5 && HasCheckDigit(digits))
            {
                found.AddRange(Lookup(_byDigits, digits[..^1]));
            }
        }

        return [.. found.Distinct()];
    }

    private int? Payer(IncomingPayment payment, out string how)
    {
        if (payment.PayerAccount is { Length: > 0 } account && _payers.TryGetValue(PayerKey(account), out var byAccount))
        {
            how = $"account {account}";
            return byAccount;
        }

        if (payment.PayerName is { Length: > 0 } name && _payers.TryGetValue(PayerKey(name), out var byName))
        {
            how = $"\"{name}\"";
            return byName;
        }

        how = "";
        return null;
    }

    private static List<OpenInvoice> Same(List<OpenInvoice> invoices, IncomingPayment payment, ref string? problem)
    {
        var same = invoices.Where(i => i.Remaining.Currency == payment.Amount.Currency).ToList();
        if (same.Count == 0)
        {
            problem = $"Currency mismatch: invoice {string.Join(", ", invoices.Select(i => $"{i.Number} is in {i.Remaining.Currency}"))}, the payment in {payment.Amount.Currency}.";
        }

        // One reference naming invoices of different companies is ambiguous: keep none.
        return same.Select(i => i.CompanyId).Distinct().Count() == 1 ? same : [];
    }

    /// <summary>The smallest set of the payer's oldest open invoices that adds up to the amount exactly, if one exists.</summary>
    private static List<OpenInvoice>? ExactCombination(List<OpenInvoice> open, decimal amount)
    {
        var candidates = open.Where(i => i.Remaining.Amount <= amount).Take(MaxCombinationInvoices).ToList();
        List<OpenInvoice>? best = null;
        for (var mask = 1; mask < 1 << candidates.Count; mask++)
        {
            var count = int.PopCount(mask);
            if (count < 2 || (best is not null && count >= best.Count))
            {
                continue;
            }

            var sum = 0m;
            for (var bit = 0; bit < candidates.Count; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    sum += candidates[bit].Remaining.Amount;
                }
            }

            if (sum == amount)
            {
                best = [.. candidates.Where((_, bit) => (mask & (1 << bit)) != 0)];
            }
        }

        return best;
    }

    private static bool HasCheckDigit(string digits) =>
        PaymentReference.Mod10RecursiveCheckDigit(digits.AsSpan(0, digits.Length - 1)) == digits[^1] - '0' || Luhn(digits);

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var n = 0; n < digits.Length; n++)
        {
            var d = digits[digits.Length - 1 - n] - '0';
            sum += n % 2 == 1 ? (d * 2 > 9 ? (d * 2) - 9 : d * 2) : d;
        }

        return sum % 10 == 0;
    }

    private static IEnumerable<string> DigitRuns(string text)
    {
        var start = -1;
        for (var n = 0; n <= text.Length; n++)
        {
            var digit = n < text.Length && char.IsAsciiDigit(text[n]);
            if (digit && start < 0)
            {
                start = n;
            }
            else if (!digit && start >= 0)
            {
                yield return text[start..n];
                start = -1;
            }
        }
    }

    private static List<OpenInvoice> Lookup(Dictionary<string, List<OpenInvoice>> index, string key) =>
        key.Length > 0 && index.TryGetValue(key, out var list) ? list : [];

    private static void Add(Dictionary<string, List<OpenInvoice>> index, string key, OpenInvoice invoice)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(invoice);
    }

    private static string Key(string text) => string.Concat(text.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();

    private static string Digits(string text) => string.Concat(text.Where(char.IsAsciiDigit)).TrimStart('0');

    private static string Describe(IncomingPayment payment) => $"{payment.Reference!.Kind} {payment.Reference.Value}";

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
