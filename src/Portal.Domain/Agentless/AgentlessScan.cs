using Portal.Domain.Cloud;

namespace Portal.Domain.Agentless;

/// <summary>The two checks of the feature, in the reference product's words.</summary>
public enum AgentlessScanKind
{
    /// <summary>"Server check": the disks of the account's VMs.</summary>
    Server,
    /// <summary>"Custom image check": managed images and gallery image versions, from their source snapshots or disks.</summary>
    CustomImage,
}

/// <summary>Where a scan, a VM (or image) of it, or one disk stands. A run uses Queued, Running and the final states; a disk
/// goes Queued → Snapshotting → Reading → Scanning → CleaningUp → Done (or Skipped / Failed).</summary>
public enum AgentlessScanState { Queued, Running, Snapshotting, Reading, Scanning, CleaningUp, Done, Skipped, Failed }

public static class AgentlessStates
{
    public static bool IsFinal(this AgentlessScanState s) => s is AgentlessScanState.Done or AgentlessScanState.Skipped or AgentlessScanState.Failed;

    /// <summary>The user's words for a state ("cleaning up").</summary>
    public static string Label(this AgentlessScanState s) => s switch
    {
        AgentlessScanState.CleaningUp => "cleaning up",
        _ => s.ToString().ToLowerInvariant(),
    };
}

/// <summary>An error stored with a scan, a target or a disk: Azure's (or the portal's) code, what it means and the fix.</summary>
public interface IHasScanError
{
    string? ErrorCode { get; set; }
    string? ErrorMessage { get; set; }
    string? ErrorMeaning { get; set; }
    string? ErrorFix { get; set; }
}

public static class ScanErrors
{
    public static void SetError(this IHasScanError item, CloudError e)
    {
        item.ErrorCode = e.Code;
        item.ErrorMessage = Truncate(e.Message, 4000);
        item.ErrorMeaning = Truncate(e.Meaning, 1000);
        item.ErrorFix = Truncate(e.Fix, 1000);
    }

    public static string Truncate(string? s, int max) => s is null ? "" : s.Length <= max ? s : s[..(max - 1)] + "…";
}

