using Portal.DiskImages.FileSystems.Ext4;
using Portal.DiskImages.FileSystems.Ntfs;
using Portal.DiskImages.FileSystems.Xfs;

namespace Portal.DiskImages.FileSystems;

/// <summary>The file system probes <see cref="DiskImage.Open"/> tries on every volume, in order.</summary>
public static class ProbeRegistry
{
    public static readonly FileSystemProbe[] All = [Ext4FileSystem.Probe, NtfsFileSystem.Probe, XfsFileSystem.Probe];
}
