using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.DiskImages.Tests;

/// <summary>One entry as both sides see it. Directories carry no size (7-Zip lists none); files carry the SHA-256 of
/// their content.</summary>
internal sealed record Entry(string Path, char Kind, long Size, string? Link, string Mode, long Inode, int Uid, int Gid,
    string Modified, string? Sha256);

/// <summary>
/// The independent view of an ext2/3/4 image: 7-Zip's listing (<c>7zz l -slt</c>: paths, types, sizes, modes,
/// owners, mtimes, inode numbers, symlink targets) and debugfs's extraction (<c>debugfs -R "rdump / dir"</c>) for
/// the content hashes.
/// </summary>
internal static class ExtOracle
{
    public static Dictionary<string, Entry> Read(string fsImage, string workDir)
    {
        var listing = Tools.Run("7zz", "l", "-slt", "--", fsImage);
        var start = listing.IndexOf("\n----------\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "7zz listed no entries:\n" + listing);
        var dump = Path.Combine(workDir, "rdump-" + Path.GetFileName(fsImage));
        if (Directory.Exists(dump)) Directory.Delete(dump, true);
        Directory.CreateDirectory(dump);
        Tools.Run("debugfs", "-R", $"rdump / {dump}", fsImage);
        var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var block in listing[(start + 12)..].Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var f = block.Split('\n').Select(l => l.Split(" = ", 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            if (!f.TryGetValue("Path", out var rel) || rel.StartsWith('[')) continue; // [SYS]/Journal and the like
            var mode = f["Mode"];
            var kind = mode[0] switch { 'd' => 'd', '-' => 'f', 'l' => 'l', _ => 'o' };
            var path = "/" + rel;
            string? sha = null;
            if (kind == 'f')
            {
                var extracted = Path.Combine(dump, rel);
                Assert.True(File.Exists(extracted), $"debugfs rdump did not extract {path}");
                using var s = File.OpenRead(extracted);
                sha = Convert.ToHexString(SHA256.HashData(s));
                Assert.Equal(long.Parse(f["Size"], CultureInfo.InvariantCulture), new FileInfo(extracted).Length);
            }
            var modified = f["Modified"];
            if (modified.Length > 27) modified = modified[..27]; // 9 fraction digits -> 7 (100 ns ticks)
            result[path] = new Entry(path, kind, kind == 'd' ? -1 : long.Parse(f["Size"], CultureInfo.InvariantCulture),
                kind == 'l' ? f["Symbolic Link"] : null, mode, long.Parse(f["iNode"], CultureInfo.InvariantCulture),
                int.Parse(f["User ID"], CultureInfo.InvariantCulture), int.Parse(f["Group ID"], CultureInfo.InvariantCulture),
                modified, sha);
        }
        Directory.Delete(dump, true);
        return result;
    }

    /// <summary>debugfs alone (7-Zip opens neither inline_data nor meta_bg file systems): <c>ls -p</c> of every
    /// directory gives each entry's inode number, mode, owner and size; <c>rdump</c> extracts the tree for symlink
    /// targets and content (and names the directories to list). debugfs 1.47's dump writes a 60-byte file for inline
    /// data shorter than 60 bytes (the whole i_block), so a file's content is the first "size" bytes of what rdump
    /// wrote. Times are not part of this view (rdump does not keep them all).</summary>
    public static Dictionary<string, Entry> ReadWithDebugfs(string fsImage, string workDir)
    {
        var dump = Path.Combine(workDir, "rdump-only-" + Path.GetFileName(fsImage));
        if (Directory.Exists(dump)) Directory.Delete(dump, true);
        Directory.CreateDirectory(dump);
        Tools.Run("debugfs", "-R", $"rdump / {dump}", fsImage);
        var dirs = new List<string> { "" };
        dirs.AddRange(Directory.EnumerateDirectories(dump, "*", SearchOption.AllDirectories).Select(d => Path.GetRelativePath(dump, d)));
        var script = Path.Combine(workDir, "ls-" + Path.GetFileName(fsImage) + ".cmd");
        File.WriteAllLines(script, dirs.Select(d => $"ls -p \"/{d}\""));
        var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in Tools.Run("debugfs", "-f", script, fsImage).Split('\n'))
        {
            // Echoed command, then "/inode/mode/uid/gid/name/size/" per entry (no size for directories).
            if (line.StartsWith("debugfs: ls -p \"", StringComparison.Ordinal)) { current = line[16..^1].TrimEnd('/'); continue; }
            var p = line.Split('/');
            if (current is null || p.Length < 8 || p[5] is "." or ".." or "" || p[1] == "0") continue; // unused slots
            var path = current + "/" + string.Join('/', p[5..^2]);
            var mode = Convert.ToInt32(p[2], 8);
            var kind = (mode & 0xF000) switch { 0x4000 => 'd', 0x8000 => 'f', 0xA000 => 'l', _ => 'o' };
            var size = p[^2].Length == 0 ? -1 : long.Parse(p[^2], CultureInfo.InvariantCulture);
            var local = Path.Combine(dump, path[1..]);
            string? sha = null, link = null;
            if (kind == 'f')
            {
                var content = File.ReadAllBytes(local);
                Assert.True(content.Length == size || (content.Length == 60 && size < 60), $"debugfs dumped {content.Length} bytes of {path}, size {size}");
                sha = Convert.ToHexString(SHA256.HashData(content.AsSpan(0, (int)size)));
            }
            if (kind == 'l') link = new FileInfo(local).LinkTarget;
            result[path] = new Entry(path, kind, kind == 'd' ? -1 : size, link, ModeString(mode),
                long.Parse(p[1], CultureInfo.InvariantCulture), int.Parse(p[3], CultureInfo.InvariantCulture),
                int.Parse(p[4], CultureInfo.InvariantCulture), "", sha);
        }
        File.Delete(script);
        Directory.Delete(dump, true);
        return result;
    }

    public static Dictionary<string, Entry> WithoutTimes(Dictionary<string, Entry> entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value with { Modified = "" }, StringComparer.Ordinal);

    /// <summary>What the project's reader sees.</summary>
    public static Dictionary<string, Entry> Walk(IFileSystem fs)
    {
        var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var e in fs.Walk())
        {
            var kind = e.Type switch { FileEntryType.Directory => 'd', FileEntryType.File => 'f', FileEntryType.Symlink => 'l', _ => 'o' };
            string? sha = null;
            if (kind == 'f')
            {
                using var s = fs.OpenRead(e);
                Assert.Equal(e.Size, s.Length);
                sha = Convert.ToHexString(SHA256.HashData(s));
            }
            Assert.False(result.ContainsKey(e.Path), $"{e.Path} walked twice");
            result[e.Path] = new Entry(e.Path, kind, kind == 'd' ? -1 : e.Size, e.LinkTarget, ModeString(e.Mode ?? 0), e.Id,
                e.Uid ?? -1, e.Gid ?? -1, e.Modified?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture) ?? "", sha);
        }
        return result;
    }

    public static void AssertSame(Dictionary<string, Entry> oracle, Dictionary<string, Entry> ours, string oracleName = "7zz + debugfs")
    {
        var missing = oracle.Keys.Except(ours.Keys).Order().Take(20).ToList();
        var extra = ours.Keys.Except(oracle.Keys).Order().Take(20).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"paths differ from {oracleName}: missing {string.Join(", ", missing)}; extra {string.Join(", ", extra)}");
        var diffs = oracle.Values.Where(o => ours[o.Path] != o).Take(10)
            .Select(o => $"\n  {oracleName}: {o}\n  ours:   {ours[o.Path]}").ToList();
        Assert.True(diffs.Count == 0, "entries differ:" + string.Concat(diffs));
    }

    public static string ModeString(int mode)
    {
        var sb = new StringBuilder(10);
        sb.Append((mode & 0xF000) switch
        {
            0x4000 => 'd', 0x8000 => '-', 0xA000 => 'l', 0x1000 => 'p', 0x2000 => 'c', 0x6000 => 'b', 0xC000 => 's', _ => '?',
        });
        const string rwx = "rwxrwxrwx";
        for (var i = 0; i < 9; i++) sb.Append((mode & (1 << (8 - i))) != 0 ? rwx[i] : '-');
        return sb.ToString();
    }
}
