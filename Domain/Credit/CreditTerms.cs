using B2BPortal.Domain.Common;

namespace B2BPortal.Domain.Credit;

/// <summary>
/// What the ERP says about a company's credit: its limit, its balance due and its payment terms, as of the last
/// CustomerSync. The ERP is master of these; the credit check and the accountant's pages read them.
/// </summary>
public class CreditTerms
{
    public const int TermsCodeMaxLength = 20;

    private CreditTerms() { }

    public CreditTerms(int companyId) => CompanyId = companyId;

    public int CompanyId { get; private set; }

    public Money CreditLimit { get; private set; }

    public Money BalanceDue { get; private set; }

    public string? PaymentTermsCode { get; private set; }

    /// <summary>The ERP's due-date formula, e.g. <c>30D</c> or <c>CM+14D</c>.</summary>
    public string? DueDateCalculation { get; private set; }

    public DateTimeOffset AsOf { get; private set; }

    public bool ApplyErp(Money creditLimit, Money balanceDue, string? termsCode, string? dueDateCalculation, DateTimeOffset asOf)
    {
        if (creditLimit.Amount < 0)
        {
            throw new DomainException($"A credit limit cannot be negative ({creditLimit}).", "CreditLimit");
        }

        var changed = CreditLimit != creditLimit || BalanceDue != balanceDue || PaymentTermsCode != termsCode || DueDateCalculation != dueDateCalculation;
        CreditLimit = creditLimit;
        BalanceDue = balanceDue;
        PaymentTermsCode = termsCode;
        DueDateCalculation = dueDateCalculation;
        AsOf = asOf;
        return changed;
    }
}
