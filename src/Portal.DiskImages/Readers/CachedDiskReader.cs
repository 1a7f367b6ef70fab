using System.Buffers;

namespace Portal.DiskImages;

/// <summary>
/// A bounded LRU block cache in front of a slow reader (a SAS URL read with ranged GETs). Reads are served in
/// fixed blocks (default 512 KiB); a request spanning several missing blocks is fetched with one underlying read
/// (up to <see cref="MaxCoalescedBlocks"/> blocks). The cache never holds more than its byte budget, whatever the
/// disk size, so walking a 4 TB disk costs the same memory as a 4 GB one. Thread-safe; fetches run outside the lock
/// so concurrent readers do not wait on each other's I/O (two threads may occasionally fetch the same block).
/// </summary>
public sealed class CachedDiskReader : IDiskReader
{
    public const int DefaultBlockSize = 512 * 1024;
    public const long DefaultBudgetBytes = 64L * 1024 * 1024;

    /// <summary>Most blocks fetched by one underlying read (a 512 KiB block size gives 8 MiB requests at most).</summary>
    public const int MaxCoalescedBlocks = 16;

    private readonly IDiskReader _inner;
    private readonly object _lock = new();
    private readonly Dictionary<long, LinkedListNode<(long Index, byte[] Data)>> _map = new();
    private readonly LinkedList<(long Index, byte[] Data)> _lru = new();
    private readonly int _maxBlocks;
    private long _cachedBytes, _peakCachedBytes, _hits, _misses, _bytesFetched, _fetches;

    public CachedDiskReader(IDiskReader inner, int blockSize = DefaultBlockSize, long budgetBytes = DefaultBudgetBytes)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (blockSize < 512) throw new ArgumentOutOfRangeException(nameof(blockSize), "at least 512 bytes");
        if (budgetBytes < blockSize) throw new ArgumentOutOfRangeException(nameof(budgetBytes), "at least one block");
        _inner = inner;
        BlockSize = blockSize;
        BudgetBytes = budgetBytes;
        _maxBlocks = (int)Math.Min(int.MaxValue, budgetBytes / blockSize);
    }

    public long Length => _inner.Length;
    public int BlockSize { get; }
    public long BudgetBytes { get; }

    /// <summary>Blocks served from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);
    /// <summary>Blocks that had to be fetched.</summary>
    public long Misses => Interlocked.Read(ref _misses);
    /// <summary>Bytes read from the underlying reader.</summary>
    public long BytesFetched => Interlocked.Read(ref _bytesFetched);
    /// <summary>Underlying read calls (coalesced fetches count once).</summary>
    public long Fetches => Interlocked.Read(ref _fetches);
    public long CachedBytes { get { lock (_lock) return _cachedBytes; } }
    public long PeakCachedBytes { get { lock (_lock) return _peakCachedBytes; } }

    public int Read(long offset, Span<byte> buffer)
    {
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset));
        var length = Length;
        if (offset >= length || buffer.IsEmpty) return 0;
        var total = (int)Math.Min(buffer.Length, length - offset);
        var done = 0;
        while (done < total)
        {
            var index = (offset + done) / BlockSize;
            if (TryGet(index) is { } cached)
            {
                if (!CopyOut(cached, index, offset, buffer, total, ref done)) break;
                continue;
            }
            // A miss: fetch it and the missing blocks after it that this request needs, in one read.
            var fetched = FetchRun(index, (offset + total - 1) / BlockSize);
            var ended = fetched.Count == 0;
            for (var i = 0; i < fetched.Count && done < total && !ended; i++)
                ended = !CopyOut(fetched[i], index + i, offset, buffer, total, ref done);
            if (ended) break;
        }
        return done;
    }

    /// <summary>Copies the part of <paramref name="block"/> the request needs; false when the source ended early.</summary>
    private bool CopyOut(byte[] block, long index, long offset, Span<byte> buffer, int total, ref int done)
    {
        var within = (int)(offset + done - index * BlockSize);
        if (within >= block.Length) return false;
        var n = Math.Min(total - done, block.Length - within);
        block.AsSpan(within, n).CopyTo(buffer[done..]);
        done += n;
        return true;
    }

    /// <summary>Drops every cached block (the counters stay).</summary>
    public void Clear()
    {
        lock (_lock) { _map.Clear(); _lru.Clear(); _cachedBytes = 0; }
    }

    private byte[]? TryGet(long index)
    {
        lock (_lock)
        {
            if (!_map.TryGetValue(index, out var node)) return null;
            _lru.Remove(node);
            _lru.AddFirst(node);
            _hits++;
            return node.Value.Data;
        }
    }

    /// <summary>Fetches <paramref name="first"/> and the missing blocks after it up to <paramref name="lastWanted"/>
    /// with one read; returns them in order (fewer when the source ends).</summary>
    private List<byte[]> FetchRun(long first, long lastWanted)
    {
        var count = 1;
        lock (_lock)
        {
            while (count < MaxCoalescedBlocks && count < _maxBlocks && first + count <= lastWanted && !_map.ContainsKey(first + count))
                count++;
        }
        var start = first * BlockSize;
        var want = (int)Math.Min((long)count * BlockSize, Length - start);
        var temp = ArrayPool<byte>.Shared.Rent(want);
        try
        {
            var got = 0;
            while (got < want)
            {
                var n = _inner.Read(start + got, temp.AsSpan(got, want - got));
                if (n <= 0) break;
                got += n;
            }
            Interlocked.Increment(ref _fetches);
            Interlocked.Add(ref _bytesFetched, got);
            Interlocked.Add(ref _misses, count);
            var blocks = new List<byte[]>(count);
            lock (_lock)
            {
                for (var i = 0; i < count; i++)
                {
                    var from = i * BlockSize;
                    var len = Math.Min(BlockSize, got - from);
                    if (len <= 0) break;
                    var data = temp.AsSpan(from, len).ToArray();
                    blocks.Add(data);
                    // A short block is cached only when it is the disk's last one (not when the source fell short).
                    if (len == BlockSize || start + from + len == Length) Insert(first + i, data);
                }
            }
            return blocks;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(temp);
        }
    }

    private void Insert(long index, byte[] data)
    {
        if (_map.TryGetValue(index, out var existing))
        {
            _lru.Remove(existing);
            _cachedBytes -= existing.Value.Data.Length;
            _map.Remove(index);
        }
        while (_map.Count >= _maxBlocks && _lru.Last is { } oldest)
        {
            _lru.RemoveLast();
            _map.Remove(oldest.Value.Index);
            _cachedBytes -= oldest.Value.Data.Length;
        }
        _map[index] = _lru.AddFirst((index, data));
        _cachedBytes += data.Length;
        if (_cachedBytes > _peakCachedBytes) _peakCachedBytes = _cachedBytes;
    }
}
