namespace Portal.DiskImages.Tests;

/// <summary>
/// Random corruption of real images' metadata (superblock, group descriptors, inode tables, directories, extent
/// nodes, partition tables): opening, walking and reading must end either with a result or with a
/// <see cref="DiskFormatException"/> — no other exception, no hang. Seeded, so a failure reproduces.
/// </summary>
[Collection("images")]
public sealed class FuzzTests(Images images, Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData("ext4", 1)]
    [InlineData("ext2", 2)]
    [InlineData("gpt", 3)]
    [InlineData("mbr", 4)]
    public void Corrupted_metadata_gives_a_format_error_or_a_result(string which, int seed)
    {
        var image = which switch { "ext4" => images.SmallExt4A, "ext2" => images.SmallExt2B, "gpt" => images.GptDisk, _ => images.MbrDisk };
        var original = File.ReadAllBytes(image);
        var regions = new List<(long Start, int Length)>();
        if (which is "ext4" or "ext2")
            regions.AddRange(ExtMetadata(image, 0));
        else
        {
            var parts = Images.SfdiskPartitions(image);
            regions.Add((0, 34 * 512)); // MBR, GPT header and entries
            regions.Add((original.Length - 33 * 512, 33 * 512)); // backup GPT (zeros on MBR)
            for (var lba = 0L; lba < original.Length / 512; lba++) // every EBR of the chain
                if (original[lba * 512 + 510] == 0x55 && original[lba * 512 + 511] == 0xAA && lba > 0 && original[lba * 512 + 466] != 0)
                    regions.Add((lba * 512 + 446, 64));
            var ext = parts.First(p => p.Type is "83" or "0FC63DAF-8483-4772-8E79-3D69D8477DE4");
            regions.AddRange(ExtMetadata(images.SmallExt4A, ext.Start * 512));
        }
        var rnd = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("DISKIMAGES_FUZZ_ROUNDS"), out var r) ? r : 200; // more for a longer local run
        for (var round = 0; round < rounds; round++)
        {
            var patches = new Dictionary<long, byte>();
            var flips = rnd.Next(1, 12);
            for (var i = 0; i < flips; i++)
            {
                var (start, length) = regions[rnd.Next(regions.Count)];
                patches[start + rnd.Next(length)] = (byte)rnd.Next(256);
            }
            var outcome = Exercise(new PatchedReader(original, patches));
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        output.WriteLine(string.Join("; ", outcomes.Select(o => $"{o.Key} x{o.Value}")));
        Assert.True(outcomes.Keys.All(k => k is "read" or "volume skipped" or "format error"),
            string.Join("; ", outcomes.Select(o => $"{o.Key} x{o.Value}")));
        Assert.True(outcomes.GetValueOrDefault("volume skipped") + outcomes.GetValueOrDefault("format error") > 0, "no corruption was ever noticed");
    }

    /// <summary>Where an ext image's metadata is, from dumpe2fs and debugfs: the superblock, group 0's descriptors,
    /// the first inodes of its inode table, the root and /data directory blocks.</summary>
    private static IEnumerable<(long, int)> ExtMetadata(string fsImage, long at)
    {
        var dump = Tools.Run("dumpe2fs", fsImage);
        var block = int.Parse(System.Text.RegularExpressions.Regex.Match(dump, @"Block size:\s+(\d+)").Groups[1].Value);
        long First(string pattern) => long.Parse(System.Text.RegularExpressions.Regex.Match(dump, pattern).Groups[1].Value);
        yield return (at + 1024, 256);
        yield return (at + First(@"Group descriptors at (\d+)") * block, 64);
        yield return (at + First(@"Inode table at (\d+)") * block, 16 * 256);
        foreach (var dir in new[] { "/", "/data" })
            foreach (var b in Tools.Run("debugfs", "-R", $"blocks {dir}", fsImage).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                yield return (at + long.Parse(b) * block, 128);
    }

    private static string Exercise(IDiskReader disk)
    {
        var task = Task.Run(() =>
        {
            try
            {
                var layout = DiskImage.Open(disk);
                var skipped = layout.Volumes.Any(v => v.FileSystem is null && v.SkipReason is { } r && !r.StartsWith("empty") && !r.StartsWith("unknown file system ("));
                foreach (var v in layout.Volumes.Where(v => v.FileSystem is not null))
                {
                    var count = 0;
                    foreach (var e in v.FileSystem!.Walk())
                    {
                        if (++count > 100_000) return "walk did not end";
                        if (e.Type != FileEntryType.File) continue;
                        try
                        {
                            using var s = v.FileSystem.OpenRead(e);
                            s.CopyTo(Stream.Null);
                        }
                        catch (DiskFormatException) { }
                    }
                }
                return skipped ? "volume skipped" : "read";
            }
            catch (DiskFormatException)
            {
                return "format error";
            }
            catch (Exception e)
            {
                return $"{e.GetType().Name}: {e.Message} {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}";
            }
        });
        return task.Wait(TimeSpan.FromSeconds(20)) ? task.Result : "hang";
    }

    /// <summary>The original bytes with a few overwritten (no copy of the image per round).</summary>
    private sealed class PatchedReader(byte[] bytes, Dictionary<long, byte> patches) : IDiskReader
    {
        public long Length => bytes.Length;

        public int Read(long offset, Span<byte> buffer)
        {
            if (offset >= bytes.Length) return 0;
            var n = (int)Math.Min(buffer.Length, bytes.Length - offset);
            bytes.AsSpan((int)offset, n).CopyTo(buffer);
            foreach (var (at, value) in patches)
                if (at >= offset && at < offset + n) buffer[(int)(at - offset)] = value;
            return n;
        }
    }
}
