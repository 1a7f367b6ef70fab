namespace Portal.DiskImages.FileSystems.Ntfs;

/// <summary>A read-only, seekable stream whose subclasses fill a range at a position (everything else is shared).</summary>
internal abstract class NtfsReadOnlyStream(long length) : Stream
{
    long _position;
    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value)); }
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset,
    };
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override int Read(Span<byte> buffer)
    {
        if (_position >= length || buffer.Length == 0) return 0;
        int n = (int)Math.Min(buffer.Length, length - _position);
        n = ReadAt(_position, buffer[..n]);
        _position += n;
        return n;
    }

    /// <summary>Fills some (at least one byte) of <paramref name="buffer"/> from <paramref name="pos"/> &lt; Length.</summary>
    protected abstract int ReadAt(long pos, Span<byte> buffer);

    /// <summary>The run holding a VCN (binary search over VCN-ordered runs); -1 when none does (a gap = sparse).</summary>
    protected static int FindRun(List<NtfsRun> runs, long vcn)
    {
        int lo = 0, hi = runs.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (vcn < runs[mid].Vcn) hi = mid - 1;
            else if (vcn >= runs[mid].Vcn + runs[mid].Length) lo = mid + 1;
            else return mid;
        }
        return ~lo;
    }
}

/// <summary>Plain non-resident data: runs of clusters, sparse runs and bytes past the initialized size are zeros.</summary>
internal sealed class NtfsRunStream(NtfsFileSystem fs, List<NtfsRun> runs, long dataSize, long initializedSize, string what)
    : NtfsReadOnlyStream(dataSize)
{
    protected override int ReadAt(long pos, Span<byte> buffer)
    {
        if (pos >= initializedSize)
        {
            buffer.Clear();
            return buffer.Length;
        }
        if (pos + buffer.Length > initializedSize) buffer = buffer[..(int)(initializedSize - pos)];
        long cs = fs.ClusterSize;
        long vcn = pos / cs;
        int i = FindRun(runs, vcn);
        if (i < 0)
        {
            int next = ~i;
            long gapEnd = next < runs.Count ? runs[next].Vcn * cs : long.MaxValue;
            if (next >= runs.Count && pos < initializedSize && runs.Count > 0 && vcn >= runs[^1].Vcn + runs[^1].Length)
                throw new DiskFormatException($"NTFS {what}: data at byte {pos} lies past the end of its run list");
            int z = (int)Math.Min(buffer.Length, gapEnd - pos);
            buffer[..z].Clear();
            return z;
        }
        var run = runs[i];
        long runEnd = (run.Vcn + run.Length) * cs;
        int n = (int)Math.Min(buffer.Length, runEnd - pos);
        if (run.Lcn < 0) buffer[..n].Clear();
        else fs.ReadClusters(run.Lcn + (vcn - run.Vcn), pos % cs, buffer[..n], what);
        return n;
    }
}

/// <summary>
/// LZNT1-compressed data: the file is cut into compression units of 2^unit clusters (16). A unit whose clusters are
/// all allocated is stored raw; one with a sparse tail holds compressed chunks in its allocated clusters; an entirely
/// sparse unit is zeros. The last decompressed unit is kept, sequential reads decompress each unit once.
/// </summary>
internal sealed class NtfsCompressedStream : NtfsReadOnlyStream
{
    readonly NtfsFileSystem _fs;
    readonly List<NtfsRun> _runs;
    readonly long _initializedSize;
    readonly int _unitClusters;
    readonly string _what;
    long _cachedUnit = -1;
    readonly byte[] _unit;

    public NtfsCompressedStream(NtfsFileSystem fs, List<NtfsRun> runs, long dataSize, long initializedSize, int unitLog, string what)
        : base(dataSize)
    {
        if (unitLog > 8) throw new DiskFormatException($"NTFS {what}: compression unit 2^{unitLog} clusters not supported");
        _fs = fs; _runs = runs; _initializedSize = initializedSize; _what = what;
        _unitClusters = 1 << unitLog;
        _unit = new byte[_unitClusters * fs.ClusterSize];
    }

