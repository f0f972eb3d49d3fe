using B2BPortal.Domain.Quotes;
using Quartz;

namespace B2BPortal.Jobs.Quotes;

/// <summary>Expires sent quotes past their valid-until and reminds buyers before (Domain/Quotes/QuoteExpiry).</summary>
[DisallowConcurrentExecution]
public sealed class QuoteExpiryJob(QuoteExpiry expiry) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await expiry.RunAsync(cancellationToken);
}
