namespace Portal.DiskImages.Lvm;

/// <summary>A logical volume found in a volume group: its bytes (through its segments), or why it cannot be read.</summary>
public sealed record LvmLogicalVolume(string VgName, string Name, long Length, long DiskOffset, IDiskReader? Reader, string? SkipReason);

/// <summary>
/// Maps a volume group's logical volumes onto the physical volumes found on this disk. Linear segments (type
/// "striped" with one stripe) are read; striped (several stripes), mirrored, RAID, thin and cache volumes are
/// reported with a reason instead. Hidden volumes (no VISIBLE flag: pool internals, mirror legs) are not listed.
/// </summary>
public static class LvmVolumeGroup
{
    private const long SectorSize = 512;

    public static IReadOnlyList<LvmLogicalVolume> LogicalVolumes(IReadOnlyList<LvmPhysicalVolume> pvs)
    {
        var newest = pvs.MaxBy(p => p.Seqno)!;
        return LogicalVolumes(newest.VolumeGroup, newest.VgName, pvs.Select(p => (p.Uuid, p.Device, p.DiskOffset)).ToList());
    }

    /// <summary>The mapping itself, from a parsed VG section and the PVs present (UUID without dashes, bytes, disk offset).</summary>
    internal static IReadOnlyList<LvmLogicalVolume> LogicalVolumes(LvmSection vg, string vgName,
        IReadOnlyList<(string Uuid, IDiskReader Device, long DiskOffset)> pvs)
    {
        var extentSize = (vg.Number("extent_size") ?? 0) * SectorSize;
        if (extentSize <= 0) throw new DiskFormatException($"LVM volume group '{vgName}': extent_size missing");
        // The metadata's pvN names -> the PVs on this disk (matched by UUID; metadata UUIDs carry dashes).
        var byName = new Dictionary<string, ((string Uuid, IDiskReader Device, long DiskOffset) Pv, long PeStart)>();
        var missing = new HashSet<string>();
        foreach (var (name, section) in vg.Section("physical_volumes")?.Sections ?? [])
        {
            var id = (section.String("id") ?? "").Replace("-", "");
            var index = pvs.ToList().FindIndex(p => p.Uuid == id);
            if (index < 0) { missing.Add(name); continue; }
            var pv = pvs[index];
            byName[name] = (pv, (section.Number("pe_start") ?? 0) * SectorSize);
        }
        var result = new List<LvmLogicalVolume>();
        var lvs = vg.Section("logical_volumes");
        foreach (var lvName in lvs?.Order ?? [])
        {
            var lv = lvs!.Sections[lvName];
            var status = lv.List("status").OfType<string>().ToHashSet();
            if (!status.Contains("VISIBLE")) continue;
            result.Add(Map(vgName, lvName, lv, extentSize, byName, missing));
        }
        return result;
    }

    private static LvmLogicalVolume Map(string vgName, string lvName, LvmSection lv, long extentSize,
        Dictionary<string, ((string Uuid, IDiskReader Device, long DiskOffset) Pv, long PeStart)> byName, HashSet<string> missing)
    {
        var segments = new List<SegmentedDiskReader.Segment>();
        long length = 0, diskOffset = -1;
        string? reason = null;
        foreach (var segName in lv.Order.Where(n => n.StartsWith("segment", StringComparison.Ordinal)))
        {
            var seg = lv.Sections[segName];
            var start = seg.Number("start_extent") ?? -1;
            var count = seg.Number("extent_count") ?? -1;
            if (start < 0 || count <= 0) throw new DiskFormatException($"LVM volume {vgName}/{lvName}: {segName} has no extent range");
            length = Math.Max(length, (start + count) * extentSize);
            var type = seg.String("type") ?? "?";
            var stripeCount = seg.Number("stripe_count") ?? 0;
            if (type != "striped")
            {
                reason ??= $"LVM {type} volume not supported (only linear volumes are read)";
                continue;
            }
            if (stripeCount != 1)
            {
                reason ??= $"LVM striped volume ({stripeCount} stripes) not supported (only linear volumes are read)";
                continue;
            }
            var stripes = seg.List("stripes");
            if (stripes.Count < 2 || stripes[0] is not string pvName || stripes[1] is not long pe)
                throw new DiskFormatException($"LVM volume {vgName}/{lvName}: {segName} has no stripe list");
            if (!byName.TryGetValue(pvName, out var target))
            {
                reason ??= missing.Contains(pvName)
                    ? $"LVM volume spans physical volume {pvName}, which is not on this disk"
                    : $"LVM volume names an unknown physical volume {pvName}";
                continue;
            }
            var sourceOffset = target.PeStart + pe * extentSize;
            segments.Add(new SegmentedDiskReader.Segment(start * extentSize, count * extentSize, target.Pv.Device, sourceOffset));
            if (start == 0) diskOffset = target.Pv.DiskOffset + sourceOffset;
        }
        if (reason is not null) return new LvmLogicalVolume(vgName, lvName, length, diskOffset, null, reason);
        if (segments.Count == 0) return new LvmLogicalVolume(vgName, lvName, 0, diskOffset, null, "LVM volume without segments");
        return new LvmLogicalVolume(vgName, lvName, length, diskOffset, new SegmentedDiskReader(segments, length), null);
    }
}
