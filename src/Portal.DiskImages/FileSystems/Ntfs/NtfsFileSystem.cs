using System.Buffers.Binary;
using System.Text;

namespace Portal.DiskImages.FileSystems.Ntfs;

/// <summary>
/// Read-only NTFS reader: boot sector, $MFT (itself possibly fragmented and spread over an attribute list),
/// records with their update-sequence fixups, $ATTRIBUTE_LIST, resident and non-resident unnamed $DATA (sparse runs
/// and the part past the initialized size read as zeros, LZNT1-compressed data decompressed), directory indexes
/// ($INDEX_ROOT + $INDEX_ALLOCATION blocks marked in $BITMAP) and symlink / junction reparse points.
/// The walk starts at the root (record 5); the metadata files (records 0-15: $MFT ... $Extend) are not listed,
/// alternate data streams are ignored and DOS 8.3 names are skipped where a Win32 name exists.
/// </summary>
public sealed class NtfsFileSystem : IFileSystem
{
    internal const long RootRecord = 5;
    const int FirstUserRecord = 16;
    const uint AttrStandardInformation = 0x10, AttrAttributeList = 0x20, AttrFileName = 0x30, AttrData = 0x80,
        AttrIndexRoot = 0x90, AttrIndexAllocation = 0xA0, AttrBitmap = 0xB0, AttrReparsePoint = 0xC0, AttrEnd = 0xFFFFFFFF;
    const uint ReparseTagSymlink = 0xA000000C, ReparseTagMountPoint = 0xA0000003, ReparseTagLxSymlink = 0xA000001D;
    const ushort FlagCompressed = 0x0001, FlagEncrypted = 0x4000;
    const long MaxClusters = 1L << 40; // far beyond any volume (2^40 clusters of 64 KiB = 64 PiB); keeps offsets in range

    readonly IDiskReader _volume;
    readonly int _clusterSize;
    readonly int _recordSize;
    readonly NtfsAttribute _mftData;

    public string Kind => "NTFS";
    public string? Label { get; }
    public int ClusterSize => _clusterSize;
    public int MftRecordSize => _recordSize;

    /// <summary>null: not NTFS (no "NTFS    " OEM id); Opened, or Unsupported with why the volume cannot be read
    /// (a corrupt boot sector or $MFT is reported, not thrown, so one bad partition does not hide the others).</summary>
    public static FileSystemProbeResult? Probe(IDiskReader volume)
    {
        var boot = new byte[512];
        if (volume.Length < 512 || volume.Read(0, boot) < 512) return null;
        if (!boot.AsSpan(3, 8).SequenceEqual("NTFS    "u8)) return null;
        try { return FileSystemProbeResult.Opened(new NtfsFileSystem(volume, boot)); }
        catch (DiskFormatException e) { return FileSystemProbeResult.Unsupported(e.Message); }
    }

