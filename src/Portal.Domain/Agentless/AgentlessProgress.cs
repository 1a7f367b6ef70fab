using System.Collections.Concurrent;

namespace Portal.Domain.Agentless;

/// <summary>Where one VM (or image) of a running scan stands, for the live view.</summary>
public sealed record AgentlessTargetProgress(Guid ScanId, Guid AccountId, Guid TargetId, Guid? HostId, string Name, AgentlessScanState State,
    int DisksDone, int DisksTotal, string Message, DateTime At);

/// <summary>The live state of this node's agentless scans. Pages subscribe to <see cref="Changed"/>; scans publish to it.</summary>
public sealed class AgentlessProgressBoard
{
    private readonly ConcurrentDictionary<Guid, AgentlessTargetProgress> _targets = new();

    public event Action<AgentlessTargetProgress>? Changed;

    public void Publish(AgentlessTargetProgress p)
    {
        _targets[p.TargetId] = p;
        Changed?.Invoke(p);
    }

    public IReadOnlyList<AgentlessTargetProgress> ForScan(Guid scanId) =>
        _targets.Values.Where(t => t.ScanId == scanId).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public AgentlessTargetProgress? ForHost(Guid hostId) =>
        _targets.Values.Where(t => t.HostId == hostId).OrderByDescending(t => t.At).FirstOrDefault();

    /// <summary>Drops a finished scan's entries (the stored scan has the result).</summary>
    public void Forget(Guid scanId)
    {
        foreach (var key in _targets.Where(t => t.Value.ScanId == scanId).Select(t => t.Key).ToList()) _targets.TryRemove(key, out _);
    }
}

/// <summary>Bounds the disks in flight: one gate per account and one for the node. Waiting is in the order disks ask.</summary>
public sealed class AgentlessLimiter(AgentlessOptions options)
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _accounts = new();
    private readonly SemaphoreSlim _portal = new(options.DisksInFlightPortal, options.DisksInFlightPortal);

    public async Task<IDisposable> EnterAsync(Guid accountId, CancellationToken ct)
    {
        var account = _accounts.GetOrAdd(accountId, _ => new SemaphoreSlim(options.DisksInFlightPerAccount, options.DisksInFlightPerAccount));
        await account.WaitAsync(ct);
        try { await _portal.WaitAsync(ct); }
        catch { account.Release(); throw; }
        return new Lease(account, _portal);
    }

    private sealed class Lease(SemaphoreSlim account, SemaphoreSlim portal) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 1) return;
            portal.Release();
            account.Release();
        }
    }
}
