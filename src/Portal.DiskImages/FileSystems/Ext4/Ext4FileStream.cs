namespace Portal.DiskImages.FileSystems.Ext4;

/// <summary>A file's content through its block runs: unmapped blocks (holes) and uninitialised extents read as zeros.</summary>
internal sealed class Ext4FileStream(IDiskReader volume, int blockSize, List<Ext4Run> runs, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= length || buffer.IsEmpty) return 0;
        var want = (int)Math.Min(buffer.Length, length - _position);
        var block = _position / blockSize;
        var index = Find(block);
        int n;
        if (index >= 0 && !runs[index].Zero)
        {
            var run = runs[index];
            var end = (run.Logical + run.Count) * blockSize;
            n = (int)Math.Min(want, end - _position);
            var physical = (run.Physical + (block - run.Logical)) * blockSize + _position % blockSize;
            volume.ReadExactly(physical, buffer[..n]);
        }
        else
        {
            long end;
            if (index >= 0) end = (runs[index].Logical + runs[index].Count) * blockSize;
            else
            {
                var next = ~index;
                end = next < runs.Count ? runs[next].Logical * blockSize : length;
            }
            n = (int)Math.Min(want, end - _position);
            buffer[..n].Clear();
        }
        _position += n;
        return n;
    }

    /// <summary>Index of the run holding <paramref name="block"/>, or the complement of the next run's index.</summary>
    private int Find(long block)
    {
        int lo = 0, hi = runs.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var r = runs[mid];
            if (block < r.Logical) hi = mid - 1;
            else if (block >= r.Logical + r.Count) lo = mid + 1;
            else return mid;
        }
        return ~lo;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
