using System.Diagnostics;

namespace Portal.DiskImages.Tests;

/// <summary>Truncated and corrupt images end in a clear, specific error for the volume concerned — never a hang,
/// never a crash of the whole disk. Corruptions are made with debugfs (links, inode fields) or by overwriting
/// superblock fields at their documented offsets.</summary>
[Collection("images")]
public sealed class CorruptImageTests(Images images)
{
    [Fact]
    public void A_truncated_disk_reports_the_partitions_that_run_past_its_end()
    {
        var disk = images.Copy(images.GptDisk, "gpt-truncated.img");
        using (var f = new FileStream(disk, FileMode.Open)) f.SetLength(12 * 1024 * 1024); // inside the root partition
        var layout = DiskImage.Open(new FileDiskReader(disk)); // the primary GPT header is intact; the backup is gone
        Assert.Equal(3, layout.Volumes.Count);
        Assert.Equal("empty partition (all zeros in its first 64 KiB)", layout.Volumes[0].SkipReason);
        Assert.Contains("runs past the end of the disk", layout.Volumes[1].SkipReason);
        Assert.Contains("runs past the end of the disk", layout.Volumes[2].SkipReason);
    }

    [Fact]
    public void A_truncated_file_system_is_refused_with_its_size()
    {
        var image = images.Copy(images.SmallExt4A, "ext4-truncated.img");
        using (var f = new FileStream(image, FileMode.Open)) f.SetLength(5 * 1024 * 1024);
        var v = Assert.Single(DiskImage.Open(new FileDiskReader(image)).Volumes);
        Assert.Null(v.FileSystem);
        Assert.Contains("truncated image", v.SkipReason);
    }

    [Theory]
    [InlineData(0x28, new byte[] { 0, 0, 0, 0 }, "corrupt ext superblock: s_inodes_per_group 0")]
    [InlineData(0x18, new byte[] { 40, 0, 0, 0 }, "corrupt ext superblock: s_log_block_size 40")]
    [InlineData(0x58, new byte[] { 100, 0 }, "corrupt ext superblock: inode size 100")]
    public void A_corrupt_superblock_gives_the_field_that_is_wrong(int field, byte[] value, string expected)
    {
        var image = images.Copy(images.SmallExt4A, $"ext4-bad-sb-{field:x}.img");
        Tools.Poke(image, 1024 + field, value);
        var v = Assert.Single(DiskImage.Open(new FileDiskReader(image)).Volumes);
        Assert.Null(v.FileSystem);
        Assert.StartsWith(expected, v.SkipReason);
    }

    [Fact]
    public void An_unsupported_incompat_feature_is_refused_by_name()
    {
        var image = images.Copy(images.SmallExt4A, "ext4-dirdata.img");
        var sb = File.ReadAllBytes(image).AsSpan(1024 + 0x60, 4).ToArray();
        sb[1] |= 0x10; // INCOMPAT_DIRDATA (0x1000)
        Tools.Poke(image, 1024 + 0x60, sb);
        var v = Assert.Single(DiskImage.Open(new FileDiskReader(image)).Volumes);
        Assert.Equal("ext4 incompatible features 0x1000 not supported (compression, dirdata or newer features)", v.SkipReason);
    }

    [Fact]
    public void A_directory_loop_ends_the_walk_with_an_error()
    {
        var image = images.Copy(images.SmallExt4A, "ext4-loop.img");
        Tools.Run("debugfs", "-w", "-R", "link / /data/back-to-root", image); // a second name for the root directory
        Assert.Contains("back-to-root", Tools.Run("debugfs", "-R", "ls -l /data", image));
        var fs = Assert.Single(DiskImage.Open(new FileDiskReader(image)).Volumes).FileSystem!;
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<DiskFormatException>(() => fs.Walk().ToList());
        Assert.Contains("directory loop: /data/back-to-root is inode 2", e.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_corrupt_extent_header_fails_the_file_not_the_volume()
    {
        var image = images.Copy(images.SmallExt4A, "ext4-bad-extent.img");
        Tools.Run("debugfs", "-w", "-R", "sif /data/blob.bin block[0] 0x1234", image);
        var fs = Assert.Single(DiskImage.Open(new FileDiskReader(image)).Volumes).FileSystem!;
        var entries = fs.Walk().ToList();
        var blob = entries.Single(e => e.Path == "/data/blob.bin");
        var e = Assert.Throws<DiskFormatException>(() => fs.OpenRead(blob));
        Assert.Contains("bad extent header magic", e.Message);
        using var other = fs.OpenRead(entries.Single(x => x.Path == "/marker.txt"));
        Assert.Equal("partition A\n", new StreamReader(other).ReadToEnd());
    }

    [Fact]
    public void A_looping_ebr_chain_is_reported_and_the_partitions_before_the_loop_are_read()
    {
        var disk = images.Copy(images.MbrDisk, "mbr-loop.img");
        var parts = Images.SfdiskPartitions(disk);
        var extStart = parts[1].Start;
        var bytes = File.ReadAllBytes(disk);
        // The first EBR (at the start of the extended partition) points at the second; make the second point at itself.
        var first = bytes.AsSpan((int)(extStart * 512), 512);
        Assert.True(first[510] == 0x55 && first[511] == 0xAA && first[462 + 4] == 0x05, "no EBR chain where sfdisk put it");
        var secondRel = BitConverter.ToUInt32(first[(462 + 8)..]);
        Tools.Poke(disk, (extStart + secondRel) * 512 + 462 + 8, BitConverter.GetBytes(secondRel));
        var layout = DiskImage.Open(new FileDiskReader(disk));
        Assert.Contains(layout.Warnings, w => w.Contains("EBR chain loops back to sector " + (extStart + secondRel)));
        Assert.Equal(3, layout.Volumes.Count); // p1, the first logical and the second; the third is behind the loop
        Assert.NotNull(layout.Volumes[0].FileSystem);
        Assert.NotNull(layout.Volumes[1].FileSystem);
    }
}
