using System.Security.Cryptography;

namespace Portal.DiskImages.Tests;

/// <summary>The reader infrastructure: the block cache's bounds and counters, concurrent reads, regions and
/// segmented volumes, compared with plain file reads.</summary>
public sealed class ReaderTests : IDisposable
{
    private readonly TempDir _dir = new("diskimages-readers");

    /// <summary>A 4 GiB disk read whole through a 16 MiB cache. The source computes each byte from its offset (so every
    /// byte read is checked) instead of being a sparse file: on this shared 2-core machine the kernel zero-fills a
    /// sparse file at ~200 MB/s, which would make this one test take half a minute. A sparse file through
    /// <see cref="FileDiskReader"/> is read by the next test.</summary>
    [Fact]
    public void Reading_a_4_GiB_disk_whole_keeps_the_cache_at_its_budget()
    {
        const long size = 4L * 1024 * 1024 * 1024;
        const long budget = 16L * 1024 * 1024;
        var source = new PatternReader(size);
        var cache = new CachedDiskReader(source, budgetBytes: budget);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var buffer = new byte[3 * 1024 * 1024 + 77]; // not a multiple of the block size: requests straddle blocks
        long total = 0, wrong = 0;
        while (total < size)
        {
            var n = cache.Read(total, buffer);
            Assert.True(n > 0);
            if (!PatternReader.Check(total, buffer.AsSpan(0, n))) wrong++;
            total += n;
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(size, total);
        Assert.Equal(0, wrong);
        Assert.True(cache.PeakCachedBytes <= budget, $"peak {cache.PeakCachedBytes} over budget {budget}");
        Assert.Equal(budget, cache.CachedBytes);
        Assert.Equal(size, cache.BytesFetched); // each block fetched once
        Assert.Equal(size, source.BytesRead);
        Assert.Equal(size / CachedDiskReader.DefaultBlockSize, cache.Misses);
        Assert.True(cache.Fetches < cache.Misses / 4, $"multi-block requests were not coalesced ({cache.Fetches} fetches)");
        Assert.True(after - before < 64L * 1024 * 1024, $"managed memory grew by {after - before} bytes");
    }

    [Fact]
    public void A_sparse_file_read_through_the_cache_has_its_data_where_it_was_written()
    {
        var path = _dir["sparse.img"];
        const long size = 512L * 1024 * 1024;
        Tools.CreateSparse(path, size);
        var marker = "end of the disk"u8.ToArray();
        Tools.Poke(path, size - marker.Length, marker);
        Tools.Poke(path, 300L * 1024 * 1024 + 5, marker);
        using var file = new FileDiskReader(path);
        var cache = new CachedDiskReader(file, budgetBytes: 4 * 1024 * 1024);
        var buffer = new byte[1024 * 1024 + 3];
        long total = 0, nonZero = 0;
        while (total < size)
        {
            var n = cache.Read(total, buffer);
            nonZero += n - buffer.AsSpan(0, n).Count((byte)0);
            total += n;
        }
        Assert.Equal(size, total);
        Assert.Equal(2L * marker.Count(b => b != 0), nonZero);
        Assert.True(cache.PeakCachedBytes <= 4 * 1024 * 1024);
        var tail = new byte[marker.Length];
        Assert.Equal(marker.Length, cache.Read(size - marker.Length, tail));
        Assert.Equal(marker, tail);
        Assert.Equal(0, cache.Read(size, tail));
    }

    [Fact]
    public void Hits_misses_and_coalesced_fetches_are_counted()
    {
        var path = RandomFile("small.img", 4 * 1024 * 1024 + 1000);
        using var file = new FileDiskReader(path);
        var cache = new CachedDiskReader(file, blockSize: 64 * 1024, budgetBytes: 1024 * 1024);
        var buf = new byte[100];
        cache.Read(10, buf);
        Assert.Equal((0L, 1L, 1L, 65536L), (cache.Hits, cache.Misses, cache.Fetches, cache.BytesFetched));
        cache.Read(2000, buf);
        Assert.Equal((1L, 1L), (cache.Hits, cache.Misses));
        var big = new byte[3 * 65536]; // blocks 1..3 missing: one fetch
        cache.Read(65536, big);
        Assert.Equal((1L, 4L, 2L), (cache.Hits, cache.Misses, cache.Fetches));
        cache.Read(65536 * 64 - 10, buf); // beyond the budget of 16 blocks: evicts the oldest
        cache.Read(4 * 1024 * 1024 + 900, buf); // the partial last block
        Assert.Equal(100, cache.Read(4 * 1024 * 1024 + 900, buf));
        Assert.Equal(File.ReadAllBytes(path).AsSpan(4 * 1024 * 1024 + 900, 100).ToArray(), buf);
        for (var i = 0; i < 40; i++) cache.Read(i * 65536L, buf);
        Assert.True(cache.CachedBytes <= 1024 * 1024);
        Assert.Equal(16 * 65536, cache.CachedBytes);
    }

    [Fact]
    public void Concurrent_readers_get_the_right_bytes_through_a_small_cache()
    {
        var path = RandomFile("concurrent.img", 8 * 1024 * 1024 + 333);
        var expected = File.ReadAllBytes(path);
        using var file = new FileDiskReader(path);
        var cache = new CachedDiskReader(file, blockSize: 128 * 1024, budgetBytes: 1024 * 1024); // constant eviction
        var failures = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            var rnd = new Random(t);
            for (var i = 0; i < 400; i++)
            {
                var offset = rnd.NextInt64(expected.Length);
                var buf = new byte[rnd.Next(1, 700_000)];
                var n = cache.Read(offset, buf);
                var want = (int)Math.Min(buf.Length, expected.Length - offset);
                if (n != want || !buf.AsSpan(0, n).SequenceEqual(expected.AsSpan((int)offset, n))) Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
        Assert.True(cache.PeakCachedBytes <= 1024 * 1024);
        Assert.True(cache.Hits > 0 && cache.Misses > 0);
    }

    [Fact]
    public void A_sub_reader_stays_inside_its_region_and_refuses_one_past_the_end()
    {
        var path = RandomFile("region.img", 100_000);
        var bytes = File.ReadAllBytes(path);
        using var file = new FileDiskReader(path);
        var sub = new SubReader(file, 1000, 5000);
        var buf = new byte[10_000];
        Assert.Equal(5000, sub.Read(0, buf));
        Assert.Equal(bytes.AsSpan(1000, 5000).ToArray(), buf.AsSpan(0, 5000).ToArray());
        Assert.Equal(10, sub.Read(4990, buf));
        Assert.Equal(0, sub.Read(5000, buf));
        var e = Assert.Throws<DiskFormatException>(() => new SubReader(file, 99_000, 2000));
        Assert.Contains("runs past the end", e.Message);
        var short_ = Assert.Throws<DiskFormatException>(() => sub.ReadBytes(4000, 2000));
        Assert.Contains("truncated", short_.Message);
    }

    [Fact]
    public void A_segmented_reader_joins_its_pieces_and_reads_gaps_as_zeros()
    {
        var path = RandomFile("segments.img", 64 * 1024);
        var bytes = File.ReadAllBytes(path);
        using var file = new FileDiskReader(path);
        var seg = new SegmentedDiskReader(
        [
            new SegmentedDiskReader.Segment(8192, 4096, file, 0),      // second piece of the volume = start of the file
            new SegmentedDiskReader.Segment(0, 4096, file, 32768),     // first piece = the middle of the file
        ], 16384);
        var all = new byte[20000];
        Assert.Equal(16384, seg.Read(0, all));
        var expected = new byte[16384];
        bytes.AsSpan(32768, 4096).CopyTo(expected);
        bytes.AsSpan(0, 4096).CopyTo(expected.AsSpan(8192));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(expected)), Convert.ToHexString(SHA256.HashData(all.AsSpan(0, 16384))));
        Assert.Throws<DiskFormatException>(() => new SegmentedDiskReader([new SegmentedDiskReader.Segment(0, 4096, file, 62 * 1024)], 4096));
    }