    NtfsFileSystem(IDiskReader volume, byte[] boot)
    {
        _volume = volume;
        int bytesPerSector = BinaryPrimitives.ReadUInt16LittleEndian(boot.AsSpan(0x0B));
        if (bytesPerSector is not (256 or 512 or 1024 or 2048 or 4096))
            throw new DiskFormatException($"NTFS boot sector corrupt: {bytesPerSector} bytes per sector");
        int spc = boot[0x0D];
        // Values above 0x80 are a negative exponent (64 KiB+ clusters): 2^-(signed value) sectors.
        long sectorsPerCluster = spc <= 0x80 ? spc : 1L << (256 - spc);
        if (sectorsPerCluster == 0 || (sectorsPerCluster & (sectorsPerCluster - 1)) != 0 || sectorsPerCluster * bytesPerSector > 2 * 1024 * 1024)
            throw new DiskFormatException($"NTFS boot sector corrupt: sectors per cluster byte 0x{spc:x2}");
        _clusterSize = (int)(sectorsPerCluster * bytesPerSector);
        _recordSize = RecordSize((sbyte)boot[0x40], "MFT record");
        RecordSize((sbyte)boot[0x44], "index record");
        if (_recordSize < 512 || _recordSize > 65536)
            throw new DiskFormatException($"NTFS boot sector corrupt: MFT record size {_recordSize}");
        long totalSectors = BinaryPrimitives.ReadInt64LittleEndian(boot.AsSpan(0x28));
        long mftLcn = BinaryPrimitives.ReadInt64LittleEndian(boot.AsSpan(0x30));
        long clusters = totalSectors / sectorsPerCluster;
        if (mftLcn <= 0 || mftLcn >= clusters)
            throw new DiskFormatException($"NTFS boot sector corrupt: $MFT at cluster {mftLcn} of {clusters}");

        // Record 0 describes the $MFT itself: read it from the boot sector's location, then take its $DATA runs.
        var rec0 = new byte[_recordSize];
        ReadExact(mftLcn * _clusterSize, rec0, "$MFT record 0");
        ApplyFixups(rec0, "MFT record 0");
        if (!rec0.AsSpan(0, 4).SequenceEqual("FILE"u8)) throw new DiskFormatException("NTFS $MFT record 0 has no FILE signature");
        var attrs = ParseAttributes(rec0, 0);
        var segments = attrs.Where(a => a.Type == AttrData && a.Name.Length == 0).ToList();
        if (segments.Count == 0 || !segments[0].NonResident) throw new DiskFormatException("NTFS $MFT has no non-resident $DATA");
        _mftData = Merge(segments);
        // A very fragmented $MFT continues its run list in extension records named by its attribute list; those are
        // read through the part of the map already known (they live in the MFT's first extent).
        var list = attrs.FirstOrDefault(a => a.Type == AttrAttributeList);
        if (list != null)
        {
            foreach (var seg in AttributeListSegments(list, 0))
            {
                var extra = ParseAttributes(ReadRecord(seg), seg).Where(a => a.Type == AttrData && a.Name.Length == 0);
                segments.AddRange(extra);
                _mftData = Merge(segments);
            }
        }
        Label = ReadVolumeLabel();
    }

    int RecordSize(sbyte v, string what)
    {
        if (v > 0) return v * _clusterSize;
        if (v < 0 && v >= -31) return 1 << -v;
        throw new DiskFormatException($"NTFS boot sector corrupt: clusters per {what} {v}");
    }

    string? ReadVolumeLabel()
    {
        try
        {
            var vol = LoadFile(3);
            var name = vol.Attributes.FirstOrDefault(a => a.Type == 0x60);
            return name?.Value is { Length: > 0 } v ? Encoding.Unicode.GetString(v) : null;
        }
        catch (DiskFormatException) { return null; }
    }

    // ---- low-level reads ----

    void ReadExact(long offset, Span<byte> buffer, string what)
    {
        if (offset < 0) throw new DiskFormatException($"NTFS {what}: negative byte offset {offset}");
        int done = 0;
        while (done < buffer.Length)
        {
            int n = _volume.Read(offset + done, buffer[done..]);
            if (n <= 0) throw new DiskFormatException($"NTFS {what}: read past the end of the volume at byte {offset + done} (image truncated?)");
            done += n;
        }
    }

    internal void ReadClusters(long lcn, long byteInCluster, Span<byte> buffer, string what) =>
        ReadExact(checked(lcn * _clusterSize + byteInCluster), buffer, what);

    /// <summary>Undoes the update sequence: the last two bytes of each 512-byte stride hold the sequence number and
    /// their real value sits in the array. A mismatch means a torn or corrupt write.</summary>
    internal static void ApplyFixups(byte[] rec, string what)
    {
        int usaOfs = BinaryPrimitives.ReadUInt16LittleEndian(rec.AsSpan(4));
        int usaCount = BinaryPrimitives.ReadUInt16LittleEndian(rec.AsSpan(6));
        if (usaCount - 1 != rec.Length / 512 || usaOfs + usaCount * 2 > rec.Length || usaOfs < 8)
            throw new DiskFormatException($"NTFS {what}: bad update sequence array (offset {usaOfs}, count {usaCount})");
        ushort usn = BinaryPrimitives.ReadUInt16LittleEndian(rec.AsSpan(usaOfs));
        for (int i = 1; i < usaCount; i++)
        {
            int pos = i * 512 - 2;
            if (BinaryPrimitives.ReadUInt16LittleEndian(rec.AsSpan(pos)) != usn)
                throw new DiskFormatException($"NTFS {what}: bad fixup in sector {i - 1} (update sequence mismatch: torn or corrupt write)");
            rec[pos] = rec[usaOfs + 2 * i];
            rec[pos + 1] = rec[usaOfs + 2 * i + 1];
        }
    }

