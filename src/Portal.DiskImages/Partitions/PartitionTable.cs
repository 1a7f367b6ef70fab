using System.Text;

namespace Portal.DiskImages.Partitions;

/// <summary>
/// Reads the partition table: GPT (protective MBR, header and entry-array CRC32s, falling back to the backup header
/// at the end of the disk when the primary is corrupt), MBR (primary entries plus the EBR chain of an extended
/// partition, with loop protection), or none (the whole disk is one volume, scheme "None").
/// </summary>
public static class PartitionTable
{
    public const int SectorSize = 512;
    private const int MaxLogicalPartitions = 128;
    private const int MaxGptEntryBytes = 1024 * 1024;

    /// <exception cref="DiskFormatException">A GPT whose primary and backup headers are both unusable.</exception>
    public static (string Scheme, IReadOnlyList<PartitionInfo> Partitions) Read(IDiskReader disk) => Read(disk, []);

    /// <param name="warnings">Receives problems that did not stop the table being read.</param>
    public static (string Scheme, IReadOnlyList<PartitionInfo> Partitions) Read(IDiskReader disk, List<string> warnings)
    {
        if (disk.Length < 2 * SectorSize)
            return ("None", [new PartitionInfo(1, "None", 0, disk.Length, "", null)]);
        var mbr = disk.ReadBytes(0, SectorSize);
        var hasSignature = mbr[510] == 0x55 && mbr[511] == 0xAA;
        var protective = hasSignature && Enumerable.Range(0, 4).Any(i => mbr[446 + i * 16 + 4] == 0xEE);
        var efi = disk.ReadBytes(SectorSize, 8).AsSpan().SequenceEqual("EFI PART"u8);
        if (protective || efi)
            return ("GPT", ReadGpt(disk, warnings));
        if (hasSignature && LooksLikeMbr(mbr))
            return ("MBR", ReadMbr(disk, mbr, warnings));
        return ("None", [new PartitionInfo(1, "None", 0, disk.Length, "", null)]);
    }

    /// <summary>A boot sector of a file system on the whole disk (NTFS, FAT) also ends in 55 AA: accept only
    /// plausible entries (boot flag 0x00/0x80, a non-zero start and length). A start past the end of the disk is
    /// kept: that partition is then reported as running past the end (a truncated image).</summary>
    private static bool LooksLikeMbr(byte[] mbr)
    {
        var oem = Encoding.ASCII.GetString(mbr, 3, 8);
        if (oem is "NTFS    " or "EXFAT   " || oem.StartsWith("MSDOS") || oem.StartsWith("mkfs.fat")) return false;
        var any = false;
        for (var i = 0; i < 4; i++)
        {
            var e = mbr.AsSpan(446 + i * 16, 16);
            if (e[0] != 0 && e[0] != 0x80) return false;
            if (e[4] == 0) continue;
            if (Bin.U32(e, 12) == 0 || Bin.U32(e, 8) == 0) return false;
            any = true;
        }
        return any;
    }

    private static List<PartitionInfo> ReadMbr(IDiskReader disk, byte[] mbr, List<string> warnings)
    {
        var result = new List<PartitionInfo>();
        for (var i = 0; i < 4; i++)
        {
            var e = mbr.AsSpan(446 + i * 16, 16);
            var type = e[4];
            if (type == 0) continue;
            long start = Bin.U32(e, 8), count = Bin.U32(e, 12);
            if (IsExtended(type))
            {
                try
                {
                    ReadExtended(disk, start, count, result);
                }
                catch (DiskFormatException problem)
                {
                    warnings.Add(problem.Message + "; the logical partitions after it are not read");
                }
            }
            else
                result.Add(new PartitionInfo(result.Count + 1, "MBR", start * SectorSize, count * SectorSize, type.ToString("x2"), null));
        }
        return result;
    }

    private static bool IsExtended(byte type) => type is 0x05 or 0x0F or 0x85;

    /// <summary>Walks the EBR chain: each EBR's first entry is a logical partition (relative to that EBR), its
    /// second points at the next EBR (relative to the extended partition's start).</summary>
    private static void ReadExtended(IDiskReader disk, long extStart, long extCount, List<PartitionInfo> result)
    {
        var visited = new HashSet<long>();
        var ebr = extStart;
        for (var n = 0; n < MaxLogicalPartitions; n++)
        {
            if (!visited.Add(ebr))
                throw new DiskFormatException($"MBR extended partition: the EBR chain loops back to sector {ebr}");
            if (ebr < extStart || ebr >= extStart + extCount)
                throw new DiskFormatException($"MBR extended partition: EBR at sector {ebr} lies outside the extended partition");
            var sector = disk.ReadBytes(ebr * SectorSize, SectorSize);
            if (sector[510] != 0x55 || sector[511] != 0xAA)
                throw new DiskFormatException($"MBR extended partition: no boot signature in the EBR at sector {ebr}");
            var first = sector.AsSpan(446, 16);
            if (first[4] != 0 && Bin.U32(first, 12) != 0)
                result.Add(new PartitionInfo(result.Count + 1, "MBR", (ebr + Bin.U32(first, 8)) * SectorSize,
                    (long)Bin.U32(first, 12) * SectorSize, first[4].ToString("x2"), null));
            var next = sector.AsSpan(462, 16);
            if (next[4] == 0 || Bin.U32(next, 8) == 0) return;
            ebr = extStart + Bin.U32(next, 8);
        }
        throw new DiskFormatException($"MBR extended partition: more than {MaxLogicalPartitions} logical partitions (corrupt EBR chain?)");
    }

