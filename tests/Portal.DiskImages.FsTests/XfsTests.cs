using System.Globalization;
using System.Text;
using Portal.DiskImages.FileSystems.Xfs;

namespace Portal.DiskImages.FsTests;

/// <summary>
/// XFS images made by Debian's xfsprogs: <c>mkfs.xfs -p protofile</c> from <see cref="SourceTree"/> (with and
/// without <c>-i nrext64=1</c>), and one populated through a kernel loop mount (hard links, holes, unwritten
/// extents, a B+ tree data fork). Oracles: <c>xfs_db -r</c> (<c>ls</c> for names, inode numbers and types;
/// <c>inode N</c> + <c>print</c> for mode, size, mtime) and, for content and symlink targets, the source tree
/// (proto images) or the files read back through the kernel's XFS driver (the mounted image).
/// </summary>
public sealed class XfsImages : IDisposable
{
    public readonly string Dir = Tool.TempDir("xfs-fs-tests");
    public string Source => Path.Combine(Dir, "src");
    public string ProtoImage => Path.Combine(Dir, "proto.img");
    public readonly Dictionary<string, (string? Sha, string? Link)> SourceContent;
    readonly string _proto;
    readonly Dictionary<string, string> _variants = [];

    public XfsImages()
    {
        SourceTree.Write(Source, spacesInNames: false); // proto files are whitespace-separated
        SourceContent = HostTree.Read(Source);
        _proto = Path.Combine(Dir, "proto.txt");
        File.WriteAllText(_proto, Proto(Source));
        Tool.Sparse(ProtoImage, 300L << 20);
        Tool.Run("mkfs.xfs", ["-q", "-f", "-L", "protolabel", "-i", "nrext64=0", "-p", _proto, ProtoImage]);
    }

    /// <summary>The source tree made into an image with other mkfs.xfs options (made once per option set).</summary>
    public string Variant(string options)
    {
        lock (_variants)
        {
            if (_variants.TryGetValue(options, out var made)) return made;
            var image = Path.Combine(Dir, $"proto-{_variants.Count}.img");
            Tool.Sparse(image, 300L << 20);
            Tool.Run("mkfs.xfs", ["-q", "-f", .. options.Split(' '), "-p", _proto, image]);
            return _variants[options] = image;
        }
    }

