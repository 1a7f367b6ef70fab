using System.Text;

namespace Portal.DiskImages.Lvm;

/// <summary>
/// An LVM2 physical volume: the "LABELONE" label in one of the first four sectors, the PV header after it (PV UUID,
/// data and metadata area lists) and the volume group's metadata text, found through the metadata area header's
/// raw location (a circular buffer; the text may wrap). Label, area header and text checksums are LVM's CRC-32
/// (seed 0xf597a6cf, no final inversion).
/// </summary>
public sealed class LvmPhysicalVolume
{
    private const uint LvmCrcSeed = 0xf597a6cf;
    private const int MdaHeaderSize = 512;
    private const int MaxMetadataBytes = 16 * 1024 * 1024;

    private LvmPhysicalVolume(string uuid, IDiskReader device, long diskOffset, LvmSection vg, string vgName, long seqno)
    {
        Uuid = uuid; Device = device; DiskOffset = diskOffset; VolumeGroup = vg; VgName = vgName; Seqno = seqno;
    }

    /// <summary>The PV UUID without dashes (as in the PV header).</summary>
    public string Uuid { get; }
    public IDiskReader Device { get; }
    /// <summary>Where the PV starts on the disk (the partition's offset).</summary>
    public long DiskOffset { get; }
    /// <summary>The VG section of the metadata text.</summary>
    public LvmSection VolumeGroup { get; }
    public string VgName { get; }
    public long Seqno { get; }

    /// <summary>Whether the device carries an LVM2 label (cheap: reads the first 2 KiB).</summary>
    public static bool HasLabel(IDiskReader device) => FindLabel(device) is not null;

    private static (byte[] Sector, long Number)? FindLabel(IDiskReader device)
    {
        if (device.Length < 2048) return null;
        var head = device.ReadBytes(0, 2048);
        for (var s = 0; s < 4; s++)
            if (head.AsSpan(s * 512, 8).SequenceEqual("LABELONE"u8) && head.AsSpan(s * 512 + 24, 8).SequenceEqual("LVM2 001"u8))
                return (head.AsSpan(s * 512, 512).ToArray(), s);
        return null;
    }

    /// <summary>Reads the PV; null when the device has no LVM2 label.</summary>
    /// <exception cref="DiskFormatException">A label or metadata that fails its checksum or does not parse.</exception>
    public static LvmPhysicalVolume? Read(IDiskReader device, long diskOffset)
    {
        if (FindLabel(device) is not var (label, number)) return null;
        if (Bin.U64(label, 8) != (ulong)number)
            throw new DiskFormatException($"LVM2 label in sector {number} names sector {Bin.U64(label, 8)}");
        var crc = Crc32.Raw(LvmCrcSeed, label.AsSpan(20));
        if (crc != Bin.U32(label, 16))
            throw new DiskFormatException($"LVM2 label checksum mismatch (stored 0x{Bin.U32(label, 16):x8}, computed 0x{crc:x8})");
        var contents = (int)Bin.U32(label, 20);
        if (contents < 32 || contents > 512 - 40)
            throw new DiskFormatException($"LVM2 label: PV header offset {contents} invalid");
        var pvh = label.AsSpan(contents);
        var uuid = Encoding.ASCII.GetString(pvh[..32]);
        var pos = 40; // after uuid[32] and device_size
        SkipAreaList(pvh, ref pos); // data areas
        var metadataAreas = ReadAreaList(pvh, ref pos);
        if (metadataAreas.Count == 0)
            throw new DiskFormatException($"LVM2 physical volume {uuid} has no metadata area on this disk (metadata copies = 0)");
        string? lastError = null;
        LvmPhysicalVolume? best = null;
        foreach (var (offset, size) in metadataAreas)
        {
            try
            {
                var (text, _) = ReadMetadataText(device, (long)offset, (long)size);
                var root = LvmSection.Parse(text);
                var (vgName, vg) = root.Sections.FirstOrDefault(s => s.Value.Section("physical_volumes") is not null);
                if (vg is null) throw new DiskFormatException("LVM metadata text has no volume group section");
                var seqno = vg.Number("seqno") ?? 0;
                if (best is null || seqno > best.Seqno) best = new LvmPhysicalVolume(uuid, device, diskOffset, vg, vgName, seqno);
            }
            catch (DiskFormatException e)
            {
                lastError = e.Message;
            }
        }
        return best ?? throw new DiskFormatException($"LVM2 physical volume {uuid}: {lastError}");
    }

    private static void SkipAreaList(ReadOnlySpan<byte> pvh, ref int pos) => ReadAreaList(pvh, ref pos);

    private static List<(ulong Offset, ulong Size)> ReadAreaList(ReadOnlySpan<byte> pvh, ref int pos)
    {
        var list = new List<(ulong, ulong)>();
        while (true)
        {
            if (pos + 16 > pvh.Length) throw new DiskFormatException("LVM2 PV header: area list runs past the label sector");
            var offset = Bin.U64(pvh, pos);
            var size = Bin.U64(pvh, pos + 8);
            pos += 16;
            if (offset == 0) return list;
            list.Add((offset, size));
        }
    }

    private static (string Text, long Offset) ReadMetadataText(IDiskReader device, long mdaStart, long mdaSize)
    {
        if (mdaSize < MdaHeaderSize * 2 || mdaStart < 0 || mdaStart > device.Length - mdaSize)
            throw new DiskFormatException($"metadata area {mdaStart}+{mdaSize} lies outside the device");
        var header = device.ReadBytes(mdaStart, MdaHeaderSize);
        if (!header.AsSpan(4, 16).SequenceEqual(" LVM2 x[5A%r0N*>"u8))
            throw new DiskFormatException($"no metadata area header at {mdaStart}");
        var crc = Crc32.Raw(LvmCrcSeed, header.AsSpan(4));
        if (crc != Bin.U32(header, 0))
            throw new DiskFormatException($"metadata area header checksum mismatch at {mdaStart}");
        var offset = (long)Bin.U64(header, 40);
        var size = (long)Bin.U64(header, 48);
        var textCrc = Bin.U32(header, 56);
        if (offset == 0 || size == 0) throw new DiskFormatException("metadata area holds no metadata");
        if (size > MaxMetadataBytes || size > mdaSize - MdaHeaderSize || offset < MdaHeaderSize || offset >= mdaSize)
            throw new DiskFormatException($"metadata text location {offset}+{size} invalid");
        var text = new byte[size];
        var first = Math.Min(size, mdaSize - offset);
        device.ReadExactly(mdaStart + offset, text.AsSpan(0, (int)first));
        if (first < size) // wrapped around the circular buffer
            device.ReadExactly(mdaStart + MdaHeaderSize, text.AsSpan((int)first));
        var actual = Crc32.Raw(LvmCrcSeed, text);
        if (actual != textCrc)
            throw new DiskFormatException($"metadata text checksum mismatch (stored 0x{textCrc:x8}, computed 0x{actual:x8})");
        return (Encoding.UTF8.GetString(text).TrimEnd('\0'), mdaStart + offset);
    }
}