    private static List<PartitionInfo> ReadGpt(IDiskReader disk, List<string> warnings)
    {
        var lastLba = disk.Length / SectorSize - 1;
        string? primaryError;
        try
        {
            return ReadGptAt(disk, 1);
        }
        catch (DiskFormatException e)
        {
            primaryError = e.Message;
        }
        try
        {
            var backup = ReadGptAt(disk, lastLba);
            warnings.Add($"GPT primary header unusable ({primaryError}): read from the backup header");
            return backup;
        }
        catch (DiskFormatException e)
        {
            throw new DiskFormatException($"GPT unreadable: primary header: {primaryError}; backup header: {e.Message}");
        }
    }

    private static List<PartitionInfo> ReadGptAt(IDiskReader disk, long lba)
    {
        var h = disk.ReadBytes(lba * SectorSize, SectorSize);
        if (!h.AsSpan(0, 8).SequenceEqual("EFI PART"u8))
            throw new DiskFormatException($"no \"EFI PART\" signature at LBA {lba}");
        var headerSize = (int)Bin.U32(h, 12);
        if (headerSize < 92 || headerSize > SectorSize)
            throw new DiskFormatException($"header size {headerSize} invalid at LBA {lba}");
        var stored = Bin.U32(h, 16);
        var copy = h.AsSpan(0, headerSize).ToArray();
        copy.AsSpan(16, 4).Clear();
        var crc = Crc32.Compute(copy);
        if (crc != stored)
            throw new DiskFormatException($"header CRC32 mismatch at LBA {lba} (stored 0x{stored:x8}, computed 0x{crc:x8})");
        var entriesLba = (long)Bin.U64(h, 72);
        var count = Bin.U32(h, 80);
        var entrySize = Bin.U32(h, 84);
        var entriesCrc = Bin.U32(h, 88);
        if (entrySize < 128 || entrySize % 8 != 0 || (long)count * entrySize > MaxGptEntryBytes)
            throw new DiskFormatException($"partition entry array of {count} x {entrySize} bytes is invalid");
        var entries = disk.ReadBytes(entriesLba * SectorSize, (int)(count * entrySize));
        var actual = Crc32.Compute(entries);
        if (actual != entriesCrc)
            throw new DiskFormatException($"partition entry array CRC32 mismatch (stored 0x{entriesCrc:x8}, computed 0x{actual:x8})");
        var result = new List<PartitionInfo>();
        for (var i = 0; i < count; i++)
        {
            var e = entries.AsSpan((int)(i * entrySize), (int)entrySize);
            var type = new Guid(e[..16]);
            if (type == Guid.Empty) continue;
            var first = (long)Bin.U64(e, 32);
            var last = (long)Bin.U64(e, 40);
            if (last < first)
                throw new DiskFormatException($"GPT entry {i + 1} ends (LBA {last}) before it starts (LBA {first})");
            var name = Encoding.Unicode.GetString(e.Slice(56, 72)).TrimEnd('\0');
            result.Add(new PartitionInfo(result.Count + 1, "GPT", first * SectorSize, (last - first + 1) * SectorSize,
                type.ToString("D").ToUpperInvariant(), name.Length == 0 ? null : name));
        }
        return result;
    }

    /// <summary>A human name for a partition type ("Linux swap"), or null when unknown.</summary>
    public static string? TypeName(PartitionInfo p) => p.Scheme switch
    {
        "MBR" => p.TypeId switch
        {
            "01" or "04" or "06" or "0b" or "0c" or "0e" => "FAT",
            "07" => "NTFS/exFAT",
            "27" => "Windows recovery",
            "82" => "Linux swap",
            "83" => "Linux",
            "8e" => "Linux LVM",
            "a5" or "a6" or "a9" => "BSD",
            "ef" => "EFI system",
            "fd" => "Linux RAID",
            _ => null,
        },
        "GPT" => p.TypeId switch
        {
            "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" => "EFI system",
            "21686148-6449-6E6F-744E-656564454649" => "BIOS boot",
            "0FC63DAF-8483-4772-8E79-3D69D8477DE4" => "Linux file system",
            "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709" => "Linux root (x86-64)",
            "E6D6D379-F507-44C2-A23C-238F2A3DF928" => "Linux LVM",
            "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F" => "Linux swap",
            "A19D880F-05FC-4D3B-A006-743F0F84911E" => "Linux RAID",
            "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7" => "Microsoft basic data",
            "E3C9E316-0B5C-4DB8-817D-F92DF00215AE" => "Microsoft reserved",
            "DE94BBA4-06D1-4D40-A16A-BFD50179D6AC" => "Windows recovery",
            _ => null,
        },
        _ => null,
    };
}
