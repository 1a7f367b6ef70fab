
namespace Portal.DiskImages.FsTests;

/// <summary>An image with some bytes overwritten in memory: corruption without copying hundreds of MB.</summary>
sealed class PatchedReader(IDiskReader inner, Dictionary<long, byte> patches) : IDiskReader
{
    public long Length => inner.Length;

    public int Read(long offset, Span<byte> buffer)
    {
        int n = inner.Read(offset, buffer);
        foreach (var (at, value) in patches)
            if (at >= offset && at < offset + n) buffer[(int)(at - offset)] = value;
        return n;
    }
}

/// <summary>
/// Random damage to the metadata the generated images really hold (MFT records and INDX blocks; XFS inodes,
/// directory and bmap blocks, found by their magic): opening, walking and reading every file must either work or
/// fail with <see cref="DiskFormatException"/> — never another exception type, a hang or a crash. Fixed seeds.
/// </summary>
static class Fuzzer
{
    // FS_FUZZ_ITERATIONS / FS_FUZZ_SEED: a longer or different hunt by hand; CI runs 400 rounds with fixed seeds.
    public static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("FS_FUZZ_ITERATIONS"), out var n) ? n : 400;

    public static List<long> FindMagic(string image, (byte[] Magic, int Align)[] magics)
    {
        var found = new List<long>();
        using var f = File.OpenRead(image);
        var buf = new byte[1 << 20];
        long pos = 0;
        int n;
        while ((n = f.Read(buf)) > 0)
        {
            foreach (var (magic, align) in magics)
                for (int o = 0; o + magic.Length <= n; o += align)
                    if (buf.AsSpan(o, magic.Length).SequenceEqual(magic)) found.Add(pos + o);
            pos += n;
        }
        return found;
    }

    public static (int Opened, int Refused, int Failed, int Clean) Fuzz(IDiskReader image, List<long> targets, int regionSize, int iterations, int seed,
        Func<IDiskReader, FileSystemProbeResult?> probe)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("FS_FUZZ_SEED"), out var extra)) seed += extra;
        var rnd = new Random(seed);
        int opened = 0, refused = 0, failed = 0, clean = 0;
        for (int it = 0; it < iterations; it++)
        {
            var patches = new Dictionary<long, byte>();
            long region = targets[rnd.Next(targets.Count)];
            int count = rnd.Next(1, 9);
            for (int k = 0; k < count; k++)
            {
                // Half the damage in the headers, where the structure is described.
                long at = region + (rnd.Next(2) == 0 ? rnd.Next(96) : rnd.Next(regionSize));
                patches[at] = rnd.Next(4) switch { 0 => 0, 1 => 0xFF, _ => (byte)rnd.Next(256) };
            }
            var reader = new PatchedReader(image, patches);
            try
            {
                var result = probe(reader);
                if (result?.FileSystem is not { } fs) { refused++; continue; }
                opened++;
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // a hang fails the test
                foreach (var e in fs.Walk(cts.Token))
                {
                    if (e.Type != FileEntryType.File) continue;
                    // At most 16 MiB a file: a damaged size may legitimately describe terabytes of holes.
                    using var s = fs.OpenRead(e);
                    var buf = new byte[1 << 16];
                    for (long total = 0; total < 16 << 20; total += buf.Length)
                        if (s.Read(buf) == 0) break;
                }
                clean++;
            }
            catch (DiskFormatException) { failed++; }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} iteration {it}: {e.GetType().Name} instead of DiskFormatException, patches " +
                    string.Join(",", patches.Select(p => $"{p.Key:x}={p.Value:x2}")) + $"\n{e}");
            }
        }
        return (opened, refused, failed, clean);
    }

}
