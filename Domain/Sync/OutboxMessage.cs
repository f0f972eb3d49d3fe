namespace B2BPortal.Domain.Sync;

public enum OutboxStatus
{
    Pending,
    Done,
    Failed,
    DeadLettered,
}

/// <summary>
/// A message to a partner system, written in the same transaction as the change that caused it (an order placed),
/// so the change and the message commit or roll back together. Jobs/Sync delivers it, at least once; the
/// <see cref="IdempotencyKey"/> lets the receiver (and the ERP lookup by external document number) make that exactly once.
/// </summary>
public class OutboxMessage
{
    public const int TypeMaxLength = 100;
    public const int KeyMaxLength = 200;

    private OutboxMessage() { }

    public OutboxMessage(string type, string idempotencyKey, string payload, DateTimeOffset createdAt)
    {
        Type = type;
        IdempotencyKey = idempotencyKey;
        Payload = payload;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        Status = OutboxStatus.Pending;
    }

    public long Id { get; private set; }

    /// <summary>What the message means, e.g. <c>order.placed</c>; the dispatcher picks its handler by it.</summary>
    public string Type { get; private set; } = string.Empty;

    public string IdempotencyKey { get; private set; } = string.Empty;

    /// <summary>JSON, versioned by <see cref="Type"/>.</summary>
    public string Payload { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? ProcessedAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>
    /// The last try failed because the ERP could not be reached or was overloaded, not because of the message: it waits
    /// for the ERP, not for a fix, and goes as soon as a call to the ERP succeeds again.
    /// </summary>
    public bool AwaitingErp { get; private set; }

    public void Succeeded(DateTimeOffset now)
    {
        Attempts++;
        Status = OutboxStatus.Done;
        ProcessedAt = now;
        LastError = null;
        AwaitingErp = false;
    }

    /// <summary>
    /// The receiver refused the message itself (or it is unreadable): a counted attempt. The message stays for the next
    /// run, backing off, until <paramref name="maxAttempts"/> refusals dead-letter it.
    /// </summary>
    public void AttemptFailed(string error, DateTimeOffset now, TimeSpan retryAfter, int maxAttempts)
    {
        Attempts++;
        AwaitingErp = false;
        LastError = Truncate(error);
        if (Attempts >= maxAttempts)
        {
            Status = OutboxStatus.DeadLettered;
            return;
        }

        Status = OutboxStatus.Failed;
        NextAttemptAt = now + retryAfter;
    }

    /// <summary>
    /// The receiver was unreachable or overloaded (timeout, refused connection, 5xx, 429, open circuit). Not the
    /// message's fault, so it does not count toward dead-lettering, however long the outage lasts.
    /// </summary>
    public void Deferred(string error, DateTimeOffset nextAttemptAt)
    {
        if (Status == OutboxStatus.Done)
        {
            return;
        }

        LastError = Truncate(error);
        AwaitingErp = true;
        Status = OutboxStatus.Failed;
        NextAttemptAt = nextAttemptAt;
    }

    /// <summary>An administrator's "retry now" from the Integration page.</summary>
    public void Retry(DateTimeOffset now)
    {
        if (Status == OutboxStatus.Done)
        {
            return;
        }

        Status = OutboxStatus.Pending;
        NextAttemptAt = now;
    }

    private static string Truncate(string error) => error.Length > 2000 ? error[..2000] : error;
}
