namespace B2BPortal.Domain.Credit;

/// <summary>
/// No credit control: every order passes. Registered until the credit capability lands and replaces the
/// <see cref="ICreditCheck"/> registration with the real check (limits, open balance, holds). Issue 4 allows this
/// pass-through explicitly; it is not a credit check and must not be mistaken for one in production.
/// </summary>
public sealed class NoCreditControl : ICreditCheck
{
    public Task<CreditCheckResult> CheckAsync(CreditCheckRequest request, CancellationToken ct) => Task.FromResult(CreditCheckResult.Pass);
}
