using Portal.Domain.Auditing;

namespace Portal.Domain.Agentless;

/// <summary>Where scans are kept. Claims and the "never two scans of one disk" key are decided by the database, so they hold
/// across the nodes of a cluster.</summary>
public interface IAgentlessScanStore
{
    /// <summary>Stores a queued scan; when a scan with the same active key is queued or running, returns that one instead.</summary>
    Task<(AgentlessScan Scan, bool Created)> AddOrGetAsync(AgentlessScan scan, CancellationToken ct = default);
    Task<AgentlessScan?> GetAsync(Guid id, CancellationToken ct = default);
    Task<AgentlessScanDetail?> GetDetailAsync(Guid id, CancellationToken ct = default);
    Task<PagedResult<AgentlessScan>> QueryAsync(AgentlessScanQuery query, CancellationToken ct = default);
    Task UpdateAsync(AgentlessScan scan, CancellationToken ct = default);

    /// <summary>Queued scans nobody holds, oldest first.</summary>
    Task<IReadOnlyList<Guid>> ListQueuedAsync(int max, CancellationToken ct = default);
    /// <summary>Queued → Running for exactly one node (a conditional update).</summary>
    Task<bool> TryClaimAsync(Guid id, string node, DateTime now, DateTime leaseUntil, CancellationToken ct = default);
    /// <summary>Extends the lease while the node still holds the scan; false when it lost it.</summary>
    Task<bool> RenewLeaseAsync(Guid id, string node, DateTime leaseUntil, CancellationToken ct = default);
    /// <summary>Running scans whose node is gone: held by <paramref name="deadNode"/> (this node before a restart under the same
    /// name) or whose lease ran out.</summary>
    Task<IReadOnlyList<AgentlessScan>> ListOrphanedAsync(DateTime now, string? deadNode, CancellationToken ct = default);
    /// <summary>Takes an orphaned scan over for its clean-up (exactly one node wins).</summary>
    Task<bool> TryTakeOverAsync(Guid id, string node, DateTime now, DateTime leaseUntil, string? deadNode, CancellationToken ct = default);

    Task AddTargetAsync(AgentlessScanTarget target, CancellationToken ct = default);
    Task UpdateTargetAsync(AgentlessScanTarget target, CancellationToken ct = default);
    Task AddDiskAsync(AgentlessDiskScan disk, CancellationToken ct = default);
    Task UpdateDiskAsync(AgentlessDiskScan disk, CancellationToken ct = default);
    /// <summary>Sets the disk's active key; false when another scan of the same disk holds it (unique index).</summary>
    Task<bool> TryActivateDiskAsync(Guid diskScanId, string activeKey, CancellationToken ct = default);
    /// <summary>Clears every disk key of a scan and marks its unfinished disks failed (restart or crash).</summary>
    Task ReleaseDisksAsync(Guid scanId, string errorCode, string message, DateTime now, CancellationToken ct = default);
    Task AddVolumesAsync(IReadOnlyList<AgentlessVolumeScan> volumes, CancellationToken ct = default);

    /// <summary>The newest finished-or-running scan that covered the host, with its disks and volumes.</summary>
    Task<HostScanSummary?> LastForHostAsync(Guid hostId, CancellationToken ct = default);
}