    private string RandomFile(string name, int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        var p = _dir[name];
        File.WriteAllBytes(p, data);
        return p;
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A disk whose byte at offset o is a function of o (no storage behind it).</summary>
    private sealed class PatternReader(long length) : IDiskReader
    {
        private long _read;
        public long Length => length;
        public long BytesRead => Interlocked.Read(ref _read);

        public static byte At(long o) => (byte)((o >> 12) * 31 + (o & 0xFFF));

        // Ramp[k] = k mod 256, so page p's bytes are Ramp[(p * 31) mod 256 + within ..]: memcpy speed.
        private static readonly byte[] Ramp = Enumerable.Range(0, 256 + 4096).Select(k => (byte)k).ToArray();

        public int Read(long offset, Span<byte> buffer)
        {
            var n = (int)Math.Max(0, Math.Min(buffer.Length, length - offset));
            var done = 0;
            while (done < n)
            {
                var o = offset + done;
                var within = (int)(o & 0xFFF);
                var chunk = Math.Min(n - done, 4096 - within);
                Ramp.AsSpan((int)((o >> 12) * 31 % 256) + within, chunk).CopyTo(buffer[done..]);
                done += chunk;
            }
            Interlocked.Add(ref _read, n);
            return n;
        }

        public static bool Check(long offset, ReadOnlySpan<byte> data)
        {
            // Spot-check every 4 KiB page (first and last byte) plus a stride: a full compare would double the run time.
            for (var i = 0; i < data.Length; i += 4093)
                if (data[i] != At(offset + i)) return false;
            return data[^1] == At(offset + data.Length - 1);
        }
    }
}
