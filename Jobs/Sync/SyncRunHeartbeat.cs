using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace B2BPortal.Jobs.Sync;

/// <summary>
/// Where the scheduler runs: at start, ends this node's runs its previous life left "Running" (it was killed mid-run);
/// then, every minute, refreshes the heartbeat of the runs it is running, so housekeeping on any node can tell a slow
/// run from one whose process is gone.
/// </summary>
internal sealed class SyncRunHeartbeat(IServiceScopeFactory scopes, TimeProvider time, ILogger<SyncRunHeartbeat> logger) : IHostedService, IAsyncDisposable
{
    private ITimer? _timer;

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

        _timer = time.CreateTimer(_ => _ = BeatAsync(), null, SyncRunRecovery.HeartbeatInterval, SyncRunRecovery.HeartbeatInterval);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
            _timer = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task BeatAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SyncRunRecovery>().BeatAsync(SyncNode.Id, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // A missed beat is harmless (the timeout is many beats long); the database may be busy or restarting.
            logger.LogWarning(ex, "Sync run heartbeat of node {Node} failed", SyncNode.Id);
        }
    }
}
