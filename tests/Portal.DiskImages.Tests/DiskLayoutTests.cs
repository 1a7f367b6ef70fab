namespace Portal.DiskImages.Tests;

/// <summary>
/// Partition tables and the VHD wrapper against sfdisk --json (GPT and MBR, including the EBR chain of an extended
/// partition) and qemu-img: partitions' offsets, sizes, types and names must equal what sfdisk reports, the file
/// systems inside them must match 7-Zip/debugfs, and every volume that is not read must say why.
/// </summary>
[Collection("images")]
public sealed class DiskLayoutTests(Images images)
{
    [Fact]
    public void Mbr_with_an_extended_partition_matches_sfdisk_and_reads_each_file_system()
    {
        var disk = images.MbrDisk;
        var layout = DiskImage.Open(new FileDiskReader(disk));
        Assert.Equal("MBR", layout.PartitionScheme);
        Assert.Equal(ImageFormat.Raw, layout.Format);
        var expected = Images.SfdiskPartitions(disk).Where(p => p.Type != "5").ToList(); // the extended container is no volume
        Assert.Equal(expected.Select(p => (p.Start * 512, p.Size * 512, p.Type)),
            layout.Volumes.Select(v => (v.Partition.Offset, v.Partition.Length, v.Partition.TypeId.TrimStart('0'))));

        var v = layout.Volumes;
        Assert.Equal("ext4", v[0].FileSystem?.Kind);
        ExtOracle.AssertSame(images.Oracle(images.SmallExt4A), ExtOracle.Walk(v[0].FileSystem!));
        Assert.Equal("ext2", v[1].FileSystem?.Kind);
        ExtOracle.AssertSame(images.Oracle(images.SmallExt2B), ExtOracle.Walk(v[1].FileSystem!));
        Assert.Equal("unknown file system (MBR type 0x82: Linux swap)", v[2].SkipReason);
        Assert.Equal("empty partition (all zeros in its first 64 KiB)", v[3].SkipReason);
    }

    [Fact]
    public void Gpt_matches_sfdisk_and_reads_the_root_file_system()
    {
        var disk = images.GptDisk;
        var layout = DiskImage.Open(new FileDiskReader(disk));
        AssertGptLayout(disk, layout);
    }

    [Fact]
    public void Gpt_with_a_corrupt_primary_header_is_read_from_the_backup_header()
    {
        var disk = images.Copy(images.GptDisk, "gpt-bad-primary.img");
        Tools.Poke(disk, 512 + 40, [0xFF, 0xFF]); // first usable LBA changed: the header CRC no longer matches
        var verify = Tools.TryRun(null, "sgdisk", "-v", disk);
        Assert.Contains("Main header: ERROR", verify.Stdout + verify.Stderr); // sgdisk agrees the primary is bad
        Assert.Contains("Backup header: OK", verify.Stdout + verify.Stderr);
        var layout = DiskImage.Open(new FileDiskReader(disk));
        AssertGptLayout(images.GptDisk, layout);
        Assert.Contains(layout.Warnings, w => w.StartsWith("GPT primary header unusable (header CRC32 mismatch at LBA 1"));
    }

    [Fact]
    public void Fixed_vhd_is_the_raw_disk_without_its_footer()
    {
        var vhd = images.FixedVhd;
        var info = System.Text.Json.JsonDocument.Parse(Tools.Run("qemu-img", "info", "-f", "vpc", "--output=json", vhd)).RootElement;
        Assert.Equal("vpc", info.GetProperty("format").GetString());
        var layout = DiskImage.Open(new FileDiskReader(vhd));
        Assert.Equal(ImageFormat.FixedVhd, layout.Format);
        Assert.Equal(info.GetProperty("virtual-size").GetInt64(), layout.DiskLength);
        Assert.Equal(new FileInfo(vhd).Length - 512, layout.DiskLength);
        AssertGptLayout(images.GptDisk, layout);
    }

    [Fact]
    public void Dynamic_vhd_is_refused_with_a_clear_error()
    {
        var e = Assert.Throws<DiskFormatException>(() => DiskImage.Open(new FileDiskReader(images.DynamicVhd)));
        Assert.StartsWith("dynamic VHD not supported", e.Message);
    }

    [Fact]
    public void Vhd_footer_with_a_bad_checksum_is_refused()
    {
        var vhd = images.Copy(images.FixedVhd, "bad-footer.vhd");
        Tools.Poke(vhd, new FileInfo(vhd).Length - 512 + 20, [0x42]); // data offset field changed, checksum kept
        var e = Assert.Throws<DiskFormatException>(() => DiskImage.Open(new FileDiskReader(vhd)));
        Assert.Contains("bad checksum", e.Message);
    }

    [Fact]
    public void A_disk_without_a_partition_table_is_one_volume()
    {
        var layout = DiskImage.Open(new FileDiskReader(images.SmallExt4A));
        Assert.Equal("None", layout.PartitionScheme);
        var v = Assert.Single(layout.Volumes);
        Assert.Equal((0L, new FileInfo(images.SmallExt4A).Length, "None"), (v.Partition.Offset, v.Partition.Length, v.Partition.Scheme));
        Assert.NotNull(v.FileSystem);
    }

    [Fact]
    public void An_all_zero_disk_is_an_empty_volume()
    {
        var p = images.Path("zeros.img");
        Tools.CreateSparse(p, 8 * 1024 * 1024);
        var v = Assert.Single(DiskImage.Open(new FileDiskReader(p)).Volumes);
        Assert.Equal("empty partition (all zeros in its first 64 KiB)", v.SkipReason);
    }

    private void AssertGptLayout(string rawDisk, DiskLayout layout)
    {
        Assert.Equal("GPT", layout.PartitionScheme);
        var expected = Images.SfdiskPartitions(rawDisk);
        Assert.Equal(expected.Select(p => (p.Start * 512, p.Size * 512, p.Type, p.Name)),
            layout.Volumes.Select(v => (v.Partition.Offset, v.Partition.Length, v.Partition.TypeId, v.Partition.Name)));
        Assert.Equal("empty partition (all zeros in its first 64 KiB)", layout.Volumes[0].SkipReason);
        Assert.Equal("ext4", layout.Volumes[1].FileSystem?.Kind);
        ExtOracle.AssertSame(images.Oracle(images.SmallExt4A), ExtOracle.Walk(layout.Volumes[1].FileSystem!));
        Assert.Equal("unknown file system (GPT type 0657FD6D-A4AB-43C4-84E5-0933C84B4F4F: Linux swap)", layout.Volumes[2].SkipReason);
    }
}
