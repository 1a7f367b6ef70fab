using Portal.DiskImages;

namespace Portal.Domain.Agentless;

/// <summary>What a file scanner sees of the volume being walked.</summary>
public sealed record FileScanContext(AgentlessScan Scan, AgentlessScanTarget Target, AgentlessDiskScan Disk, AgentlessVolumeScan Volume, IFileSystem FileSystem);

/// <summary>
/// The seam for part 2 (inventory, vulnerabilities, baseline, malware, sensitive files): every entry of every volume that
/// was read is handed to each registered scanner, in walk order. None is registered yet, so a scan only counts.
/// A scanner reads content through <see cref="IFileSystem.OpenRead"/> (ranged, cached reads of the snapshot) and keeps
/// its own findings; <see cref="EndVolumeAsync"/> is the place to store them.
/// </summary>
public interface IFileScanner
{
    string Id { get; }

    ValueTask ScanAsync(FileScanContext context, FileEntry entry, CancellationToken ct);

    ValueTask EndVolumeAsync(FileScanContext context, CancellationToken ct);
}

/// <summary>Opens a disk image through its format, partitions, volume manager and file systems (DiskImage.Open).</summary>
public interface IDiskOpener
{
    DiskLayout Open(IDiskReader reader);
}

/// <summary>The disk-image layer's entry point behind <see cref="IDiskOpener"/>.</summary>
public sealed class DiskImageOpener : IDiskOpener
{
    public DiskLayout Open(IDiskReader reader) => DiskImage.Open(reader);
}