    protected override int ReadAt(long pos, Span<byte> buffer)
    {
        if (pos >= _initializedSize)
        {
            buffer.Clear();
            return buffer.Length;
        }
        if (pos + buffer.Length > _initializedSize) buffer = buffer[..(int)(_initializedSize - pos)];
        long unitBytes = _unit.Length;
        long u = pos / unitBytes;
        if (u != _cachedUnit) { LoadUnit(u); _cachedUnit = u; }
        int inUnit = (int)(pos - u * unitBytes);
        int n = Math.Min(buffer.Length, _unit.Length - inUnit);
        _unit.AsSpan(inUnit, n).CopyTo(buffer);
        return n;
    }

    void LoadUnit(long u)
    {
        int cs = _fs.ClusterSize;
        long firstVcn = u * _unitClusters;
        // Gather the unit's allocated clusters in order; stop at the first sparse cluster.
        var raw = new byte[_unit.Length];
        int allocated = 0;
        for (int c = 0; c < _unitClusters; c++)
        {
            long vcn = firstVcn + c;
            int i = FindRun(_runs, vcn);
            if (i < 0 || _runs[i].Lcn < 0) break;
            var run = _runs[i];
            int take = (int)Math.Min(_unitClusters - c, run.Vcn + run.Length - vcn);
            _fs.ReadClusters(run.Lcn + (vcn - run.Vcn), 0, raw.AsSpan(c * cs, take * cs), _what);
            allocated += take;
            c += take - 1;
        }
        if (allocated == _unitClusters) raw.CopyTo(_unit, 0);
        else if (allocated == 0) Array.Clear(_unit);
        else Lznt1.Decompress(raw.AsSpan(0, allocated * cs), _unit, _what);
    }
}

/// <summary>LZNT1 (MS-XCA 2.5): 4 KiB chunks, each a 2-byte header (size-1 in 12 bits, bit 15 = compressed), then
/// flag bytes each governing 8 items: a literal byte or a 16-bit back-reference whose offset/length split depends
/// on the position inside the chunk.</summary>
internal static class Lznt1
{
    public static void Decompress(ReadOnlySpan<byte> src, Span<byte> dst, string what)
    {
        int s = 0, d = 0;
        while (s + 2 <= src.Length && d < dst.Length)
        {
            int header = src[s] | (src[s + 1] << 8);
            if (header == 0) break; // end of the compressed data
            int size = (header & 0x0FFF) + 1;
            s += 2;
            if (s + size > src.Length) throw new DiskFormatException($"NTFS {what}: compressed chunk runs past its unit");
            var chunk = src.Slice(s, size);
            s += size;
            int chunkStart = d;
            int chunkEnd = Math.Min(dst.Length, chunkStart + 4096);
            if ((header & 0x8000) == 0)
            {
                int n = Math.Min(size, chunkEnd - d);
                chunk[..n].CopyTo(dst[d..]);
                d += n;
                if (n < 4096) { dst[d..chunkEnd].Clear(); }
                d = chunkEnd;
                continue;
            }
            int p = 0;
            while (p < chunk.Length && d < chunkEnd)
            {
                byte flags = chunk[p++];
                for (int bit = 0; bit < 8 && p < chunk.Length && d < chunkEnd; bit++)
                {
                    if ((flags & (1 << bit)) == 0) { dst[d++] = chunk[p++]; continue; }
                    if (p + 2 > chunk.Length) throw new DiskFormatException($"NTFS {what}: truncated LZNT1 back-reference");
                    int token = chunk[p] | (chunk[p + 1] << 8);
                    p += 2;
                    int pos = d - chunkStart;
                    int offsetBits = 4;
                    while ((1 << offsetBits) < pos) offsetBits++;
                    int lengthBits = 16 - offsetBits;
                    int length = (token & ((1 << lengthBits) - 1)) + 3;
                    int offset = (token >> lengthBits) + 1;
                    if (offset > pos) throw new DiskFormatException($"NTFS {what}: LZNT1 back-reference before the chunk start");
                    for (int k = 0; k < length && d < chunkEnd; k++, d++) dst[d] = dst[d - offset];
                }
            }
            // A chunk that decompresses to less than 4 KiB is followed by zeros up to the chunk boundary.
            if (d < chunkEnd) { dst[d..chunkEnd].Clear(); d = chunkEnd; }
        }
        if (d < dst.Length) dst[d..].Clear();
    }
}
