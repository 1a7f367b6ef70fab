namespace Portal.DiskImages;

/// <summary>A volume made of pieces of other readers laid end to end (an LVM logical volume's segments). Ranges no
/// segment covers read as zeros.</summary>
public sealed class SegmentedDiskReader : IDiskReader
{
    /// <summary>One piece: <paramref name="Length"/> bytes at <paramref name="LogicalOffset"/> of the volume come from
    /// <paramref name="Source"/> at <paramref name="SourceOffset"/>.</summary>
    public sealed record Segment(long LogicalOffset, long Length, IDiskReader Source, long SourceOffset);

    private readonly Segment[] _segments;

    public SegmentedDiskReader(IEnumerable<Segment> segments, long length)
    {
        _segments = segments.OrderBy(s => s.LogicalOffset).ToArray();
        for (var i = 0; i < _segments.Length; i++)
        {
            var s = _segments[i];
            if (s.Length < 0 || s.LogicalOffset < 0 || s.SourceOffset < 0 || s.SourceOffset > s.Source.Length - s.Length)
                throw new DiskFormatException($"segment at {s.LogicalOffset} ({s.Length} bytes) lies outside its source");
            if (i > 0 && _segments[i - 1].LogicalOffset + _segments[i - 1].Length > s.LogicalOffset)
                throw new DiskFormatException($"segments overlap at {s.LogicalOffset}");
        }
        Length = length;
    }

    public long Length { get; }

    public int Read(long offset, Span<byte> buffer)
    {
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset));
        if (offset >= Length) return 0;
        var total = (int)Math.Min(buffer.Length, Length - offset);
        var done = 0;
        while (done < total)
        {
            var pos = offset + done;
            var seg = Find(pos, out var next);
            int n;
            if (seg is null)
            {
                n = (int)Math.Min(total - done, next - pos);
                buffer.Slice(done, n).Clear();
            }
            else
            {
                n = (int)Math.Min(total - done, seg.LogicalOffset + seg.Length - pos);
                var got = seg.Source.Read(seg.SourceOffset + (pos - seg.LogicalOffset), buffer.Slice(done, n));
                if (got <= 0) break;
                n = got;
            }
            done += n;
        }
        return done;
    }

    private Segment? Find(long pos, out long nextStart)
    {
        int lo = 0, hi = _segments.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = _segments[mid];
            if (pos < s.LogicalOffset) hi = mid - 1;
            else if (pos >= s.LogicalOffset + s.Length) lo = mid + 1;
            else { nextStart = 0; return s; }
        }
        nextStart = lo < _segments.Length ? _segments[lo].LogicalOffset : Length;
        return null;
    }
}
