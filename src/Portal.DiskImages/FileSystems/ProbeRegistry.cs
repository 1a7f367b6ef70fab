using Portal.DiskImages.FileSystems.Ext4;

namespace Portal.DiskImages.FileSystems;

/// <summary>The file system probes <see cref="DiskImage.Open"/> tries on every volume, in order.</summary>
public static class ProbeRegistry
{
    // NTFS and XFS are added here (NtfsFileSystem.Probe, XfsFileSystem.Probe) when their readers are merged.
    public static readonly FileSystemProbe[] All = [Ext4FileSystem.Probe];
}
