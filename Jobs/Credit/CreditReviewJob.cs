using B2BPortal.Domain.Credit;
using Quartz;

namespace B2BPortal.Jobs.Credit;

/// <summary>
/// The daily credit review (Domain/Credit/CreditReview): holds accounts overdue beyond grace, releases those paid; then
/// the credit mails of the day (CreditNotifications: invoices due soon and overdue, credit use re-checked).
/// </summary>
[DisallowConcurrentExecution]
public sealed class CreditReviewJob(CreditReview review, CreditNotifications notices) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var reviewed = await review.RunAsync(cancellationToken);
        var told = await notices.DailyAsync(cancellationToken);
        context.Result = $"{reviewed}; {told}";
    }
}
