using System.Text.Json;

namespace Portal.DiskImages.Tests;

/// <summary>
/// The generated images, made once per test run (lazily, so a filtered run builds only what it needs) in a
/// temporary directory: file-system images from the source trees with mkfs -d, then whole disks assembled from
/// them with sfdisk/sgdisk and qemu-img. The oracle's view of each file-system image is computed once too.
/// </summary>
public sealed class Images : IDisposable
{
    private readonly TempDir _dir = new("diskimages-tests");
    private readonly Lazy<string> _fullTree, _blockMapTree, _journalTree, _smallTreeA, _smallTreeB, _inlineTree;
    private readonly Dictionary<string, Lazy<string>> _images = new();
    private readonly Dictionary<string, Dictionary<string, Entry>> _oracles = new();
    private readonly object _lock = new();

    public Images()
    {
        _fullTree = new(() => Tree("tree-full", d => SourceTree.Full(d)));
        // Smaller big directories for ext2/3 keep the run short; ext2 gets the file only a triple-indirect block reaches.
        _blockMapTree = new(() => Tree("tree-blockmap", d => SourceTree.Full(d, farSparse: true, manyEntries: 2000)));
        _journalTree = new(() => Tree("tree-journal", d => SourceTree.Full(d, manyEntries: 300)));
        _smallTreeA = new(() => Tree("tree-a", d => SourceTree.Small(d, "partition A")));
        _smallTreeB = new(() => Tree("tree-b", d => SourceTree.Small(d, "partition B")));
        _inlineTree = new(() => Tree("tree-inline", SourceTree.InlineData));
    }

    public string Dir => _dir.Path;
    public string SmallTreeA => _smallTreeA.Value;
    public string SmallTreeB => _smallTreeB.Value;
    public string Path(string name) => _dir[name];

    /// <summary>ext4 with Debian's default features (extents, 64bit, flex_bg, metadata_csum), 4 KiB blocks, the big
    /// directory indexed as an htree by e2fsck -D.</summary>
    public string Ext4 => Image("ext4.img", p =>
    {
        Tools.Run("mkfs.ext4", "-q", "-F", "-b", "4096", "-N", "12000", "-L", "rootfs", "-d", _fullTree.Value, p, "48M");
        Fsck(p);
    });

    /// <summary>ext2 with 1 KiB blocks: block maps up to the triple-indirect block.</summary>
    public string Ext2 => Image("ext2.img", p =>
    {
        Tools.Run("mkfs.ext2", "-q", "-F", "-b", "1024", "-N", "4000", "-d", _blockMapTree.Value, p, "32M");
        Fsck(p);
    });

    public string Ext3 => Image("ext3.img", p =>
    {
        Tools.Run("mkfs.ext3", "-q", "-F", "-b", "1024", "-N", "2000", "-d", _journalTree.Value, p, "24M");
        Fsck(p);
    });

    /// <summary>meta_bg with 1 KiB blocks, 32 groups and 16 inodes per group: the descriptors of groups 16-31 sit in
    /// group 16, not after the superblock, and the tree's inodes spread into those groups.</summary>
    public string MetaBgExt4 => Image("metabg.img", p =>
        Tools.Run("mkfs.ext4", "-q", "-F", "-b", "1024", "-O", "meta_bg,^resize_inode", "-N", "512", "-d", _journalTree.Value, p, "256M"));

    public string InlineExt4 => Image("inline.img", p =>
        Tools.Run("mkfs.ext4", "-q", "-F", "-O", "inline_data", "-I", "256", "-d", _inlineTree.Value, p, "16M"));

    public string SmallExt4A => Image("small-a.img", p => Tools.Run("mkfs.ext4", "-q", "-F", "-d", _smallTreeA.Value, p, "12M"));
    public string SmallExt2B => Image("small-b.img", p => Tools.Run("mkfs.ext2", "-q", "-F", "-d", _smallTreeB.Value, p, "8M"));

    /// <summary>A file made fragmented on purpose: 60 files of 8 KiB written with debugfs, every other one removed,
    /// then a 300 KiB file written into the gaps (more extents than fit in the inode: an extent tree of depth 1);
    /// and a file with uninitialised extents (debugfs fallocate) over blocks a deleted file filled with 0xFF.</summary>
    public string Fragmented => Image("frag.img", p =>
    {
        Tools.Run("mkfs.ext4", "-q", "-F", "-b", "1024", "-O", "^has_journal", p, "8M");
        var chunk = _dir["chunk8k"];
        File.WriteAllBytes(chunk, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray());
        var big = _dir["big300k"];
        var rnd = new Random(5);
        var data = new byte[300 * 1024 + 17];
        rnd.NextBytes(data);
        File.WriteAllBytes(big, data);
        var script = new List<string> { "mkdir /frag", "cd /frag" };
        for (var i = 0; i < 60; i++) script.Add($"write {chunk} c{i:00}");
        for (var i = 1; i < 60; i += 2) script.Add($"rm c{i:00}");
        script.Add($"write {big} big");
        // Preallocated (uninitialised) extents over blocks that still hold an old file's 0xFF bytes: they must read as zeros.
        var ff = _dir["ff100k"];
        File.WriteAllBytes(ff, Enumerable.Repeat((byte)0xFF, 100 * 1024).ToArray());
        var head = _dir["head3k"];
        File.WriteAllBytes(head, data.AsSpan(0, 3000).ToArray());
        script.AddRange([$"write {ff} ff", "rm ff", $"write {head} prealloc", "fallocate /frag/prealloc 3 60", "sif /frag/prealloc size 60000"]);
        var cmd = _dir["frag.cmd"];
        File.WriteAllLines(cmd, script);
        Tools.Run("debugfs", "-w", "-f", cmd, p);
    });

