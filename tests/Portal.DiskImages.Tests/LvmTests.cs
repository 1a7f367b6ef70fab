using System.Text.Json;

namespace Portal.DiskImages.Tests;

/// <summary>
/// LVM2 as Azure's RHEL images use it (a GPT partition holding a physical volume, the root file system in a logical
/// volume). The volume group is made by the real LVM tools on a loop device over the image's partition
/// (<c>losetup -o/--sizelimit</c>, <c>pvcreate</c>, <c>vgcreate</c>, <c>lvcreate</c>/<c>lvextend</c> with activation
/// off, as there is no device-mapper in the sandbox). Oracle: the LVM tools' own report of each volume's segments
/// (<c>lvs --segments</c>, <c>pvs -o pe_start</c>), the file systems written through those segments, then compared
/// with 7-Zip/debugfs on the file-system images.
/// </summary>
[Collection("images")]
public sealed class LvmTests(Images images)
{
    [Fact]
    public void Logical_volumes_in_a_gpt_partition_are_read_through_their_segments()
    {
        var disk = images.Path("lvm.img");
        Tools.CreateSparse(disk, 40L * 1024 * 1024);
        Tools.Run("sgdisk", "-n", "1:2048:0", "-t", "1:8e00", "-c", "1:lvm", disk);
        var part = Assert.Single(Images.SfdiskPartitions(disk));
        var vg = "vgtest" + Environment.ProcessId;
        var loop = Tools.Run("losetup", "-f", "--show", "-o", (part.Start * 512).ToString(), "--sizelimit", (part.Size * 512).ToString(), disk).Trim();
        string segmentsJson, peStart;
        try
        {
            string[] Lvm(params string[] a) => [.. a, "--devices", loop, "--config", "global { activation = 0 }"];
            Tools.Run("pvcreate", Lvm("-q", loop));
            Tools.Run("vgcreate", Lvm("-q", "-s", "4M", vg, loop));
            Tools.Run("lvcreate", Lvm("-q", "-an", "-Zn", "-L", "8M", "-n", "root", vg));
            Tools.Run("lvcreate", Lvm("-q", "-an", "-Zn", "-L", "8M", "-n", "data", vg));
            Tools.Run("lvextend", Lvm("-q", "-L", "16M", $"{vg}/root")); // root: PEs 0-1 then 4-5, around data's 2-3
            segmentsJson = Tools.Run("lvs", Lvm("--reportformat", "json", "--segments", "--units", "b", "--nosuffix",
                "-o", "lv_name,seg_start_pe,seg_size_pe,seg_pe_ranges", vg));
            peStart = Tools.Run("pvs", Lvm("--noheadings", "--units", "b", "--nosuffix", "-o", "pe_start", loop)).Trim();
        }
        finally
        {
            Tools.TryRun(null, "losetup", "-d", loop);
        }

        // Write each file system through the segments LVM reports: "/dev/loopN:4-5" = PEs 4..5 of the PV.
        const long extent = 4L * 1024 * 1024;
        var pvOffset = part.Start * 512 + long.Parse(peStart);
        var root = images.Path("lv-root.img");
        Tools.Run("mkfs.ext4", "-q", "-F", "-L", "lvroot", "-d", images.SmallTreeA, root, "16M");
        var data = images.Path("lv-data.img");
        Tools.Run("mkfs.ext2", "-q", "-F", "-d", images.SmallTreeB, data, "8M");
        var segments = JsonDocument.Parse(segmentsJson).RootElement.GetProperty("report")[0].GetProperty("seg").EnumerateArray()
            .Select(s => (Lv: s.GetProperty("lv_name").GetString()!, Start: long.Parse(s.GetProperty("seg_start_pe").GetString()!),
                Size: long.Parse(s.GetProperty("seg_size_pe").GetString()!),
                Pe: long.Parse(s.GetProperty("seg_pe_ranges").GetString()!.Split(':')[1].Split('-')[0]))).ToList();
        Assert.Equal(2, segments.Count(s => s.Lv == "root")); // the case this test is about: a volume in two pieces
        foreach (var s in segments)
            Tools.WriteAt(disk, pvOffset + s.Pe * extent, s.Lv == "root" ? root : data, s.Start * extent, s.Size * extent);

        var layout = DiskImage.Open(new FileDiskReader(disk));
        Assert.Equal("GPT", layout.PartitionScheme);
        Assert.Equal(3, layout.Volumes.Count);
        Assert.Equal($"LVM physical volume of vg '{vg}': see its logical volumes", layout.Volumes[0].SkipReason);
        var lvRoot = layout.Volumes.Single(v => v.Partition.Name == "root");
        var lvData = layout.Volumes.Single(v => v.Partition.Name == "data");
        Assert.Equal(("LVM", $"{vg}/root", 16L * 1024 * 1024), (lvRoot.Partition.Scheme, lvRoot.Partition.TypeId, lvRoot.Partition.Length));
        Assert.Equal(pvOffset + segments.Single(s => s.Lv == "root" && s.Start == 0).Pe * extent, lvRoot.Partition.Offset);
        Assert.Equal("lvroot", lvRoot.FileSystem?.Label);
        ExtOracle.AssertSame(images.Oracle(root), ExtOracle.Walk(lvRoot.FileSystem!));
        Assert.Equal("ext2", lvData.FileSystem?.Kind);
        ExtOracle.AssertSame(images.Oracle(data), ExtOracle.Walk(lvData.FileSystem!));
    }

