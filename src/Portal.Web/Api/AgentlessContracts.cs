using Portal.Domain.Agentless;

namespace Portal.Web.Api;

// Agentless detection over the API. No SAS URL is ever part of a scan record, so none can reach a response.

public sealed record AgentlessScanRequestDto(string? Kind);

public sealed record AgentlessScanAcceptedDto(Guid Id, string Kind, string State, bool Created);

public sealed record AgentlessErrorDto(string Code, string Message, string? Meaning, string? Fix)
{
    public static AgentlessErrorDto? From(IHasScanError e) => e.ErrorCode is null ? null : new(e.ErrorCode, e.ErrorMessage ?? "", e.ErrorMeaning, e.ErrorFix);
}

public sealed record AgentlessScanDto(Guid Id, Guid AccountId, string Kind, Guid? HostId, string Trigger, string RequestedBy, string State,
    DateTime RequestedAt, DateTime? StartedAt, DateTime? FinishedAt, double? DurationSeconds, int Targets, int DisksRead, int DisksSkipped, int DisksFailed,
    long FilesCounted, long ContentBytes, long BytesFetched, int SnapshotsLeft, AgentlessErrorDto? Error)
{
    public static AgentlessScanDto From(AgentlessScan s) => new(s.Id, s.AccountId, KindName(s.Kind), s.HostId, s.Trigger, s.RequestedBy, s.State.Label(),
        s.RequestedAt, s.StartedAt, s.FinishedAt, s.Duration?.TotalSeconds, s.Targets, s.DisksRead, s.DisksSkipped, s.DisksFailed,
        s.FilesCounted, s.ContentBytes, s.BytesFetched, s.SnapshotsLeft, AgentlessErrorDto.From(s));

    public static string KindName(AgentlessScanKind k) => k == AgentlessScanKind.Server ? "server" : "customImage";
}

public sealed record AgentlessVolumeDto(int Index, string Scheme, string TypeId, string? PartitionName, long Offset, long Length, string? FileSystem, string? Label,
    bool Read, string? SkipReason, long Files, long Directories, long Symlinks, long OtherEntries, long ContentBytes, long DurationMs)
{
    public static AgentlessVolumeDto From(AgentlessVolumeScan v) => new(v.Index, v.Scheme, v.TypeId, v.PartitionName, v.Offset, v.Length, v.FileSystem, v.Label,
        v.Read, v.SkipReason, v.Files, v.Directories, v.Symlinks, v.OtherEntries, v.ContentBytes, v.DurationMs);
}

public sealed record AgentlessDiskDto(Guid Id, string SourceId, string Name, bool IsOsDisk, int? Lun, long SizeBytes, string? Sku, string State, string? SkipReason,
    string? SnapshotName, bool SnapshotDeleted, string? ImageFormat, string? PartitionScheme, long Files, long Directories, long ContentBytes,
    long BytesFetched, int Requests, DateTime? StartedAt, DateTime? FinishedAt, long DurationMs, AgentlessErrorDto? Error, IReadOnlyList<AgentlessVolumeDto> Volumes);

public sealed record AgentlessTargetDto(Guid Id, Guid? HostId, string Type, string ResourceId, string Name, string ResourceGroup, string Location, string? OsType,
    string? PowerState, string State, string? SkipReason, DateTime? StartedAt, DateTime? FinishedAt, AgentlessErrorDto? Error, IReadOnlyList<AgentlessDiskDto> Disks);

public sealed record AgentlessScanDetailDto(AgentlessScanDto Scan, IReadOnlyList<AgentlessTargetDto> Targets)
{
    public static AgentlessScanDetailDto From(AgentlessScanDetail d) => new(AgentlessScanDto.From(d.Scan), d.Targets.Select(t => new AgentlessTargetDto(
        t.Id, t.HostId, t.TargetType, t.ResourceId, t.Name, t.ResourceGroup, t.Location, t.OsType, t.PowerState, t.State.Label(), t.SkipReason, t.StartedAt, t.FinishedAt,
        AgentlessErrorDto.From(t), d.DisksOf(t.Id).Select(k => Disk(k, d.VolumesOf(k.Id))).ToList())).ToList());

    public static AgentlessDiskDto Disk(AgentlessDiskScan k, IEnumerable<AgentlessVolumeScan> volumes) => new(k.Id, k.SourceId, k.Name, k.IsOsDisk, k.Lun, k.SizeBytes,
        k.Sku, k.State.Label(), k.SkipReason, k.SnapshotName, k.SnapshotDeleted, k.ImageFormat, k.PartitionScheme, k.Files, k.Directories, k.ContentBytes,
        k.BytesFetched, k.Requests, k.StartedAt, k.FinishedAt, k.DurationMs, AgentlessErrorDto.From(k), volumes.Select(AgentlessVolumeDto.From).ToList());
}
