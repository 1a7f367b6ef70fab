using Portal.DiskImages.FileSystems.Ext4;

namespace Portal.DiskImages.Tests;

/// <summary>
/// ext2/3/4 read by the project against 7-Zip's listing (<c>7zz l -slt</c>) and debugfs's extraction
/// (<c>debugfs -R "rdump / dir"</c>): every path, type, size, mode, owner, mtime, inode number, symlink target and
/// content SHA-256 must be equal. debugfs/dumpe2fs also confirm each image really has the case it is meant to test.
/// </summary>
[Collection("images")]
public sealed class ExtReaderTests(Images images)
{
    private static IFileSystem OpenWholeDisk(string image, out DiskLayout layout)
    {
        var reader = new FileDiskReader(image);
        layout = DiskImage.Open(reader);
        Assert.Equal("None", layout.PartitionScheme);
        var volume = Assert.Single(layout.Volumes);
        Assert.True(volume.FileSystem is not null, "not opened: " + volume.SkipReason);
        return volume.FileSystem;
    }

    [Fact]
    public void Ext4_with_default_features_an_htree_directory_holes_and_links_matches_7zip_and_debugfs()
    {
        var image = images.Ext4;
        var features = Tools.Run("dumpe2fs", "-h", image);
        foreach (var f in new[] { "extent", "64bit", "flex_bg", "dir_index", "metadata_csum" }) Assert.Contains(f, features);
        Assert.Contains("Root node dump", Tools.Run("debugfs", "-R", "htree /many", image)); // really an htree

        var fs = OpenWholeDisk(image, out _);
        Assert.Equal("ext4", fs.Kind);
        Assert.Equal("rootfs", fs.Label);
        var ours = ExtOracle.Walk(fs);
        ExtOracle.AssertSame(images.Oracle(image), ours);

        Assert.Equal(10_000, ours.Keys.Count(p => p.StartsWith("/many/", StringComparison.Ordinal)));
        Assert.Contains(ours.Keys, p => p.EndsWith("/level39/bottom.txt", StringComparison.Ordinal) && p.Count(c => c == '/') == 42);
        var links = new[] { "/links/original", "/links/hard-same-dir", "/links/other/hard-other-dir" }.Select(p => ours[p].Inode).Distinct();
        Assert.Single(links);
        Assert.Equal('o', ours["/perm/fifo"].Kind);
        Assert.Equal((1234, 5678, "-rw-r-----"), (ours["/perm/owned"].Uid, ours["/perm/owned"].Gid, ours["/perm/owned"].Mode));
    }

    [Fact]
    public void Ext2_block_maps_up_to_the_triple_indirect_block_match_7zip_and_debugfs()
    {
        var image = images.Ext2;
        Assert.Contains("(TIND)", Tools.Run("debugfs", "-R", "stat /far-sparse.bin", image));
        var fs = OpenWholeDisk(image, out _);
        Assert.Equal("ext2", fs.Kind);
        ExtOracle.AssertSame(images.Oracle(image), ExtOracle.Walk(fs));
    }

    [Fact]
    public void Ext3_matches_7zip_and_debugfs()
    {
        var image = images.Ext3;
        Assert.Contains("has_journal", Tools.Run("dumpe2fs", "-h", image));
        var fs = OpenWholeDisk(image, out _);
        Assert.Equal("ext3", fs.Kind);
        ExtOracle.AssertSame(images.Oracle(image), ExtOracle.Walk(fs));
    }

    [Fact]
    public void Ext4_with_meta_bg_group_descriptors_matches_debugfs()
    {
        var image = images.MetaBgExt4;
        var header = Tools.Run("dumpe2fs", "-h", image);
        Assert.Contains("meta_bg", header);
        var groups = Tools.Run("dumpe2fs", image);
        Assert.Contains("Group 20: (Blocks 163841-172032)", groups);
        var fs = OpenWholeDisk(image, out _);
        var ours = ExtOracle.Walk(fs);
        Assert.Contains(ours.Values, e => e.Inode > 20 * 16); // an inode of a group whose descriptor is in meta group 1
        // 7-Zip cannot open meta_bg file systems: debugfs alone is the oracle.
        ExtOracle.AssertSame(ExtOracle.ReadWithDebugfs(image, images.Dir), ExtOracle.WithoutTimes(ours), "debugfs");
    }

    [Fact]
    public void Inline_data_files_and_directories_match_debugfs()
    {
        var image = images.InlineExt4;
        Assert.Contains("inline_data", Tools.Run("dumpe2fs", "-h", image));
        Assert.Contains("Size of inline data", Tools.Run("debugfs", "-R", "stat /files/size-30", image));
        Assert.Contains("Size of inline data", Tools.Run("debugfs", "-R", "stat /files/size-100", image));
        Assert.Contains("Size of inline data", Tools.Run("debugfs", "-R", "stat /small-dir", image));
        // 7-Zip cannot open inline_data file systems: debugfs alone is the oracle here (rdump's extracted tree for
        // paths, types, symlink targets, modes, owners and content; ls -p for inode numbers and sizes).
        var fs = OpenWholeDisk(image, out _);
        ExtOracle.AssertSame(ExtOracle.ReadWithDebugfs(image, images.Dir), ExtOracle.WithoutTimes(ExtOracle.Walk(fs)), "debugfs");
    }

    [Fact]
    public void A_fragmented_file_with_an_extent_tree_of_depth_one_matches_debugfs()
    {
        var image = images.Fragmented;
        var extents = Tools.Run("debugfs", "-R", "ex /frag/big", image);
        var leaves = extents.Split('\n').Count(l => l.TrimStart().StartsWith("1/ 1", StringComparison.Ordinal));
        Assert.True(leaves > 4, "debugfs shows no depth-1 extent tree with more than 4 extents:\n" + extents);
        var fs = OpenWholeDisk(image, out _);
        var ours = ExtOracle.Walk(fs);
        ExtOracle.AssertSame(images.Oracle(image), ours);
        Assert.Equal(300 * 1024 + 17, ours["/frag/big"].Size);

        // Uninitialised extents: debugfs lists them as Uninit, the blocks under them are not zero, the file reads zeros there.
        var pre = Tools.Run("debugfs", "-R", "ex /frag/prealloc", image).Split('\n').Where(l => l.Contains("Uninit")).ToList();
        Assert.NotEmpty(pre);
        var physical = long.Parse(pre[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[7]); // "0/ 0  3/ 4  3 - 16  52 - 65  14 Uninit"
        var raw = new byte[1024];
        using (var f = File.OpenRead(image)) { f.Position = physical * 1024; f.ReadExactly(raw); }
        Assert.True(raw.Any(b => b != 0), $"block {physical} under the uninitialised extent holds zeros: the case is not tested");
        using var s = fs.OpenRead(fs.Walk().Single(e => e.Path == "/frag/prealloc"));
        var content = new byte[60000];
        s.ReadExactly(content);
        Assert.All(content.Skip(3 * 1024), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Probe_returns_null_for_a_volume_without_an_ext_superblock()
    {
        var reader = new FileDiskReader(images.Swap);
        Assert.Null(Ext4FileSystem.Probe(reader));
    }
}