    [Fact]
    public void A_striped_volume_and_a_volume_on_a_missing_physical_volume_are_reported_not_read()
    {
        var disk = images.Path("lvm-two-pvs.img");
        Tools.CreateSparse(disk, 64L * 1024 * 1024);
        Tools.Run("sgdisk", "-n", "1:2048:+28M", "-t", "1:8e00", "-n", "2:0:0", "-t", "2:8e00", disk);
        var parts = Images.SfdiskPartitions(disk);
        var vg = "vgstripe" + Environment.ProcessId;
        var loops = parts.Select(p => Tools.Run("losetup", "-f", "--show", "-o", (p.Start * 512).ToString(),
            "--sizelimit", (p.Size * 512).ToString(), disk).Trim()).ToList();
        try
        {
            string[] Lvm(params string[] a) => [.. a, "--devices", loops[0], "--devices", loops[1], "--config", "global { activation = 0 }"];
            Tools.Run("pvcreate", Lvm("-q", loops[0], loops[1]));
            Tools.Run("vgcreate", Lvm("-q", "-s", "4M", vg, loops[0], loops[1]));
            Tools.Run("lvcreate", Lvm("-q", "-an", "-Zn", "-i", "2", "-I", "64k", "-L", "8M", "-n", "striped", vg));
            Tools.Run("lvcreate", Lvm("-q", "-an", "-Zn", "-L", "4M", "-n", "on-second", vg, loops[1]));
            Tools.Run("lvcreate", Lvm("-q", "-an", "-Zn", "-L", "8M", "-n", "on-first", vg, loops[0]));
            var report = Tools.Run("lvs", Lvm("--noheadings", "-o", "lv_name,stripes,devices", vg));
            Assert.Matches(@"striped\s+2\s", report); // LVM agrees: two stripes
        }
        finally
        {
            foreach (var l in loops) Tools.TryRun(null, "losetup", "-d", l);
        }

        var layout = DiskImage.Open(new FileDiskReader(disk));
        Assert.Equal(2 + 3, layout.Volumes.Count);
        Assert.All(layout.Volumes.Take(2), v => Assert.Equal($"LVM physical volume of vg '{vg}': see its logical volumes", v.SkipReason));
        var byName = layout.Volumes.Skip(2).ToDictionary(v => v.Partition.Name!);
        Assert.Equal("LVM striped volume (2 stripes) not supported (only linear volumes are read)", byName["striped"].SkipReason);
        Assert.Equal("empty partition (all zeros in its first 64 KiB)", byName["on-second"].SkipReason); // linear: read, nothing written
        Assert.Equal(8L * 1024 * 1024, byName["on-first"].Partition.Length);

        // The same disk without the second PV's label: a volume group spanning a disk that is not here.
        var half = images.Copy(disk, "lvm-one-pv.img");
        Tools.Poke(half, parts[1].Start * 512 + 512, new byte[512]); // LABELONE lives in sector 1
        var partial = DiskImage.Open(new FileDiskReader(half)).Volumes.Skip(2).ToDictionary(v => v.Partition.Name!);
        Assert.StartsWith("LVM volume spans physical volume pv", partial["on-second"].SkipReason);
        Assert.EndsWith("which is not on this disk", partial["on-second"].SkipReason);
        Assert.Equal("empty partition (all zeros in its first 64 KiB)", partial["on-first"].SkipReason);
    }

    /// <summary>LVM writes each new metadata version after the previous one in a circular buffer: with a small
    /// metadata area (pvcreate --metadatasize 32k) a few dozen changes make the current text wrap around its end.</summary>
    [Fact]
    public void Metadata_text_that_wraps_around_the_circular_buffer_is_read()
    {
        var disk = images.Path("lvm-wrap.img");
        Tools.CreateSparse(disk, 48L * 1024 * 1024);
        var vg = "vgwrap" + Environment.ProcessId;
        var loop = Tools.Run("losetup", "-f", "--show", disk).Trim();
        var created = new List<string>();
        string lvs;
        try
        {
            string[] Lvm(params string[] a) => [.. a, "--devices", loop, "--config", "global { activation = 0 }"];
            Tools.Run("pvcreate", Lvm("-q", "--metadatasize", "32k", "--dataalignment", "64k", loop));
            Tools.Run("vgcreate", Lvm("-q", "-s", "1M", vg, loop));
            for (var i = 1; i <= 40 && !Wrapped(disk); i++)
            {
                Tools.Run("lvcreate", Lvm("-q", "-an", "-Zn", "-L", "1M", "-n", $"lv{i:00}", vg));
                created.Add($"lv{i:00}");
            }
            lvs = Tools.Run("lvs", Lvm("--noheadings", "-o", "lv_name", vg));
        }
        finally
        {
            Tools.TryRun(null, "losetup", "-d", loop);
        }
        Assert.True(Wrapped(disk), "the metadata text never wrapped around the metadata area");
        var expected = lvs.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order().ToList();
        Assert.Equal(created, expected);
        var layout = DiskImage.Open(new FileDiskReader(disk));
        Assert.Equal("None", layout.PartitionScheme);
        Assert.Equal($"LVM physical volume of vg '{vg}': see its logical volumes", layout.Volumes[0].SkipReason);
        Assert.Equal(expected, layout.Volumes.Skip(1).Select(v => v.Partition.Name!).Order().ToList());
    }

    /// <summary>Whether the current metadata text (raw location 0 of the area header at 4 KiB) runs past the area's end.</summary>
    private static bool Wrapped(string disk)
    {
        var header = new byte[512];
        using (var f = File.OpenRead(disk)) { f.Position = 4096; f.ReadExactly(header); }
        var size = BitConverter.ToInt64(header, 32);
        var offset = BitConverter.ToInt64(header, 40);
        var length = BitConverter.ToInt64(header, 48);
        return offset + length > size;
    }
}
