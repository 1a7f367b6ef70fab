using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Portal.DiskImages.FileSystems.Ntfs;

namespace Portal.DiskImages.FsTests;

/// <summary>
/// NTFS images made by Debian's ntfs-3g package: <c>mkntfs -F -Q -s 512</c> on a sparse file, populated through the
/// ntfs-3g FUSE driver (cp -a of <see cref="SourceTree"/>, hard links, a sparse file, an LZNT1-compressed directory,
/// Windows symlink and junction reparse points and an alternate data stream written through ntfs-3g's xattrs, 40
/// hard links forcing an $ATTRIBUTE_LIST, a fragmented file on a filled-up volume). Oracle: 7-Zip
/// (<c>7zz l -slt</c> for paths, types, sizes, MFT record numbers, link targets, mtimes, attributes;
/// <c>7zz x</c> for content). ntfsinfo shows that the awkward structures are really there.
/// </summary>
public sealed class NtfsImages : IDisposable
{
    public readonly string Dir = Tool.TempDir("ntfs-fs-tests");
    public string Image => Path.Combine(Dir, "main.img");
    public string Small => Path.Combine(Dir, "small.img");
    public const string CompressibleText = "/compressed/text.log";
    public const string FragmentedFile = "/frag.bin";

    public NtfsImages()
    {
        var src = Path.Combine(Dir, "src");
        SourceTree.Write(src, spacesInNames: true);
        Tool.Sparse(Image, 128L << 20);
        Tool.Run("mkntfs", ["-F", "-Q", "-q", "-s", "512", "-L", "ntfslabel", Image]);
        var mnt = Mount(Image);
        try
        {
            Tool.Run("cp", ["-a", src + "/.", mnt]);
            Directory.CreateDirectory(Path.Combine(mnt, "hard"));
            File.WriteAllText(Path.Combine(mnt, "hard", "base"), "one file, many names\n");
            for (int i = 1; i <= 40; i++) Tool.Run("ln", [Path.Combine(mnt, "hard", "base"), Path.Combine(mnt, "hard", $"link-{i:00}")]);
            Tool.Run("ln", [Path.Combine(mnt, "hard", "base"), Path.Combine(mnt, "bin", "elsewhere")]);
            using (var f = new FileStream(Path.Combine(mnt, "sparse.bin"), FileMode.Create))
            {
                f.Write(SourceTree.Bytes(70_000, 7));
                f.Position = 6 << 20; f.Write(SourceTree.Bytes(5000, 8));
                f.SetLength(16 << 20);
            }
            // A directory marked compressed (FILE_ATTRIBUTE_COMPRESSED 0x800): ntfs-3g -o compression writes LZNT1.
            var comp = Path.Combine(mnt, "compressed");
            Directory.CreateDirectory(comp);
            Xattr.Set(comp, "system.ntfs_attrib", BitConverter.GetBytes(0x10 | 0x800));
            File.WriteAllText(Path.Combine(mnt, CompressibleText[1..]),
                string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i:000000} GET /index.html 200 {i * 7 % 1000}\n")));
            File.WriteAllBytes(Path.Combine(comp, "random.bin"), SourceTree.Bytes(150_000, 9)); // units stored raw
            File.WriteAllBytes(Path.Combine(comp, "mixed.bin"), [.. SourceTree.Bytes(70_000, 10), .. new byte[200_000], .. "tail"u8]);
            File.WriteAllText(Path.Combine(mnt, "target.txt"), "symlink target\n");
            File.WriteAllBytes(Path.Combine(mnt, "winlink"), []);
            Xattr.Set(Path.Combine(mnt, "winlink"), "system.ntfs_reparse_data", Reparse.Symlink("target.txt"));
            Directory.CreateDirectory(Path.Combine(mnt, "junction"));
            Xattr.Set(Path.Combine(mnt, "junction"), "system.ntfs_reparse_data", Reparse.Junction(@"C:\Windows"));
            Xattr.Set(Path.Combine(mnt, "target.txt"), "user.hidden", "an alternate data stream"u8.ToArray());
        }
        finally { Unmount(mnt); }

        // A small volume filled with 8 KiB files, every other one removed, then a 1 MB file: it can only be fragmented.
        Tool.Sparse(Small, 8L << 20);
        Tool.Run("mkntfs", ["-F", "-Q", "-q", "-s", "512", Small]);
        mnt = Mount(Small);
        try
        {
            var fill = Path.Combine(mnt, "fill");
            Directory.CreateDirectory(fill);
            var zeros = new byte[8192];
            int n = 0;
            try { for (; n < 2000; n++) File.WriteAllBytes(Path.Combine(fill, $"f{n:0000}"), SourceTree.Bytes(8192, n)); }
            catch (IOException) { } // volume full
            for (int i = 0; i < n; i += 2) File.Delete(Path.Combine(fill, $"f{i:0000}"));
            File.WriteAllBytes(Path.Combine(mnt, FragmentedFile[1..]), SourceTree.Bytes(1_000_000, 11));
        }
        finally { Unmount(mnt); }
    }