    byte[] ReadRecord(long number)
    {
        if (number < 0 || (number + 1) * _recordSize > _mftData.DataSize)
            throw new DiskFormatException($"NTFS MFT record {number} is past the end of the $MFT");
        var rec = new byte[_recordSize];
        using (var s = OpenAttribute(_mftData, $"$MFT"))
        {
            s.Position = number * _recordSize;
            s.ReadExactly(rec);
        }
        ApplyFixups(rec, $"MFT record {number}");
        if (!rec.AsSpan(0, 4).SequenceEqual("FILE"u8)) throw new DiskFormatException($"NTFS MFT record {number} has no FILE signature");
        return rec;
    }

    // ---- attributes ----

    List<NtfsAttribute> ParseAttributes(byte[] rec, long recNo)
    {
        var result = new List<NtfsAttribute>();
        int used = Math.Min(BinaryPrimitives.ReadInt32LittleEndian(rec.AsSpan(0x18)), rec.Length);
        int pos = BinaryPrimitives.ReadUInt16LittleEndian(rec.AsSpan(0x14));
        while (pos + 8 <= used)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(rec.AsSpan(pos));
            if (type == AttrEnd) break;
            int len = BinaryPrimitives.ReadInt32LittleEndian(rec.AsSpan(pos + 4));
            if (len < 24 || pos + len > used || (len & 7) != 0)
                throw new DiskFormatException($"NTFS MFT record {recNo}: attribute 0x{type:x} at {pos} has a bad length {len}");
            var a = rec.AsSpan(pos, len);
            var attr = new NtfsAttribute { Type = type, NonResident = a[8] != 0, Flags = BinaryPrimitives.ReadUInt16LittleEndian(a[0x0C..]), Record = recNo };
            int nameLen = a[9], nameOfs = BinaryPrimitives.ReadUInt16LittleEndian(a[0x0A..]);
            if (nameLen > 0)
            {
                if (nameOfs + nameLen * 2 > len) throw new DiskFormatException($"NTFS MFT record {recNo}: attribute name out of bounds");
                attr.Name = Encoding.Unicode.GetString(a.Slice(nameOfs, nameLen * 2));
            }
            if (!attr.NonResident)
            {
                int vlen = BinaryPrimitives.ReadInt32LittleEndian(a[0x10..]);
                int vofs = BinaryPrimitives.ReadUInt16LittleEndian(a[0x14..]);
                if (vlen < 0 || vofs + (long)vlen > len) throw new DiskFormatException($"NTFS MFT record {recNo}: resident value out of bounds");
                attr.Value = a.Slice(vofs, vlen).ToArray();
                attr.DataSize = attr.InitializedSize = vlen;
            }
            else
            {
                if (len < 0x40) throw new DiskFormatException($"NTFS MFT record {recNo}: non-resident attribute too short");
                attr.LowVcn = BinaryPrimitives.ReadInt64LittleEndian(a[0x10..]);
                int runsOfs = BinaryPrimitives.ReadUInt16LittleEndian(a[0x20..]);
                attr.CompressionUnit = BinaryPrimitives.ReadUInt16LittleEndian(a[0x22..]);
                attr.DataSize = BinaryPrimitives.ReadInt64LittleEndian(a[0x30..]);
                attr.InitializedSize = BinaryPrimitives.ReadInt64LittleEndian(a[0x38..]);
                if (runsOfs > len || attr.DataSize < 0 || attr.InitializedSize < 0)
                    throw new DiskFormatException($"NTFS MFT record {recNo}: non-resident attribute header corrupt");
                attr.Runs = DecodeRuns(a[runsOfs..], attr.LowVcn, recNo);
            }
            result.Add(attr);
            pos += len;
        }
        return result;
    }

    /// <summary>Mapping pairs: a header byte (low nibble: length bytes, high: offset bytes), the run length, the
    /// signed LCN delta from the previous run; no offset bytes = a sparse run.</summary>
    static List<NtfsRun> DecodeRuns(ReadOnlySpan<byte> p, long vcn, long recNo)
    {
        var runs = new List<NtfsRun>();
        long lcn = 0;
        int i = 0;
        while (i < p.Length && p[i] != 0)
        {
            int lenBytes = p[i] & 0xF, ofsBytes = p[i] >> 4;
            if (lenBytes == 0 || lenBytes > 8 || ofsBytes > 8 || i + 1 + lenBytes + ofsBytes > p.Length)
                throw new DiskFormatException($"NTFS MFT record {recNo}: corrupt run list");
            long length = ReadSigned(p.Slice(i + 1, lenBytes));
            if (length <= 0 || length > MaxClusters || vcn > MaxClusters) throw new DiskFormatException($"NTFS MFT record {recNo}: run of length {length} at VCN {vcn}");
            if (ofsBytes == 0) runs.Add(new NtfsRun(vcn, length, -1));
            else
            {
                lcn += ReadSigned(p.Slice(i + 1 + lenBytes, ofsBytes));
                if (lcn < 0 || lcn > MaxClusters) throw new DiskFormatException($"NTFS MFT record {recNo}: run at cluster {lcn}");
                runs.Add(new NtfsRun(vcn, length, lcn));
            }
            vcn += length;
            i += 1 + lenBytes + ofsBytes;
        }
        return runs;
    }

    static long ReadSigned(ReadOnlySpan<byte> b)
    {
        long v = 0;
        for (int i = b.Length - 1; i >= 0; i--) v = (v << 8) | b[i];
        int shift = 64 - 8 * b.Length;
        return shift == 0 ? v : (v << shift) >> shift;
    }

    /// <summary>One non-resident attribute split over several records: its runs in VCN order, sizes from the first.</summary>
    static NtfsAttribute Merge(List<NtfsAttribute> segments)
    {
        if (segments.Count == 1) return segments[0];
        var ordered = segments.OrderBy(s => s.LowVcn).ToList();
        var first = ordered[0];
        if (!first.NonResident || first.LowVcn != 0) return first;
        return new NtfsAttribute
        {
            Type = first.Type, Name = first.Name, NonResident = true, Flags = first.Flags, Record = first.Record,
            CompressionUnit = first.CompressionUnit, DataSize = first.DataSize, InitializedSize = first.InitializedSize,
            Runs = ordered.Where(s => s.NonResident).SelectMany(s => s.Runs).ToList(),
        };
    }

    IEnumerable<long> AttributeListSegments(NtfsAttribute list, long baseRecord)
    {
        byte[] value = list.NonResident ? ReadAll(list, "attribute list") : list.Value;
        var seen = new HashSet<long>();
        int pos = 0;
        while (pos + 26 <= value.Length)
        {
            int len = BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(pos + 4));
            if (len < 26 || pos + len > value.Length) throw new DiskFormatException($"NTFS MFT record {baseRecord}: corrupt attribute list");
            long seg = (long)(BinaryPrimitives.ReadUInt64LittleEndian(value.AsSpan(pos + 16)) & 0xFFFF_FFFF_FFFF);
            if (seg != baseRecord && seen.Add(seg)) yield return seg;
            pos += len;
        }
    }

    byte[] ReadAll(NtfsAttribute a, string what)
    {
        if (a.DataSize > 64 * 1024 * 1024) throw new DiskFormatException($"NTFS {what} of {a.DataSize} bytes is implausibly large");
        var buf = new byte[a.DataSize];
        using var s = OpenAttribute(a, what);
        s.ReadExactly(buf);
        return buf;
    }

    internal Stream OpenAttribute(NtfsAttribute a, string what)
    {
        if (!a.NonResident) return new MemoryStream(a.Value, writable: false);
        // The run list must cover the data: a corrupt size would otherwise read as endless zeros.
        long mapped = a.Runs.Count == 0 ? 0 : a.Runs[^1].Vcn + a.Runs[^1].Length;
        if (a.InitializedSize > a.DataSize || (a.DataSize + _clusterSize - 1) / _clusterSize > mapped)
            throw new DiskFormatException($"NTFS {what}: data size {a.DataSize} (initialized {a.InitializedSize}) is not covered by its run list of {mapped} clusters");
        if ((a.Flags & FlagEncrypted) != 0) throw new DiskFormatException("NTFS encrypted data not supported");
        if ((a.Flags & FlagCompressed) != 0 && a.CompressionUnit != 0)
            return new NtfsCompressedStream(this, a.Runs, a.DataSize, a.InitializedSize, a.CompressionUnit, what);
        return new NtfsRunStream(this, a.Runs, a.DataSize, a.InitializedSize, what);
    }

    // ---- files ----

    NtfsFile LoadFile(long number)
    {
        var rec = ReadRecord(number);
        var file = new NtfsFile
        {
            Record = number,
            Sequence = BinaryPrimitives.ReadUInt16LittleEndian(rec.AsSpan(0x10)),
            Flags = BinaryPrimitives.ReadUInt16LittleEndian(rec.AsSpan(0x16)),
        };
        var attrs = ParseAttributes(rec, number);
        var list = attrs.FirstOrDefault(a => a.Type == AttrAttributeList);
        if (list != null)
        {
            foreach (var seg in AttributeListSegments(list, number))
            {
                var ext = ReadRecord(seg);
                long baseRef = (long)(BinaryPrimitives.ReadUInt64LittleEndian(ext.AsSpan(0x20)) & 0xFFFF_FFFF_FFFF);
                if (baseRef != number) throw new DiskFormatException($"NTFS MFT record {seg} is listed by record {number} but belongs to {baseRef}");
                attrs.AddRange(ParseAttributes(ext, seg).Where(a => a.Type != AttrAttributeList));
            }
        }
        // Non-resident attributes spread over records come back as one; resident ones stay as they are.
        file.Attributes = attrs.GroupBy(a => (a.Type, a.Name))
            .SelectMany(g => g.Any(a => a.NonResident) ? [Merge(g.ToList())] : g.ToList())
            .ToList();
        return file;
    }

    NtfsAttribute? UnnamedData(NtfsFile f) => f.Attributes.FirstOrDefault(a => a.Type == AttrData && a.Name.Length == 0);

    record struct IndexName(long Record, ushort Sequence, string Name);

    /// <summary>Every name a directory's $I30 index holds: the root node, then every in-use index block of the
    /// allocation (order does not matter for a listing, so the B+ tree is read flat rather than descended).</summary>
    List<IndexName> ReadDirectory(NtfsFile dir)
    {
        var names = new List<IndexName>();
        var root = dir.Attributes.FirstOrDefault(a => a.Type == AttrIndexRoot && a.Name == "$I30")
            ?? throw new DiskFormatException($"NTFS directory record {dir.Record} has no $INDEX_ROOT");
        var rv = root.Value;
        if (rv.Length < 32) throw new DiskFormatException($"NTFS directory record {dir.Record}: $INDEX_ROOT too short");
        int blockSize = BinaryPrimitives.ReadInt32LittleEndian(rv.AsSpan(8));
        ParseIndexEntries(rv, 16, names, dir.Record);

        var alloc = dir.Attributes.FirstOrDefault(a => a.Type == AttrIndexAllocation && a.Name == "$I30");
        if (alloc == null) return names;
        if (blockSize < 512 || blockSize > 65536 || (blockSize & 511) != 0)
            throw new DiskFormatException($"NTFS directory record {dir.Record}: index block size {blockSize}");
        var bitmapAttr = dir.Attributes.FirstOrDefault(a => a.Type == AttrBitmap && a.Name == "$I30");
        byte[]? bitmap = bitmapAttr == null ? null : bitmapAttr.NonResident ? ReadAll(bitmapAttr, "index bitmap") : bitmapAttr.Value;
        long blocks = alloc.DataSize / blockSize;
        using var s = OpenAttribute(alloc, $"index of directory record {dir.Record}");
        var block = new byte[blockSize];
        for (long i = 0; i < blocks; i++)
        {
            if (bitmap != null && (i / 8 >= bitmap.Length || (bitmap[i / 8] & (1 << (int)(i % 8))) == 0)) continue;
            s.Position = i * blockSize;
            s.ReadExactly(block);
            string what = $"index block {i} of directory record {dir.Record}";
            if (!block.AsSpan(0, 4).SequenceEqual("INDX"u8)) throw new DiskFormatException($"NTFS {what} has no INDX signature");
            ApplyFixups(block, what);
            ParseIndexEntries(block, 0x18, names, dir.Record);
        }
        return names;
    }

    static void ParseIndexEntries(byte[] buf, int header, List<IndexName> names, long dirRecord)
    {
        if (header + 16 > buf.Length) throw new DiskFormatException($"NTFS index of directory record {dirRecord}: header out of bounds");
        int first = BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(header));
        int total = BinaryPrimitives.ReadInt32LittleEndian(buf.AsSpan(header + 4));
        int end = header + total;
        if (first < 16 || total < first || end > buf.Length) throw new DiskFormatException($"NTFS index of directory record {dirRecord}: bad header");
        int pos = header + first;
        while (pos + 16 <= end)
        {
            long fileRef = BinaryPrimitives.ReadInt64LittleEndian(buf.AsSpan(pos));
            int len = BinaryPrimitives.ReadUInt16LittleEndian(buf.AsSpan(pos + 8));
            int keyLen = BinaryPrimitives.ReadUInt16LittleEndian(buf.AsSpan(pos + 10));
            int flags = BinaryPrimitives.ReadUInt16LittleEndian(buf.AsSpan(pos + 12));
            if (len < 16 || pos + len > end) throw new DiskFormatException($"NTFS index of directory record {dirRecord}: entry of length {len}");
            if ((flags & 2) != 0) break;
            if (keyLen < 0x42 || 16 + keyLen > len) throw new DiskFormatException($"NTFS index of directory record {dirRecord}: entry key of length {keyLen}");
            int key = pos + 16;
            int nameLen = buf[key + 0x40];
            byte nameSpace = buf[key + 0x41];
            if (0x42 + nameLen * 2 > keyLen) throw new DiskFormatException($"NTFS index of directory record {dirRecord}: name out of bounds");
            if (nameSpace != 2) // DOS-only 8.3 names duplicate a Win32 name of the same file
                names.Add(new IndexName(fileRef & 0xFFFF_FFFF_FFFF, (ushort)((ulong)fileRef >> 48),
                    Encoding.Unicode.GetString(buf, key + 0x42, nameLen * 2)));
            pos += len;
        }
    }

    // ---- walk ----

    public IEnumerable<FileEntry> Walk(CancellationToken cancellationToken = default)
    {
        var visited = new HashSet<long> { RootRecord };
        var stack = new Stack<(long Record, string Path)>();
        stack.Push((RootRecord, ""));
        while (stack.Count > 0)
        {
            var (dirRec, dirPath) = stack.Pop();
            var dir = LoadFile(dirRec);
            var children = new List<(long, string)>();
            foreach (var n in ReadDirectory(dir).DistinctBy(n => (n.Record, n.Name)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (n.Record < FirstUserRecord) continue; // ".", $MFT ... $Extend
                var file = LoadFile(n.Record);
                if ((file.Flags & 1) == 0 || (n.Sequence != 0 && n.Sequence != file.Sequence)) continue; // stale entry
                var entry = ToEntry(file, dirPath + "/" + n.Name);
                yield return entry;
                if (entry.Type == FileEntryType.Directory)
                {
                    if (!visited.Add(n.Record)) throw new DiskFormatException($"NTFS directory loop: record {n.Record} ({entry.Path}) reached twice");
                    children.Add((n.Record, entry.Path));
                }
            }
            // Depth first: a directory's subdirectories are walked right after it; pushed in reverse to keep order.
            for (int i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    FileEntry ToEntry(NtfsFile f, string path)
    {
        DateTimeOffset? modified = null;
        uint fileAttributes = 0;
        var si = f.Attributes.FirstOrDefault(a => a.Type == AttrStandardInformation);
        if (si?.Value is { Length: >= 0x24 } v)
        {
            long ft = BinaryPrimitives.ReadInt64LittleEndian(v.AsSpan(8));
            if (ft > 0 && ft < DateTimeOffset.MaxValue.ToFileTime()) modified = DateTimeOffset.FromFileTime(ft).ToUniversalTime();
            fileAttributes = BinaryPrimitives.ReadUInt32LittleEndian(v.AsSpan(0x20));
        }
        var reparse = f.Attributes.FirstOrDefault(a => a.Type == AttrReparsePoint);
        if (reparse != null && ReparseTarget(reparse) is { } target)
            return new FileEntry(path, FileEntryType.Symlink, 0, target, f.Record, Modified: modified);
        if ((f.Flags & 2) != 0)
            return new FileEntry(path, FileEntryType.Directory, 0, null, f.Record, Modified: modified);
        var data = UnnamedData(f);
        var type = reparse != null || (fileAttributes & 0x400) != 0 ? FileEntryType.Other : FileEntryType.File;
        return new FileEntry(path, type, data?.DataSize ?? 0, null, f.Record, Modified: modified);
    }

    /// <summary>The target of a symlink or junction reparse point (print name, else the substitute name without
    /// its \??\ prefix) or of a WSL symlink; null for other reparse tags (dedup, cloud files...: listed as Other).</summary>
    string? ReparseTarget(NtfsAttribute a)
    {
        byte[] v = a.NonResident ? ReadAll(a, "reparse point") : a.Value;
        if (v.Length < 16) return null;
        uint tag = BinaryPrimitives.ReadUInt32LittleEndian(v);
        if (tag == ReparseTagLxSymlink)
        {
            // WSL's Linux symlink: a version (2) and the UTF-8 target, as a Linux distribution on a Windows disk has them.
            int dataLen = BinaryPrimitives.ReadUInt16LittleEndian(v.AsSpan(4));
            if (dataLen < 4 || 8 + dataLen > v.Length || BinaryPrimitives.ReadUInt32LittleEndian(v.AsSpan(8)) != 2) return null;
            return Encoding.UTF8.GetString(v, 12, dataLen - 4);
        }
        int bufStart = tag switch { ReparseTagSymlink => 20, ReparseTagMountPoint => 16, _ => -1 };
        if (bufStart < 0 || v.Length < bufStart) return null;
        int subOfs = BinaryPrimitives.ReadUInt16LittleEndian(v.AsSpan(8)), subLen = BinaryPrimitives.ReadUInt16LittleEndian(v.AsSpan(10));
        int prnOfs = BinaryPrimitives.ReadUInt16LittleEndian(v.AsSpan(12)), prnLen = BinaryPrimitives.ReadUInt16LittleEndian(v.AsSpan(14));
        string? Get(int ofs, int len) => len > 0 && bufStart + ofs + len <= v.Length ? Encoding.Unicode.GetString(v, bufStart + ofs, len) : null;
        var target = Get(prnOfs, prnLen) ?? Get(subOfs, subLen);
        if (target == null) return null;
        if (target.StartsWith(@"\??\", StringComparison.Ordinal)) target = target[4..];
        return target;
    }

    public Stream OpenRead(FileEntry file)
    {
        if (file.Type != FileEntryType.File) throw new ArgumentException($"{file.Path} is not a regular file", nameof(file));
        var f = LoadFile(file.Id);
        var data = UnnamedData(f);
        if (data == null) return new MemoryStream([], writable: false);
        return OpenAttribute(data, file.Path);
    }
}

internal readonly record struct NtfsRun(long Vcn, long Length, long Lcn);

internal sealed class NtfsAttribute
{
    public uint Type;
    public string Name = "";
    public bool NonResident;
    public ushort Flags;
    public long Record;
    public byte[] Value = [];
    public long LowVcn;
    public int CompressionUnit;
    public long DataSize, InitializedSize;
    public List<NtfsRun> Runs = [];
}

internal sealed class NtfsFile
{
    public long Record;
    public ushort Sequence, Flags;
    public List<NtfsAttribute> Attributes = [];
}
