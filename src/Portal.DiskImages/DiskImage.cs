using Portal.DiskImages.FileSystems;
using Portal.DiskImages.Formats;
using Portal.DiskImages.Lvm;
using Portal.DiskImages.Partitions;

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
    private const int EmptyCheckBytes = 64 * 1024;

    /// <summary>Opens a disk. The reader is used as given: wrap a slow source (a SAS URL) in a
    /// <see cref="CachedDiskReader"/> first. A corrupt volume becomes that volume's skip reason; only a disk whose
    /// wrapper or partition table cannot be read at all throws.</summary>
    /// <exception cref="DiskFormatException">A dynamic/differencing or corrupt VHD, or a GPT whose primary and backup
    /// headers are both unusable.</exception>
    /// <exception cref="DiskReadException">The source failed.</exception>
    public static DiskLayout Open(IDiskReader reader, DiskOpenOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var probes = options?.Probes ?? ProbeRegistry.All;
        var (format, disk) = VhdFormat.Detect(reader);
        var warnings = new List<string>();
        var (scheme, partitions) = PartitionTable.Read(disk, warnings);
        var volumes = new List<VolumeResult>();
        var pvs = new List<(int Slot, LvmPhysicalVolume Pv)>();
        foreach (var p in partitions)
        {
            IDiskReader region;
            try
            {
                region = new SubReader(disk, p.Offset, p.Length);
            }
            catch (DiskFormatException e)
            {
                volumes.Add(new VolumeResult(p, null, e.Message));
                continue;
            }
            try
            {
                if (LvmPhysicalVolume.Read(region, p.Offset) is { } pv)
                {
                    pvs.Add((volumes.Count, pv));
                    volumes.Add(new VolumeResult(p, null, $"LVM physical volume of vg '{pv.VgName}': see its logical volumes"));
                    continue;
                }
            }
            catch (DiskFormatException e)
            {
                volumes.Add(new VolumeResult(p, null, $"LVM physical volume unreadable: {e.Message}"));
                continue;
            }
            volumes.Add(ProbeVolume(p, region, probes));
        }
        var index = partitions.Count;
        foreach (var group in pvs.GroupBy(x => x.Pv.VgName))
        {
            IReadOnlyList<LvmLogicalVolume> lvs;
            try
            {
                lvs = LvmVolumeGroup.LogicalVolumes(group.Select(x => x.Pv).ToList());
            }
            catch (DiskFormatException e)
            {
                foreach (var (slot, pv) in group)
                    volumes[slot] = volumes[slot] with { SkipReason = $"LVM volume group '{pv.VgName}' unreadable: {e.Message}" };
                continue;
            }
            foreach (var lv in lvs)
            {
                var info = new PartitionInfo(++index, "LVM", lv.DiskOffset, lv.Length, $"{lv.VgName}/{lv.Name}", lv.Name);
                volumes.Add(lv.Reader is null ? new VolumeResult(info, null, lv.SkipReason) : ProbeVolume(info, lv.Reader, probes));
            }
        }
        return new DiskLayout(format, disk.Length, scheme, volumes) { Warnings = warnings };
    }

    /// <summary>Opens the file system of one volume with the first probe that recognises it.</summary>
    public static VolumeResult ProbeVolume(PartitionInfo partition, IDiskReader volume, IReadOnlyList<FileSystemProbe> probes)
    {
        try
        {
            foreach (var probe in probes)
            {
                var result = probe(volume);
                if (result is null) continue;
                return new VolumeResult(partition, result.FileSystem, result.FileSystem is null ? result.UnsupportedReason ?? "not supported" : null);
            }
            var head = new byte[(int)Math.Min(EmptyCheckBytes, volume.Length)];
            volume.ReadExactly(0, head);
            if (Bin.IsAllZero(head))
                return new VolumeResult(partition, null, $"empty partition (all zeros in its first {head.Length / 1024} KiB)");
            var typeName = PartitionTable.TypeName(partition);
            var type = partition.Scheme switch
            {
                "MBR" => $" (MBR type 0x{partition.TypeId}{(typeName is null ? "" : ": " + typeName)})",
                "GPT" => $" (GPT type {partition.TypeId}{(typeName is null ? "" : ": " + typeName)})",
                _ => "",
            };
            return new VolumeResult(partition, null, $"unknown file system{type}");
        }
        catch (DiskFormatException e)
        {
            return new VolumeResult(partition, null, e.Message);
        }
    }
}

/// <summary>Options of <see cref="DiskImage.Open"/>.</summary>
public sealed record DiskOpenOptions
{
    /// <summary>The file system probes to try, in order (default: <see cref="ProbeRegistry.All"/>).</summary>
    public IReadOnlyList<FileSystemProbe>? Probes { get; init; }
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