    public string Mount(string image)
    {
        var mnt = Path.Combine(Dir, "mnt-" + Path.GetFileNameWithoutExtension(image));
        Directory.CreateDirectory(mnt);
        Tool.Run("ntfs-3g", ["-o", "compression,streams_interface=xattr", image, mnt]);
        return mnt;
    }

    public static void Unmount(string mnt) => Tool.Run("umount", [mnt]);

    public void Dispose()
    {
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}

static class Xattr
{
    [DllImport("libc", SetLastError = true)]
    static extern int setxattr(string path, string name, byte[] value, nuint size, int flags);

    public static void Set(string path, string name, byte[] value)
    {
        if (setxattr(path, name, value, (nuint)value.Length, 0) != 0)
            throw new IOException($"setxattr {name} on {path} failed: errno {Marshal.GetLastPInvokeError()}");
    }
}

/// <summary>Reparse buffers as Windows writes them (MS-FSCC 2.1.2): IO_REPARSE_TAG_SYMLINK and _MOUNT_POINT.</summary>
static class Reparse
{
    public static byte[] Symlink(string relativeTarget)
    {
        var t = Encoding.Unicode.GetBytes(relativeTarget);
        var data = new List<byte>();
        data.AddRange(BitConverter.GetBytes((ushort)0)); data.AddRange(BitConverter.GetBytes((ushort)t.Length));
        data.AddRange(BitConverter.GetBytes((ushort)t.Length)); data.AddRange(BitConverter.GetBytes((ushort)t.Length));
        data.AddRange(BitConverter.GetBytes(1u)); // SYMLINK_FLAG_RELATIVE
        data.AddRange(t); data.AddRange(t);
        return [.. BitConverter.GetBytes(0xA000000Cu), .. BitConverter.GetBytes((ushort)data.Count), 0, 0, .. data];
    }

    public static byte[] Junction(string target)
    {
        var sub = Encoding.Unicode.GetBytes(@"\??\" + target);
        var prn = Encoding.Unicode.GetBytes(target);
        var data = new List<byte>();
        data.AddRange(BitConverter.GetBytes((ushort)0)); data.AddRange(BitConverter.GetBytes((ushort)sub.Length));
        data.AddRange(BitConverter.GetBytes((ushort)(sub.Length + 2))); data.AddRange(BitConverter.GetBytes((ushort)prn.Length));
        data.AddRange(sub); data.AddRange([0, 0]); data.AddRange(prn); data.AddRange([0, 0]);
        return [.. BitConverter.GetBytes(0xA0000003u), .. BitConverter.GetBytes((ushort)data.Count), 0, 0, .. data];
    }
}

/// <summary>7-Zip as the oracle for an NTFS image: every item of <c>7zz l -slt</c> outside its [SYSTEM] / [DELETED]
/// folders and alternate streams, and the SHA-256 of each file <c>7zz x</c> extracts.</summary>
static class SevenZip
{
    public sealed record Item(Dictionary<string, string> Fields)
    {
        public string this[string key] => Fields.TryGetValue(key, out var v) ? v : "";
    }

    public static List<Item> List(string image)
    {
        var output = Tool.Run("7zz", ["l", "-slt", image], timeoutSeconds: 120);
        var body = output[(output.IndexOf("\n----------\n", StringComparison.Ordinal) + 12)..];
        var items = new List<Item>();
        foreach (var block in body.Split("\n\n"))
        {
            var fields = new Dictionary<string, string>();
            foreach (var line in block.Split('\n'))
            {
                int eq = line.IndexOf(" = ", StringComparison.Ordinal);
                if (eq > 0) fields[line[..eq]] = line[(eq + 3)..];
                else if (line.EndsWith(" =", StringComparison.Ordinal)) fields[line[..^2]] = "";
            }
            if (fields.ContainsKey("Path")) items.Add(new Item(fields));
        }
        return items;
    }

