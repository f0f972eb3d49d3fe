using B2BPortal.Domain.Credit;
using Quartz;

namespace B2BPortal.Jobs.Credit;

/// <summary>The daily credit review (Domain/Credit/CreditReview): holds accounts overdue beyond grace, releases those paid.</summary>
[DisallowConcurrentExecution]
public sealed class CreditReviewJob(CreditReview review) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await review.RunAsync(cancellationToken);
}
