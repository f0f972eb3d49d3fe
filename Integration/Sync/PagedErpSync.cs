using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Integration.Sync;

/// <summary>What applying one page did: counts, and the records that could not be applied with their reasons.</summary>
public sealed record PageOutcome(int Created, int Updated, IReadOnlyList<RecordFailure> Failures, IReadOnlyCollection<string> AppliedKeys)
{
    public static PageOutcome Empty { get; } = new(0, 0, [], []);
}

public sealed record RecordFailure(string Key, string Reason, string Payload);

/// <summary>
/// The shape every ERP read job shares: read pages changed since the watermark, apply each page with its dead letters
/// and the watermark in one transaction, and record the run. A failure (ERP down, malformed page) ends the run with
/// the pages before it committed; the next run starts from the committed watermark. Dead letters an administrator
/// asked to retry are fetched again by key first.
/// </summary>
public abstract class PagedErpSync<T>(PortalDbContext db, TimeProvider time, ILogger logger)
    where T : class
{
    private const int RetryKeysPerRequest = 40;

    protected PortalDbContext Db => db;

    protected TimeProvider Time => time;

    /// <summary>Whether the current run reads everything (the nightly resync) rather than the delta.</summary>
    protected bool Full { get; private set; }

    public abstract string JobName { get; }

    /// <summary>Runs once: a delta from the watermark, or everything when <paramref name="full"/>.</summary>
    public async Task<SyncRun> RunAsync(bool full, CancellationToken ct)
    {
        var state = await db.SyncJobStates.FindAsync([JobName], ct);
        if (state is null)
        {
            state = new SyncJobState(JobName);
            db.SyncJobStates.Add(state);
        }

        Full = full;
        var run = new SyncRun(JobName, time.GetUtcNow(), full);
        db.SyncRuns.Add(run);
        await db.SaveChangesAsync(ct);

        try
        {
            var retryKeys = await db.DeadLetters
                .Where(d => d.JobName == JobName && d.Status == DeadLetterStatus.RetryRequested)
                .Select(d => d.RecordKey).Distinct().ToListAsync(ct);
            // In small groups: the keys travel in the URL's $filter.
            foreach (var keys in retryKeys.Chunk(RetryKeysPerRequest))
            {
                await ReadKeysAsync(keys, run, state, ct);
            }

            await BeforeReadAsync(state, ct);
            var since = full ? null : state.Watermark;
            await ReadAllAsync(new ErpReadRequest(since), run, state, advance: true, ct);
            await AfterReadAsync(run, state, ct);

            state.Completed(time.GetUtcNow(), full);
            run.Finish(time.GetUtcNow());
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is ErpUnavailableException or ErpRejectedException)
        {
            logger.LogWarning(ex, "{Job} stopped: {Error}", JobName, ex.Message);
            run = await FailAsync(run, ex.Message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Job} failed", JobName);
            run = await FailAsync(run, ex.GetType().Name + ": " + ex.Message, ct);
        }

        return run;
    }

    protected abstract Task<ErpPage<T>> ReadAsync(ErpReadRequest request, CancellationToken ct);

    /// <summary>Before the delta (or full) read, after the dead letters to retry were fetched.</summary>
    protected virtual Task BeforeReadAsync(SyncJobState state, CancellationToken ct) => Task.CompletedTask;

    /// <summary>After the delta (or full) read committed, inside the run: a failure here fails the run like a failed page.</summary>
    protected virtual Task AfterReadAsync(SyncRun run, SyncJobState state, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Reads these records by key (every page of the answer) and applies them like a delta's pages; the watermark stays.</summary>
    protected Task ReadKeysAsync(IReadOnlyList<string> keys, SyncRun run, SyncJobState state, CancellationToken ct) =>
        ReadAllAsync(new ErpReadRequest(null, null, keys), run, state, advance: false, ct);

    /// <summary>The key of a mapped record, the same key its dead letter carries.</summary>
    protected abstract string KeyOf(T record);

    /// <summary>Applies the page's valid records (deduplicated by key, newest kept) inside the page's transaction.</summary>
    protected abstract Task<PageOutcome> ApplyAsync(IReadOnlyList<ErpRecord<T>> records, CancellationToken ct);

    private async Task ReadAllAsync(ErpReadRequest request, SyncRun run, SyncJobState state, bool advance, CancellationToken ct)
    {
        var next = request;
        while (true)
        {
            var page = await ReadAsync(next, ct);
            await ApplyPageAsync(page, run, state, advance, ct);
            if (page.Continuation is null)
            {
                return;
            }

            next = next with { Continuation = page.Continuation };
        }
    }

    private async Task ApplyPageAsync(ErpPage<T> page, SyncRun run, SyncJobState state, bool advance, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var failures = page.Records.Where(r => r.Value is null).Select(r => new RecordFailure(r.Key, r.Error ?? "Unreadable record.", r.Payload)).ToList();

        // A page may carry one record twice (it changed while the ERP paged): the newest wins, the older is read but not applied.
        var valid = page.Records.Where(r => r.Value is not null)
            .GroupBy(r => KeyOf(r.Value!), StringComparer.Ordinal)
            .Select(g => g.MaxBy(r => r.LastModified)!)
            .ToList();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var outcome = valid.Count == 0 ? PageOutcome.Empty : await ApplyAsync(valid, ct);
        failures.AddRange(outcome.Failures);

        await RecordDeadLettersAsync(failures, outcome.AppliedKeys, now, ct);
        if (advance)
        {
            state.Advance(page.Records.Max(r => r.LastModified));
        }

        run.Count(page.Records.Count, outcome.Created, outcome.Updated, failures.Count);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task RecordDeadLettersAsync(List<RecordFailure> failures, IReadOnlyCollection<string> applied, DateTimeOffset now, CancellationToken ct)
    {
        var keys = failures.Select(f => f.Key).Concat(applied).Distinct().ToList();
        if (keys.Count == 0)
        {
            return;
        }

        var open = await db.DeadLetters
            .Where(d => d.JobName == JobName && keys.Contains(d.RecordKey)
                && (d.Status == DeadLetterStatus.Open || d.Status == DeadLetterStatus.RetryRequested))
            .ToListAsync(ct);
        var byKey = open.GroupBy(d => d.RecordKey).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        foreach (var f in failures)
        {
            if (byKey.TryGetValue(f.Key, out var letter))
            {
                letter.Failed(f.Reason, f.Payload, now);
            }
            else
            {
                var added = new DeadLetter(JobName, f.Key, f.Reason, f.Payload, now);
                db.DeadLetters.Add(added);
                byKey[f.Key] = added;
            }
        }

        foreach (var key in applied)
        {
            if (byKey.TryGetValue(key, out var letter) && failures.TrueForAll(f => f.Key != key))
            {
                letter.Resolve(now);
            }
        }
    }

    private async Task<SyncRun> FailAsync(SyncRun run, string error, CancellationToken ct)
    {
        // Whatever the failed page left tracked is discarded; committed pages, their counts and their watermark stay.
        db.ChangeTracker.Clear();
        var reloaded = await db.SyncRuns.FindAsync([run.Id], ct) ?? run;
        reloaded.Fail(time.GetUtcNow(), error);
        await db.SaveChangesAsync(ct);
        return reloaded;
    }
}
