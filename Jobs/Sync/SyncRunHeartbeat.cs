using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace B2BPortal.Jobs.Sync;

/// <summary>
/// Where the scheduler runs: at start, ends this node's runs its previous life left "Running" (it was killed mid-run);
/// then, every minute, refreshes the heartbeat of the runs it is running and ends any run, of whichever node, whose
/// heartbeat has been silent for <c>Jobs:RunHeartbeatTimeoutMinutes</c>: on a cluster, the runs of a node that died show
/// Interrupted within a minute of that timeout, on the page of every surviving node. A clustered Quartz job could do
/// the sweep too, but would add a run of its own to the page every minute; this loop already wakes every minute on
/// every node, and each run is ended by one conditional statement, so nodes sweeping together end it once.
/// </summary>
internal sealed class SyncRunHeartbeat(IServiceScopeFactory scopes, TimeProvider time, IOptions<JobsOptions> options, ILogger<SyncRunHeartbeat> logger)
    : IHostedService, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private Task _beat = Task.CompletedTask;

    /// <summary>The beat in progress, or the last one (completed): tests wait for it after moving their clock.</summary>
    internal Task CurrentBeat
    {
        get
        {
            lock (_gate)
            {
                return _beat;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var ended = await scope.ServiceProvider.GetRequiredService<SyncRunRecovery>().InterruptOwnAsync(SyncNode.Id, cancellationToken);
            if (ended > 0)
            {
                logger.LogWarning("Node {Node} started with {Count} of its sync runs still marked running: marked interrupted", SyncNode.Id, ended);
            }
        }

        _timer = time.CreateTimer(_ => StartBeat(), null, SyncRunRecovery.HeartbeatInterval, SyncRunRecovery.HeartbeatInterval);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
            _timer = null;
        }

        await CurrentBeat;
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>One beat at a time: a beat slower than the interval (a busy database) is not joined by the next.</summary>
    private void StartBeat()
    {
        lock (_gate)
        {
            if (_beat.IsCompleted)
            {
                _beat = BeatAsync();
            }
        }
    }

    private async Task BeatAsync()
    {
        await Task.Yield();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var recovery = scope.ServiceProvider.GetRequiredService<SyncRunRecovery>();
            await recovery.BeatAsync(SyncNode.Id, CancellationToken.None);
            var silence = TimeSpan.FromMinutes(options.Value.RunHeartbeatTimeoutMinutes);
            var ended = await recovery.InterruptSilentAsync(silence, CancellationToken.None);
            if (ended > 0)
            {
                logger.LogWarning("Node {Node} marked {Count} sync runs interrupted: their node sent no heartbeat for {Minutes} minutes",
                    SyncNode.Id, ended, silence.TotalMinutes);
            }
        }
        catch (Exception ex)
        {
            // A missed beat is harmless (the timeout is many beats long); the database may be busy or restarting.
            logger.LogWarning(ex, "Sync run heartbeat of node {Node} failed", SyncNode.Id);
        }
    }
}