    public static Dictionary<string, Expected> Tree(string image, string workDir)
    {
        var items = List(image).Where(i => !i["Path"].StartsWith('[') && i["Alternate Stream"] != "+").ToList();
        var extracted = Path.Combine(workDir, "7zx-" + Path.GetFileNameWithoutExtension(image));
        var x = Tool.RunFull("7zz", ["x", "-y", "-snl", $"-o{extracted}", image, "-x![SYSTEM]", "-x![DELETED]"], timeoutSeconds: 120, allowFailure: true);
        // 7-Zip 26 fails ("Data Error") on sparse files whose $DATA carries a compression unit without being
        // compressed, as ntfs-3g writes them: for those files only, ntfs-3g's own ntfscat is the content oracle.
        var dataErrors = x.Stderr.Split('\n').Where(l => l.StartsWith("ERROR: Data Error : ", StringComparison.Ordinal))
            .Select(l => "/" + l["ERROR: Data Error : ".Length..].Trim()).ToHashSet();
        if (x.Exit != 0 && dataErrors.Count == 0) throw new InvalidOperationException($"7zz x failed: {x.Stderr}");
        DataErrorFallbacks = dataErrors;
        var result = new Dictionary<string, Expected>();
        foreach (var i in items)
        {
            var path = "/" + i["Path"];
            var link = i["Link"];
            FileEntryType type;
            string? target = null;
            if (link.Length > 0)
            {
                type = FileEntryType.Symlink;
                // 7-Zip shows a junction as "Junction: <substitute name> : <print name>"; the reader gives the print name.
                target = link.StartsWith("Junction: ", StringComparison.Ordinal) ? link[(link.LastIndexOf(" : ", StringComparison.Ordinal) + 3)..] : link;
            }
            else type = i["Folder"] == "+" ? FileEntryType.Directory : FileEntryType.File;
            long size = type == FileEntryType.File && i["Size"].Length > 0 ? long.Parse(i["Size"]) : 0;
            string? sha = type != FileEntryType.File ? null
                : dataErrors.Contains(path) ? Ntfscat(image, path)
                : Tool.Sha256(Path.Combine(extracted, i["Path"]));
            DateTimeOffset? modified = i["Modified"].Length > 0
                ? new DateTimeOffset(DateTime.ParseExact(i["Modified"], "yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture), TimeSpan.Zero)
                : null;
            result[path] = new Expected(path, type, size, target, long.Parse(i["iNode"]), sha, Modified: modified);
        }
        Directory.Delete(extracted, true);
        return result;
    }

    /// <summary>The paths the last <see cref="Tree"/> took from ntfscat because 7-Zip could not extract them.</summary>
    [ThreadStatic] public static HashSet<string>? DataErrorFallbacks;

    static string Ntfscat(string image, string path)
    {
        var tmp = Path.GetTempFileName();
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("sh") { ArgumentList = { "-c", "ntfscat -f \"$0\" \"$1\" > \"$2\"", image, path, tmp } };
            using var p = System.Diagnostics.Process.Start(psi)!;
            if (!p.WaitForExit(60_000) || p.ExitCode != 0) throw new InvalidOperationException($"ntfscat {path} failed");
            return Tool.Sha256(tmp);
        }
        finally { File.Delete(tmp); }
    }

    public static string Attributes(string image, string path) =>
        List(image).Single(i => "/" + i["Path"] == path)["Attributes"];
}

public sealed class NtfsTests(NtfsImages images, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<NtfsImages>
{
    static NtfsFileSystem Open(IDiskReader r)
    {
        var result = NtfsFileSystem.Probe(r);
        Assert.NotNull(result);
        Assert.Null(result.UnsupportedReason);
        return Assert.IsType<NtfsFileSystem>(result.FileSystem);
    }

    [Fact]
    public void Walk_equals_7zip_listing_and_content()
    {
        var oracle = SevenZip.Tree(images.Image, images.Dir);
        Assert.True(oracle.Count > SourceTree.ManyEntries + 60, $"7-Zip lists only {oracle.Count} items");
        Assert.Equal(["/sparse.bin"], SevenZip.DataErrorFallbacks!); // everything else, compressed files too, from 7zz x
        // The awkward structures are really on the image (7-Zip's attribute letters, ntfsinfo's dump).
        Assert.Contains("C", SevenZip.Attributes(images.Image, NtfsImages.CompressibleText));
        Assert.Contains("s", SevenZip.Attributes(images.Image, "/sparse.bin"));
        Assert.Contains("$ATTRIBUTE_LIST", Tool.Run("ntfsinfo", ["-F", "/hard/base", images.Image]));

        using var r = new ImageFileReader(images.Image);
        var fs = Open(r);
        Assert.Equal("NTFS", fs.Kind);
        Assert.Equal("ntfslabel", fs.Label);
        Compare.WalkEquals(fs, oracle, "7-Zip");

        var walked = fs.Walk().ToList();
        var names = walked.Where(e => e.Path.StartsWith("/hard/", StringComparison.Ordinal) || e.Path == "/bin/elsewhere").ToList();
        Assert.Equal(42, names.Count);
        Assert.Single(names.Select(e => e.Id).Distinct());
        Assert.DoesNotContain(walked, e => e.Path.StartsWith("/$", StringComparison.Ordinal) || e.Path.Contains(':'));
        // The sparse file (holes, and an initialized size below its data size) against the bytes the test wrote.
        var expected = new byte[16 << 20];
        SourceTree.Bytes(70_000, 7).CopyTo(expected, 0);
        SourceTree.Bytes(5000, 8).CopyTo(expected, 6 << 20);
        using (var s = fs.OpenRead(walked.Single(e => e.Path == "/sparse.bin")))
        {
            var actual = new byte[s.Length];
            s.ReadExactly(actual);
            Assert.True(expected.AsSpan().SequenceEqual(actual), "sparse.bin content differs from what was written");
        }
        var junction = walked.Single(e => e.Path == "/junction");
        Assert.Equal((FileEntryType.Symlink, @"C:\Windows"), (junction.Type, junction.LinkTarget));
    }

    [Fact]
    public void A_fragmented_file_on_a_filled_volume_reads_like_7zip()
    {
        var runs = Tool.Run("ntfsinfo", ["-v", "-F", NtfsImages.FragmentedFile, images.Small]);
        var total = int.Parse(runs[(runs.LastIndexOf("Total runs: ", StringComparison.Ordinal) + 12)..].Split(' ')[0]);
        Assert.True(total > 1, $"ntfsinfo: {total} run(s), not fragmented");
        var oracle = SevenZip.Tree(images.Small, images.Dir);
        using var r = new ImageFileReader(images.Small);
        Compare.WalkEquals(Open(r), oracle, "7-Zip");
    }

    [Theory]
    [InlineData(512)]    // an MFT record spans 2 clusters: clusters-per-record byte is positive
    [InlineData(131072)] // 256 sectors per cluster: the sectors-per-cluster byte is a negative exponent (0xF8)
    public void Cluster_sizes_and_their_encodings(int clusterSize)
    {
        var image = Path.Combine(images.Dir, $"c{clusterSize}.img");
        Tool.Sparse(image, 64L << 20);
        Tool.Run("mkntfs", ["-F", "-Q", "-q", "-s", "512", "-c", clusterSize.ToString(), image]);
        var boot = new byte[512];
        using (var f = File.OpenRead(image)) f.ReadExactly(boot);
        if (clusterSize == 512) Assert.Equal(2, boot[0x40]);
        else Assert.Equal(0xF8, boot[0x0D]);
        var mnt = images.Mount(image);
        try
        {
            var src = Path.Combine(images.Dir, "src");
            Tool.Run("cp", ["-a", Path.Combine(src, "ünïcødé"), Path.Combine(src, "bin"), Path.Combine(src, "deep"), mnt]);
            Directory.CreateDirectory(Path.Combine(mnt, "dir"));
            for (int i = 0; i < 300; i++) File.WriteAllText(Path.Combine(mnt, "dir", $"entry number {i}"), i.ToString());
            using var s = new FileStream(Path.Combine(mnt, "sparse"), FileMode.Create);
            s.Position = 3 << 20; s.Write("late"u8); s.SetLength(5 << 20);
        }
        finally { NtfsImages.Unmount(mnt); }
        var oracle = SevenZip.Tree(image, images.Dir);
        using var r = new ImageFileReader(image);
        var fs = Open(r);
        Assert.Equal(clusterSize, fs.ClusterSize);
        Compare.WalkEquals(fs, oracle, "7-Zip");
        File.Delete(image);
    }

    [Fact]
    public void Wsl_symlinks_are_symlinks_and_other_reparse_points_are_not_read_as_files()
    {
        // 7-Zip marks both as reparse points (attribute L) but decodes neither: the oracle for the WSL target is the
        // reparse buffer written (tag 0xA000001D, version 2, UTF-8 target) as WSL writes it.
        var image = Path.Combine(images.Dir, "reparse.img");
        Tool.Sparse(image, 16L << 20);
        Tool.Run("mkntfs", ["-F", "-Q", "-q", "-s", "512", image]);
        var mnt = images.Mount(image);
        try
        {
            File.WriteAllBytes(Path.Combine(mnt, "wsl"), []);
            byte[] lx = [.. BitConverter.GetBytes(2u), .. "/etc/passwd"u8];
            Xattr.Set(Path.Combine(mnt, "wsl"), "system.ntfs_reparse_data", [.. BitConverter.GetBytes(0xA000001Du), .. BitConverter.GetBytes((ushort)lx.Length), 0, 0, .. lx]);
            File.WriteAllText(Path.Combine(mnt, "dedup"), "placeholder");
            byte[] other = [1, 2, 3, 4];
            Xattr.Set(Path.Combine(mnt, "dedup"), "system.ntfs_reparse_data", [.. BitConverter.GetBytes(0x80000013u), .. BitConverter.GetBytes((ushort)other.Length), 0, 0, .. other]);
        }
        finally { NtfsImages.Unmount(mnt); }
        Assert.Contains("L", SevenZip.Attributes(image, "/wsl"));
        Assert.Contains("L", SevenZip.Attributes(image, "/dedup"));
        using var r = new ImageFileReader(image);
        var fs = Open(r);
        var entries = fs.Walk().ToDictionary(e => e.Path);
        Assert.Equal((FileEntryType.Symlink, "/etc/passwd"), (entries["/wsl"].Type, entries["/wsl"].LinkTarget));
        Assert.Equal(FileEntryType.Other, entries["/dedup"].Type);
        Assert.Throws<ArgumentException>(() => fs.OpenRead(entries["/dedup"]));
        File.Delete(image);
    }

    // ---- bad input ----

    string CopyOfSmall(string name)
    {
        var p = Path.Combine(images.Dir, name);
        File.Copy(images.Small, p, true);
        return p;
    }

    /// <summary>Where a record lives in the image file: found by its signature and the record number NTFS 3.1 stores at 0x2C.</summary>
    static long FindRecord(string image, long number)
    {
        var data = File.ReadAllBytes(image);
        for (long o = 0; o + 1024 <= data.Length; o += 512)
            if (data.AsSpan((int)o, 4).SequenceEqual("FILE"u8) && BitConverter.ToUInt32(data, (int)o + 0x2C) == number) return o;
        throw new InvalidOperationException($"record {number} not found");
    }

    static void Poke(string image, long offset, byte[] bytes)
    {
        using var f = new FileStream(image, FileMode.Open);
        f.Position = offset;
        f.Write(bytes);
    }

    [Fact]
    public void Not_ntfs_is_not_claimed()
    {
        var image = CopyOfSmall("oem.img");
        Poke(image, 3, "NTFX    "u8.ToArray());
        using var r = new ImageFileReader(image);
        Assert.Null(NtfsFileSystem.Probe(r));
    }

    [Fact]
    public void A_bad_boot_sector_is_refused_with_the_reason()
    {
        var image = CopyOfSmall("boot.img");
        Poke(image, 0x0B, [0x34, 0x12]); // 0x1234 bytes per sector
        using (var r = new ImageFileReader(image))
            Assert.Equal("NTFS boot sector corrupt: 4660 bytes per sector", NtfsFileSystem.Probe(r)!.UnsupportedReason);
        Poke(image, 0x0B, [0x00, 0x02]);
        Poke(image, 0x30, BitConverter.GetBytes(long.MaxValue / 2)); // $MFT far past the volume
        using (var r = new ImageFileReader(image))
            Assert.StartsWith("NTFS boot sector corrupt: $MFT at cluster", NtfsFileSystem.Probe(r)!.UnsupportedReason);
    }

    [Fact]
    public void A_bad_fixup_in_mft_record_0_or_a_file_record_is_a_clear_error()
    {
        var image = CopyOfSmall("fixup.img");
        long rec0 = FindRecord(image, 0);
        Poke(image, rec0 + 510, [0xEE, 0xEE]); // the first sector's last word no longer carries the update sequence number
        using (var r = new ImageFileReader(image))
            Assert.Equal("NTFS MFT record 0: bad fixup in sector 0 (update sequence mismatch: torn or corrupt write)", NtfsFileSystem.Probe(r)!.UnsupportedReason);

        image = CopyOfSmall("fixup2.img");
        using (var r = new ImageFileReader(image))
        {
            var id = Open(r).Walk().Single(e => e.Path == NtfsImages.FragmentedFile).Id;
            Poke(image, FindRecord(image, id) + 1022, [0xEE, 0xEE]); // second sector of the record
        }
        using (var r = new ImageFileReader(image))
        {
            var e = Assert.Throws<DiskFormatException>(() => Open(r).Walk().ToList());
            Assert.Contains($"MFT record ", e.Message);
            Assert.Contains("bad fixup in sector 1", e.Message);
        }
    }

    [Fact]
    public void A_bad_fixup_in_an_index_block_is_a_clear_error()
    {
        var image = CopyOfSmall("indx.img");
        var data = File.ReadAllBytes(image);
        int at = -1;
        for (int o = 0; o + 4096 <= data.Length; o += 512)
            if (data.AsSpan(o, 4).SequenceEqual("INDX"u8)) { at = o; break; }
        Assert.True(at >= 0, "no INDX block on the image");
        Poke(image, at + 510, [0xEE, 0xEE]);
        using var r = new ImageFileReader(image);
        var e = Assert.Throws<DiskFormatException>(() => Open(r).Walk().ToList());
        Assert.Matches(@"^NTFS index block \d+ of directory record \d+: bad fixup in sector 0", e.Message);
    }

    [Fact]
    public void Encrypted_data_is_listed_but_reading_it_is_a_clear_error()
    {
        var image = CopyOfSmall("encrypted.img");
        long id;
        using (var r = new ImageFileReader(image)) id = Open(r).Walk().Single(e => e.Path == NtfsImages.FragmentedFile).Id;
        // Set ATTR_IS_ENCRYPTED (0x4000) in the flags of the file's $DATA attribute header (EFS itself cannot be made here).
        long rec = FindRecord(image, id);
        var bytes = new byte[1024];
        using (var f = File.OpenRead(image)) { f.Position = rec; f.ReadExactly(bytes); }
        int pos = BitConverter.ToUInt16(bytes, 0x14);
        while (BitConverter.ToUInt32(bytes, pos) != 0x80) pos += BitConverter.ToInt32(bytes, pos + 4);
        Assert.NotEqual(510, pos + 0x0C); // not on a fixup position
        Poke(image, rec + pos + 0x0D, [0x40]);
        using var r2 = new ImageFileReader(image);
        var fs = Open(r2);
        var entry = fs.Walk().Single(e => e.Path == NtfsImages.FragmentedFile);
        Assert.Equal((FileEntryType.File, 1_000_000L), (entry.Type, entry.Size));
        var e = Assert.Throws<DiskFormatException>(() => fs.OpenRead(entry));
        Assert.Equal("NTFS encrypted data not supported", e.Message);
    }

    [Fact]
    public void A_cut_off_image_fails_with_a_clear_error_not_a_hang()
    {
        var len = new FileInfo(images.Small).Length;
        using var r = new ImageFileReader(images.Small, length: len / 2);
        var fs = Open(r);
        var e = Assert.Throws<DiskFormatException>(() =>
        {
            foreach (var entry in fs.Walk())
                if (entry.Type == FileEntryType.File) { using var s = fs.OpenRead(entry); s.CopyTo(Stream.Null); }
        });
        Assert.Contains("image truncated", e.Message);
        Assert.StartsWith("NTFS ", e.Message);

        using var tiny = new ImageFileReader(images.Small, length: 4096);
        Assert.Contains("image truncated", NtfsFileSystem.Probe(tiny)!.UnsupportedReason);
    }

    [Fact]
    public void Damaged_ntfs_metadata_gives_a_format_error_or_a_walk_never_another_failure()
    {
        var targets = Fuzzer.FindMagic(images.Small, [("FILE"u8.ToArray(), 1024), ("INDX"u8.ToArray(), 4096)]);
        Assert.True(targets.Count > 100, $"{targets.Count} metadata blocks found");
        using var r = new ImageFileReader(images.Small);
        var (opened, refused, failed, clean) = Fuzzer.Fuzz(r, targets, 1024, Fuzzer.Iterations, 1, NtfsFileSystem.Probe);
        // Some damage must be detected (else the test would not be testing anything).
        output.WriteLine($"opened {opened}, refused {refused}, failed {failed}, clean {clean}");
        Assert.True(failed + refused > 40 && opened > 100, $"opened {opened}, refused {refused}, failed {failed}, clean {clean}");
    }
}