/// <summary>One run of agentless detection for one account: every VM in scope (or one host), or every custom image.</summary>
public sealed class AgentlessScan : IHasScanError
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public AgentlessScanKind Kind { get; set; }
    /// <summary>Set when the scan is of one host ("Scan now" on the host page).</summary>
    public Guid? HostId { get; set; }
    /// <summary>"schedule" or "manual".</summary>
    public string Trigger { get; set; } = "manual";
    public string RequestedBy { get; set; } = "";
    public AgentlessScanState State { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>Unique while the scan is queued or running ("{account}:{kind}" or "{account}:host:{host}"): asking again
    /// returns the scan already on its way, on every node.</summary>
    public string? ActiveKey { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? ErrorMeaning { get; set; }
    public string? ErrorFix { get; set; }

    public int Targets { get; set; }
    public int DisksRead { get; set; }
    public int DisksSkipped { get; set; }
    public int DisksFailed { get; set; }
    public long FilesCounted { get; set; }
    public long ContentBytes { get; set; }
    public long BytesFetched { get; set; }
    /// <summary>Snapshots the scan made that it could not delete (the sweeper retries them); 0 is the normal end.</summary>
    public int SnapshotsLeft { get; set; }

    public bool IsFinal => State.IsFinal();

    public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : null;

    public static string ActiveKeyFor(Guid accountId, AgentlessScanKind kind, Guid? hostId) =>
        hostId is { } h ? $"{accountId:N}:host:{h:N}" : $"{accountId:N}:{kind}";
}

/// <summary>One VM (or custom image) of a scan, with its power state when scanned.</summary>
public sealed class AgentlessScanTarget : IHasScanError
{
    public Guid Id { get; set; }
    public Guid ScanId { get; set; }
    public Guid? HostId { get; set; }
    /// <summary>"VirtualMachine", "ManagedImage" or "GalleryImageVersion".</summary>
    public string TargetType { get; set; } = "VirtualMachine";
    public string ResourceId { get; set; } = "";
    public string Name { get; set; } = "";
    public string SubscriptionId { get; set; } = "";
    public string ResourceGroup { get; set; } = "";
    public string Location { get; set; } = "";
    public string? OsType { get; set; }
    /// <summary>The VM's power state read when its scan started (running, stopped, deallocated); null for images.</summary>
    public string? PowerState { get; set; }
    public AgentlessScanState State { get; set; }
    public string? SkipReason { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? ErrorMeaning { get; set; }
    public string? ErrorFix { get; set; }
}

/// <summary>One disk of a target: planned (or skipped with its reason), snapshotted, read, cleaned up.</summary>
public sealed class AgentlessDiskScan : IHasScanError
{
    public Guid Id { get; set; }
    public Guid ScanId { get; set; }
    public Guid TargetId { get; set; }
    /// <summary>The disk (or, for an image, the snapshot or disk) that was copied.</summary>
    public string SourceId { get; set; } = "";
    public string Name { get; set; } = "";
    public bool IsOsDisk { get; set; }
    public int? Lun { get; set; }
    public long SizeBytes { get; set; }
    public string? Sku { get; set; }
    public AgentlessScanState State { get; set; }
    public string? SkipReason { get; set; }
    /// <summary>Lower-cased source id while this disk is being scanned: unique, so no disk is scanned twice at once.</summary>
    public string? ActiveKey { get; set; }
    public string? SnapshotId { get; set; }
    public string? SnapshotName { get; set; }
    /// <summary>True once the portal's snapshot of this disk is gone again (or was never made).</summary>
    public bool SnapshotDeleted { get; set; }
    public string? ImageFormat { get; set; }
    public string? PartitionScheme { get; set; }
    public long Files { get; set; }
    public long Directories { get; set; }
    public long ContentBytes { get; set; }
    /// <summary>Bytes fetched over the SAS URL and the ranged requests it took.</summary>
    public long BytesFetched { get; set; }
    public int Requests { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public long DurationMs { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? ErrorMeaning { get; set; }
    public string? ErrorFix { get; set; }
}

/// <summary>One partition or logical volume of a disk: read (with its counts) or skipped with the reader's reason.</summary>
public sealed class AgentlessVolumeScan
{
    public Guid Id { get; set; }
    public Guid DiskScanId { get; set; }
    public int Index { get; set; }
    public string Scheme { get; set; } = "";
    public string TypeId { get; set; } = "";
    public string? PartitionName { get; set; }
    public long Offset { get; set; }
    public long Length { get; set; }
    public string? FileSystem { get; set; }
    public string? Label { get; set; }
    public bool Read { get; set; }
    public string? SkipReason { get; set; }
    public long Files { get; set; }
    public long Directories { get; set; }
    public long Symlinks { get; set; }
    public long OtherEntries { get; set; }
    public long ContentBytes { get; set; }
    public long DurationMs { get; set; }
}

/// <summary>A scan with everything under it, for the detail views.</summary>
public sealed record AgentlessScanDetail(AgentlessScan Scan, IReadOnlyList<AgentlessScanTarget> Targets, IReadOnlyList<AgentlessDiskScan> Disks,
    IReadOnlyList<AgentlessVolumeScan> Volumes)
{
    public IEnumerable<AgentlessDiskScan> DisksOf(Guid targetId) => Disks.Where(d => d.TargetId == targetId).OrderBy(d => d.IsOsDisk ? -1 : d.Lun ?? int.MaxValue);
    public IEnumerable<AgentlessVolumeScan> VolumesOf(Guid diskId) => Volumes.Where(v => v.DiskScanId == diskId).OrderBy(v => v.Index);
}

public sealed record AgentlessScanQuery
{
    public Guid? AccountId { get; init; }
    public Guid? HostId { get; init; }
    public AgentlessScanKind? Kind { get; init; }
    public AgentlessScanState? State { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>The last scan of one host, for its page.</summary>
public sealed record HostScanSummary(AgentlessScan Scan, AgentlessScanTarget Target, IReadOnlyList<AgentlessDiskScan> Disks, IReadOnlyList<AgentlessVolumeScan> Volumes);