    /// <summary>mkfs.xfs proto file: "name mode uid gid [source|target]" lines, "$" closes a directory.</summary>
    static string Proto(string root)
    {
        var sb = new StringBuilder("/dev/null\n0 0\nd--755 0 0\n");
        void Dir(string dir, int depth)
        {
            var ind = new string(' ', depth);
            foreach (var e in new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (e.LinkTarget != null) sb.Append($"{ind}{e.Name} l--777 0 0 {e.LinkTarget}\n");
                else if (e is DirectoryInfo d)
                {
                    sb.Append($"{ind}{e.Name} d--750 1000 1000\n");
                    Dir(d.FullName, depth + 1);
                    sb.Append($"{ind}$\n");
                }
                else sb.Append($"{ind}{e.Name} ---640 1000 100 {e.FullName}\n");
            }
        }
        Dir(root, 1);
        sb.Append("$\n");
        return sb.ToString();
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}

/// <summary>Content of a tree on the host (a source tree or a mounted file system): SHA-256 per file, target per symlink.</summary>
static class HostTree
{
    public static Dictionary<string, (string? Sha, string? Link)> Read(string root)
    {
        var result = new Dictionary<string, (string?, string?)>();
        void Walk(string dir, string rel)
        {
            foreach (var e in new DirectoryInfo(dir).EnumerateFileSystemInfos())
            {
                var p = rel + "/" + e.Name;
                if (e.LinkTarget != null) result[p] = (null, e.LinkTarget);
                else if (e is DirectoryInfo d) { result[p] = (null, null); Walk(d.FullName, p); }
                else result[p] = (Tool.Sha256(e.FullName), null);
            }
        }
        Walk(root, "");
        return result;
    }
}

/// <summary>xfs_db as the oracle for an XFS image's tree: names, inode numbers, types, modes, sizes, mtimes.</summary>
static class XfsDb
{
    public static Dictionary<string, Expected> Tree(string image, IReadOnlyDictionary<string, (string? Sha, string? Link)> content)
    {
        var entries = new List<(string Path, long Ino, string Type)>();
        var level = new List<string> { "/" };
        var work = Path.Combine(Path.GetTempPath(), $"xfsdb-{Guid.NewGuid():N}.cmd");
        try
        {
            while (level.Count > 0)
            {
                File.WriteAllLines(work, level.Select(d => $"ls {d}"));
                var output = Tool.Run("xfs_db", ["-r", "-c", $"source {work}", image]);
                var next = new List<string>();
                string? current = null;
                foreach (var line in output.Split('\n'))
                {
                    if (line.Length == 0) continue;
                    if (line.StartsWith('/') && line.EndsWith(':')) { current = line[..^1]; continue; }
                    // offset inode type hash namelen name (good)
                    var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (current == null || f.Length < 7 || f[^1] != "(good)") throw new InvalidOperationException($"xfs_db ls line not understood: {line}");
                    var name = string.Join(' ', f[5..^1]);
                    if (name is "." or "..") continue;
                    var path = (current == "/" ? "" : current) + "/" + name;
                    entries.Add((path, long.Parse(f[1]), f[2]));
                    if (f[2] == "directory") next.Add(path);
                }
                level = next;
            }
            // One xfs_db run prints every inode's mode, size and mtime.
            var inos = entries.Select(e => e.Ino).Distinct().ToList();
            File.WriteAllLines(work, inos.Select(i => $"inode {i}\nprint core.mode core.size core.mtime.sec core.mtime.nsec").SelectMany(s => s.Split('\n')));
            var lines = Tool.Run("xfs_db", ["-r", "-c", $"source {work}", image]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length != inos.Count * 4) throw new InvalidOperationException($"xfs_db printed {lines.Length} lines for {inos.Count} inodes");
            var info = new Dictionary<long, (int Mode, long Size, DateTimeOffset Mtime)>();
            for (int i = 0; i < inos.Count; i++)
            {
                string V(int k) => lines[i * 4 + k][(lines[i * 4 + k].IndexOf(" = ", StringComparison.Ordinal) + 3)..];
                var sec = DateTime.ParseExact(string.Join(' ', V(2).Split(' ', StringSplitOptions.RemoveEmptyEntries)), "ddd MMM d HH:mm:ss yyyy",
                    CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                info[inos[i]] = (Convert.ToInt32(V(0), 8), long.Parse(V(1)),
                    new DateTimeOffset(sec, TimeSpan.Zero).AddTicks(long.Parse(V(3)) / 100));
            }
            return entries.ToDictionary(e => e.Path, e =>
            {
                var (mode, size, mtime) = info[e.Ino];
                var type = e.Type switch
                {
                    "directory" => FileEntryType.Directory, "regular" => FileEntryType.File, "symlink" => FileEntryType.Symlink, _ => FileEntryType.Other,
                };
                content.TryGetValue(e.Path, out var c);
                if (type != FileEntryType.Directory && !content.ContainsKey(e.Path)) throw new InvalidOperationException($"no content oracle for {e.Path}");
                // Directories: the reader reports size 0 (their di_size is the directory's data size, not content).
                return new Expected(e.Path, type, type == FileEntryType.Directory ? 0 : size, c.Link, e.Ino, c.Sha, mode, mtime);
            });
        }
        finally { File.Delete(work); }
    }

    public static string Print(string image, params string[] commands) =>
        Tool.Run("xfs_db", ["-r", .. commands.SelectMany(c => new[] { "-c", c }), image]);

    public static long InodeOf(string image, string path)
    {
        var parent = path[..path.LastIndexOf('/')];
        var name = path[(path.LastIndexOf('/') + 1)..];
        var line = Print(image, $"ls {(parent.Length == 0 ? "/" : parent)}").Split('\n')
            .First(l => l.EndsWith($" {name} (good)", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }
}

public sealed class XfsTests(XfsImages images, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<XfsImages>
{
    static XfsFileSystem Open(IDiskReader r)
    {
        var result = XfsFileSystem.Probe(r);
        Assert.NotNull(result);
        Assert.Null(result.UnsupportedReason);
        return Assert.IsType<XfsFileSystem>(result.FileSystem);
    }

    [Theory]
    [InlineData("default", 0x0u)]                               // xfsprogs 6.1 defaults, nrext64 off
    [InlineData("-i nrext64=1", 0x20u)]                         // large extent counts (the default of newer mkfs.xfs)
    [InlineData("-m bigtime=0 -i nrext64=0", 0x0u)]              // 32-bit second timestamps
    [InlineData("-b size=1024 -n size=8192 -i nrext64=1", 0x20u)] // 1 KiB blocks, directory blocks of 8 file-system blocks
    public void Proto_image_walk_equals_xfs_db_listing_and_the_source_tree(string options, uint nrext64Bit)
    {
        var image = options == "default" ? images.ProtoImage : images.Variant(options);
        // The variant is what the test says (xfs_db reads the superblock): the large-extent-count bit (0x20), bigtime (0x8).
        var incompat = Convert.ToUInt32(XfsDb.Print(image, "sb 0", "print features_incompat").Split(" = ")[1].Trim(), 16);
        Assert.Equal(nrext64Bit, incompat & 0x20);
        Assert.Equal(!options.Contains("bigtime=0"), (incompat & 0x8) != 0);
        var oracle = XfsDb.Tree(image, images.SourceContent);
        Assert.Equal(images.SourceContent.Count, oracle.Count);
        // The 10,000-entry directory is in node form with a B+ tree data fork (several directory blocks).
        var many = XfsDb.InodeOf(image, "/many");
        Assert.Contains("core.format = 3 (btree)", XfsDb.Print(image, $"inode {many}", "print core.format"));
        Assert.True(long.Parse(XfsDb.Print(image, $"inode {many}", "print core.size").Split(" = ")[1]) > 8192 * 4);

        using var r = new ImageFileReader(image);
        var fs = Open(r);
        Assert.Equal("XFS", fs.Kind);
        Assert.Equal(options == "default" ? "protolabel" : null, fs.Label);
        Compare.WalkEquals(fs, oracle, "xfs_db");
        var deep = fs.Walk().Single(e => e.Path == "/deep/" + SourceTree.DeepDir + "/leaf.txt");
        Assert.Equal((1000, 100), (deep.Uid, deep.Gid));
    }

    [Fact]
    public void Mounted_image_with_hard_links_holes_unwritten_extents_and_a_btree_fork_equals_xfs_db_and_the_kernel()
    {
        var image = Path.Combine(images.Dir, "mounted.img");
        var mnt = Path.Combine(images.Dir, "mnt");
        Directory.CreateDirectory(mnt);
        Tool.Sparse(image, 300L << 20);
        Tool.Run("mkfs.xfs", ["-q", "-f", "-i", "nrext64=1", image]);
        // A kernel loop mount (root, as the test machine runs) writes what a proto file cannot.
        Tool.Run("mount", ["-o", "loop", image, mnt]);
        Dictionary<string, (string? Sha, string? Link)> kernel;
        try
        {
            Directory.CreateDirectory(Path.Combine(mnt, "a"));
            Directory.CreateDirectory(Path.Combine(mnt, "b"));
            File.WriteAllText(Path.Combine(mnt, "a", "original"), "linked content\n");
            File.CreateSymbolicLink(Path.Combine(mnt, "b", "sym"), "../a/original");
            Tool.Run("ln", [Path.Combine(mnt, "a", "original"), Path.Combine(mnt, "b", "hardlink")]);
            Tool.Run("ln", [Path.Combine(mnt, "a", "original"), Path.Combine(mnt, "a", "second name")]);
            // Holes: data at 0, 5 MiB and the last byte of 20 MiB.
            using (var f = new FileStream(Path.Combine(mnt, "holes"), FileMode.Create))
            {
                f.Write(SourceTree.Bytes(10_000, 3));
                f.Position = 5 << 20; f.Write(SourceTree.Bytes(8192, 4));
                f.SetLength(20 << 20);
            }
            // Unwritten extents: 1 MiB preallocated, 64 KiB written in the middle.
            Tool.Run("xfs_io", ["-f", "-c", "falloc 0 1m", "-c", "pwrite -S 0x5a 256k 64k", Path.Combine(mnt, "prealloc")]);
            // Every other 4 KiB block written: 300 extents, far more than the inode's fork holds -> B+ tree fork.
            var frag = Path.Combine(mnt, "fragmented");
            var cmds = new List<string> { "-f" };
            for (int i = 0; i < 300; i++) { cmds.Add("-c"); cmds.Add($"pwrite -S 0x{i % 250 + 1:x2} {i * 8}k 4k"); }
            cmds.Add(frag);
            Tool.Run("xfs_io", cmds);
            Tool.Run("cp", ["-a", Path.Combine(images.Source, "ünïcødé"), Path.Combine(images.Source, "links"), mnt]);
            Tool.Run("sync", []);
            kernel = HostTree.Read(mnt);
        }
        finally { Tool.Run("umount", [mnt], allowFailure: true); }

        var fragIno = XfsDb.InodeOf(image, "/fragmented");
        Assert.Contains("core.format = 3 (btree)", XfsDb.Print(image, $"inode {fragIno}", "print core.format"));
        var preIno = XfsDb.InodeOf(image, "/prealloc");
        Assert.Contains(",1]", XfsDb.Print(image, $"inode {preIno}", "print u3.bmx")); // an unwritten extent (flag 1)
        var oracle = XfsDb.Tree(image, kernel);
        Assert.Equal(kernel.Count, oracle.Count);

        using var r = new ImageFileReader(image);
        var fs = Open(r);
        Compare.WalkEquals(fs, oracle, "xfs_db + kernel mount");
        var links = fs.Walk().Where(e => e.Path is "/a/original" or "/b/hardlink" or "/a/second name").ToList();
        Assert.Equal(3, links.Count);
        Assert.Single(links.Select(e => e.Id).Distinct());
        // A walk reads metadata, not the 20 MiB of holes or the image's 300 MiB.
        Assert.True(r.BytesRead < 8 << 20, $"read {r.BytesRead} bytes");
    }

    [Fact]
    public void V4_without_crc_is_refused_with_the_reason()
    {
        var image = Path.Combine(images.Dir, "v4.img");
        Tool.Sparse(image, 300L << 20);
        Tool.Run("mkfs.xfs", ["-q", "-f", "-m", "crc=0", image]);
        Assert.Equal("0xb4a4", XfsDb.Print(image, "sb 0", "print versionnum").Split(" = ")[1].Trim()); // xfs_db: version 4
        using var r = new ImageFileReader(image);
        var result = XfsFileSystem.Probe(r);
        Assert.NotNull(result);
        Assert.Null(result.FileSystem);
        Assert.Equal("XFS v4 (no CRC) not supported", result.UnsupportedReason);
    }

    [Theory]
    [InlineData(0x10u, "needsrepair")]
    [InlineData(0x4000u, "0x4000")]
    [InlineData(0x100u, "metadir")]
    public void Needsrepair_and_unknown_incompatible_features_are_refused_naming_the_bit(uint bit, string named)
    {
        var image = Path.Combine(images.Dir, $"incompat-{bit:x}.img");
        Tool.Run("cp", ["--sparse=always", images.ProtoImage, image]);
        using (var f = new FileStream(image, FileMode.Open))
        {
            var b = new byte[4];
            f.Position = 216; f.ReadExactly(b);
            uint v = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]) | bit;
            f.Position = 216; f.Write([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        }
        using var r = new ImageFileReader(image);
        var result = XfsFileSystem.Probe(r);
        Assert.NotNull(result);
        Assert.Null(result.FileSystem);
        Assert.Contains(named, result.UnsupportedReason);
        File.Delete(image);
    }

    [Fact]
    public void Not_xfs_is_not_claimed()
    {
        var image = Path.Combine(images.Dir, "zeros.img");
        Tool.Sparse(image, 1 << 20);
        using var r = new ImageFileReader(image);
        Assert.Null(XfsFileSystem.Probe(r));
        File.WriteAllBytes(image, "XFS"u8.ToArray()); // shorter than a superblock
        using var r2 = new ImageFileReader(image);
        Assert.Null(XfsFileSystem.Probe(r2));
    }

    [Fact]
    public void A_truncated_image_fails_with_a_clear_error_not_a_hang()
    {
        // Cut at 80 MiB: AG 0 (75 MiB) opens, what the walk needs from the other AGs is gone.
        using var r = new ImageFileReader(images.ProtoImage, length: 80L << 20);
        var fs = Open(r);
        var e = Assert.Throws<DiskFormatException>(() =>
        {
            foreach (var entry in fs.Walk())
                if (entry.Type == FileEntryType.File) { using var s = fs.OpenRead(entry); s.CopyTo(Stream.Null); }
        });
        Assert.Contains("image truncated", e.Message);
        Assert.StartsWith("XFS ", e.Message);

        using var tiny = new ImageFileReader(images.ProtoImage, length: 4096);
        var probe = XfsFileSystem.Probe(tiny);
        Assert.NotNull(probe);
        Assert.Contains("truncated", probe.UnsupportedReason);
    }

    [Fact]
    public void A_corrupt_inode_fails_with_an_error_naming_it()
    {
        var image = Path.Combine(images.Dir, "corrupt-inode.img");
        Tool.Run("cp", ["--sparse=always", images.ProtoImage, image]);
        var ino = XfsDb.InodeOf(image, "/bin");
        // Where xfs_db says the inode lives (convert inode N byte): overwrite its IN magic.
        var conv = XfsDb.Print(image, $"convert inode {ino} byte");
        var at = long.Parse(conv[(conv.IndexOf('(') + 1)..conv.IndexOf(')')]);
        using (var f = new FileStream(image, FileMode.Open)) { f.Position = at; f.Write("XX"u8); }
        using var r = new ImageFileReader(image);
        var fs = Open(r);
        var e = Assert.Throws<DiskFormatException>(() => fs.Walk().ToList());
        Assert.Equal($"XFS inode {ino} has no IN magic", e.Message);
        File.Delete(image);
    }

    [Fact]
    public void Damaged_xfs_metadata_gives_a_format_error_or_a_walk_never_another_failure()
    {
        var image = Path.Combine(images.Dir, "fuzz.img");
        var src = Path.Combine(images.Dir, "fuzz-src");
        Directory.CreateDirectory(Path.Combine(src, "dir"));
        for (int i = 0; i < 400; i++) File.WriteAllText(Path.Combine(src, "dir", $"entry-{i}"), new string('x', i));
        File.WriteAllBytes(Path.Combine(src, "big"), SourceTree.Bytes(200_000, 5));
        var proto = Path.Combine(images.Dir, "fuzz-proto.txt");
        File.WriteAllText(proto, "/dev/null\n0 0\nd--755 0 0\n dir d--755 0 0\n" +
            string.Concat(Enumerable.Range(0, 400).Select(i => $"  entry-{i} ---644 0 0 {Path.Combine(src, "dir", $"entry-{i}")}\n")) +
            $" $\n big ---644 0 0 {Path.Combine(src, "big")}\n sl l--777 0 0 dir/entry-1\n$\n");
        Tool.Sparse(image, 300L << 20);
        Tool.Run("mkfs.xfs", ["-q", "-f", "-i", "nrext64=1", "-p", proto, image]);
        var targets = Fuzzer.FindMagic(image, [("IN"u8.ToArray(), 512), ("XDB3"u8.ToArray(), 4096), ("XDD3"u8.ToArray(), 4096), ("XFSB"u8.ToArray(), 4096)]);
        Assert.True(targets.Count > 20, $"{targets.Count} metadata blocks found");
        using var r = new ImageFileReader(image);
        var (opened, refused, failed, clean) = Fuzzer.Fuzz(r, targets, 512, Fuzzer.Iterations, 2, XfsFileSystem.Probe);
        output.WriteLine($"opened {opened}, refused {refused}, failed {failed}, clean {clean}");
        Assert.True(failed + refused > 40 && opened > 100, $"opened {opened}, refused {refused}, failed {failed}, clean {clean}");
        File.Delete(image);
    }
}
