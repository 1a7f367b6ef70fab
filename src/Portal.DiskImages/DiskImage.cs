namespace Portal.DiskImages;

/// <summary>
/// Entry point of the layer: <c>DiskImage.Open(reader)</c> detects the image format (fixed VHD footer or raw),
/// reads the partition table (GPT, MBR with extended partitions, or none), opens LVM2 physical volumes into their
/// logical volumes, and opens every volume's file system it can (ext2/3/4, NTFS, XFS v5), giving a stated reason
/// for every one it cannot. Never returns an empty, silently clean disk: a disk with nothing readable has
/// volumes whose <see cref="VolumeResult.SkipReason"/> say why.
/// Implemented in Formats/, Partitions/, Lvm/ and FileSystems/ (one reader per folder).
/// </summary>
public static partial class DiskImage
{
}

/// <summary>
/// A file system reader's probe: null when the volume does not hold this file system (magic does not match);
/// otherwise the opened file system, or a <see cref="FileSystemProbeResult.Unsupported"/> reason when it is this
/// file system in a variant the reader cannot read ("XFS v4 not supported").
/// </summary>
public delegate FileSystemProbeResult? FileSystemProbe(IDiskReader volume);

public sealed record FileSystemProbeResult(IFileSystem? FileSystem, string? UnsupportedReason)
{
    public static FileSystemProbeResult Opened(IFileSystem fs) => new(fs, null);
    public static FileSystemProbeResult Unsupported(string reason) => new(null, reason);
}