    public string Swap => Image("swap.img", p =>
    {
        Tools.CreateSparse(p, 4 * 1024 * 1024);
        Tools.Run("mkswap", p);
    });

    /// <summary>MBR: a primary ext4, then an extended partition with an ext2, a swap and an empty logical partition.</summary>
    public string MbrDisk => Image("mbr.img", p =>
    {
        Tools.CreateSparse(p, 48L * 1024 * 1024);
        var script = _dir["mbr.sfdisk"];
        File.WriteAllText(script, "label: dos\n,14M,83\n,,5\n,10M,83\n,4M,82\n,4M,83\n");
        Tools.Run("sh", "-c", $"sfdisk -q '{p}' < '{script}'");
        var parts = SfdiskPartitions(p);
        Tools.WriteAt(p, parts[0].Start * 512, SmallExt4A);
        Tools.WriteAt(p, parts[2].Start * 512, SmallExt2B);
        Tools.WriteAt(p, parts[3].Start * 512, Swap);
    });

    /// <summary>GPT: an empty EFI system partition, an ext4 root, a swap partition.</summary>
    public string GptDisk => Image("gpt.img", p =>
    {
        Tools.CreateSparse(p, 40L * 1024 * 1024);
        Tools.Run("sgdisk", "-n", "1:2048:+4M", "-t", "1:ef00", "-c", "1:EFI System",
            "-n", "2:0:+14M", "-t", "2:8300", "-c", "2:root fs",
            "-n", "3:0:+4M", "-t", "3:8200", "-c", "3:swap", p);
        var parts = SfdiskPartitions(p);
        Tools.WriteAt(p, parts[1].Start * 512, SmallExt4A);
        Tools.WriteAt(p, parts[2].Start * 512, Swap);
    });

    public string FixedVhd => Image("gpt-fixed.vhd", p =>
        Tools.Run("qemu-img", "convert", "-f", "raw", "-O", "vpc", "-o", "subformat=fixed,force_size=on", GptDisk, p));

    public string DynamicVhd => Image("gpt-dynamic.vhd", p =>
        Tools.Run("qemu-img", "convert", "-f", "raw", "-O", "vpc", "-o", "subformat=dynamic", GptDisk, p));

    /// <summary>The oracle's view (7zz listing + debugfs content) of a file-system image, computed once.</summary>
    internal Dictionary<string, Entry> Oracle(string fsImage)
    {
        lock (_lock)
        {
            if (!_oracles.TryGetValue(fsImage, out var o))
                _oracles[fsImage] = o = ExtOracle.Read(fsImage, _dir.Path);
            return o;
        }
    }

    /// <summary>The partitions as sfdisk --json reports them (GPT or MBR).</summary>
    internal static List<SfdiskPartition> SfdiskPartitions(string disk)
    {
        using var doc = JsonDocument.Parse(Tools.Run("sfdisk", "--json", disk));
        return doc.RootElement.GetProperty("partitiontable").GetProperty("partitions").EnumerateArray()
            .Select(e => new SfdiskPartition(e.GetProperty("start").GetInt64(), e.GetProperty("size").GetInt64(),
                e.GetProperty("type").GetString()!, e.TryGetProperty("name", out var n) ? n.GetString() : null))
            .ToList();
    }

    public string Copy(string image, string name)
    {
        var p = _dir[name];
        File.Copy(image, p, overwrite: true);
        return p;
    }

    private string Image(string name, Action<string> make)
    {
        Lazy<string> lazy;
        lock (_lock)
        {
            if (!_images.TryGetValue(name, out lazy!))
                _images[name] = lazy = new Lazy<string>(() => { var p = _dir[name]; make(p); return p; });
        }
        return lazy.Value;
    }

    private string Tree(string name, Action<string> make)
    {
        var d = _dir[name];
        make(d);
        return d;
    }

    /// <summary>e2fsck -D rebuilds directory indexes (mkfs -d writes the big directory linear); exit 1 = "fixed".</summary>
    private static void Fsck(string image)
    {
        var (code, stdout, stderr) = Tools.TryRun(null, "e2fsck", "-fyD", image);
        if (code > 1) throw new InvalidOperationException($"e2fsck -fyD {image} exited {code}: {stdout}{stderr}");
    }

    public void Dispose() => _dir.Dispose();
}

internal sealed record SfdiskPartition(long Start, long Size, string Type, string? Name);

[CollectionDefinition("images")]
public sealed class ImagesCollection : ICollectionFixture<Images>;
