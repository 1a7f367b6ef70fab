using System.Text;

namespace Portal.DiskImages.Tests;

/// <summary>
/// Source trees the images are made from (mkfs -d copies them): the awkward cases of the issue — a 10,000-entry
/// directory, deep paths, non-ASCII names, hard links, files with holes, fast and slow symlinks, owners and modes.
/// Content is deterministic (seeded) so failures reproduce.
/// </summary>
internal static class SourceTree
{
    public static void Full(string root, bool farSparse = false, int manyEntries = 10_000)
    {
        Directory.CreateDirectory(root);
        var rnd = new Random(11);
        Write(root, "etc/hostname", "testhost\n"u8.ToArray());
        Write(root, "etc/passwd", Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/bin/bash\nsvc:x:1234:5678::/home/svc:/bin/sh\n"));
        Write(root, "empty", []);
        Write(root, "big.bin", Bytes(rnd, 1_500_000 + 123));
        Write(root, "var/log/syslog", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 4000).Select(i => $"line {i} of the log\n"))));

        // Holes: data at 0, 2 MiB and near 6 MiB; the rest never written.
        using (var f = new FileStream(Path.Combine(root, "holes.bin"), FileMode.Create))
        {
            f.Write(Bytes(rnd, 5000));
            f.Position = 2 * 1024 * 1024; f.Write(Bytes(rnd, 10_000));
            f.Position = 6 * 1024 * 1024 - 100; f.Write(Bytes(rnd, 100));
            f.SetLength(6 * 1024 * 1024 + 4096 * 3); // ends in a hole
        }
        if (farSparse)
        {
            // With 1 KiB blocks, block 70000 is reached only through the triple-indirect block of an ext2/3 block map.
            using var f = new FileStream(Path.Combine(root, "far-sparse.bin"), FileMode.Create);
            f.Write(Bytes(rnd, 3000));
            f.Position = 70L * 1024 * 1024; f.Write(Bytes(rnd, 5000));
        }

        // Deep path (40 levels) with a file at the bottom.
        var deep = Path.Combine(root, "deep");
        for (var i = 0; i < 40; i++) deep = Path.Combine(deep, $"level{i:00}");
        Write(deep, "bottom.txt", "at the bottom\n"u8.ToArray());

        // Non-ASCII and odd names.
        Write(root, "names/café.txt", "café\n"u8.ToArray());
        Write(root, "names/日本語のファイル.txt", "にほんご\n"u8.ToArray());
        Write(root, "names/Ünïcödé dir/emoji 🎉.txt", "party\n"u8.ToArray());
        Write(root, "names/with spaces and 'quotes'", "q\n"u8.ToArray());
        Write(root, "names/" + new string('n', 255), "long name\n"u8.ToArray());

        // The big directory (htree once e2fsck -D indexes it).
        var many = Path.Combine(root, "many");
        Directory.CreateDirectory(many);
        for (var i = 0; i < manyEntries; i++)
            if (i % 1000 == 0) File.WriteAllBytes(Path.Combine(many, $"entry-{i:00000}-with-a-longer-name"), Bytes(rnd, 100 + i / 100));
            else File.Create(Path.Combine(many, $"entry-{i:00000}-with-a-longer-name")).Dispose();

        // Hard links (one inode, three names in two directories) and symlinks.
        Write(root, "links/original", Bytes(rnd, 7000));
        Tools.Run("ln", Path.Combine(root, "links/original"), Path.Combine(root, "links/hard-same-dir"));
        Directory.CreateDirectory(Path.Combine(root, "links/other"));
        Tools.Run("ln", Path.Combine(root, "links/original"), Path.Combine(root, "links/other/hard-other-dir"));
        File.CreateSymbolicLink(Path.Combine(root, "links/fast"), "../etc/hostname");
        File.CreateSymbolicLink(Path.Combine(root, "links/slow"),
            "../deep/level00/level01/level02/level03/level04/level05/level06/level07/level08/level09/level10/file-that-does-not-exist");
        File.CreateSymbolicLink(Path.Combine(root, "links/to-dir"), "/var/log");
        File.CreateSymbolicLink(Path.Combine(root, "links/nonascii-ü"), "../names/café.txt");

        // Owners, modes, a fifo (type Other) and a fixed mtime.
        Write(root, "perm/owned", "owned\n"u8.ToArray());
        Tools.Run("chown", "1234:5678", Path.Combine(root, "perm/owned"));
        File.SetUnixFileMode(Path.Combine(root, "perm/owned"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        Write(root, "perm/script.sh", "#!/bin/sh\necho hi\n"u8.ToArray());
        File.SetUnixFileMode(Path.Combine(root, "perm/script.sh"), (UnixFileMode)0x1ED); // 0755
        Tools.Run("mkfifo", Path.Combine(root, "perm/fifo"));
        File.SetLastWriteTimeUtc(Path.Combine(root, "etc/passwd"), new DateTime(2021, 6, 7, 8, 9, 10, DateTimeKind.Utc));
    }

    /// <summary>Files and directories around the inline-data limits: up to 60 bytes fit in i_block, a little more in
    /// the in-inode system.data attribute, larger ones get blocks.</summary>
    public static void InlineData(string root)
    {
        var rnd = new Random(12);
        foreach (var size in new[] { 0, 1, 30, 59, 60, 61, 100, 120, 150, 400, 5000 })
            Write(root, $"files/size-{size}", Bytes(rnd, size));
        Write(root, "small-dir/a", "a\n"u8.ToArray());
        Write(root, "small-dir/b", "b\n"u8.ToArray());
        for (var i = 0; i < 8; i++) Write(root, $"medium-dir/entry-{i}", Bytes(rnd, 10));
        for (var i = 0; i < 200; i++) Write(root, $"large-dir/a-longer-file-name-{i:000}", Bytes(rnd, 10));
        File.CreateSymbolicLink(Path.Combine(root, "fast-link"), "files/size-1");
        File.CreateSymbolicLink(Path.Combine(root, "slow-link"), "files/" + new string('x', 80));
        Write(root, "nested/one/two/three/leaf", "leaf\n"u8.ToArray());
    }

    public static void Small(string root, string marker)
    {
        var rnd = new Random(marker.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        Write(root, "marker.txt", Encoding.UTF8.GetBytes(marker + "\n"));
        Write(root, "data/blob.bin", Bytes(rnd, 300_000));
        Write(root, "data/notes ü.txt", "notes\n"u8.ToArray());
        File.CreateSymbolicLink(Path.Combine(root, "link"), "data/blob.bin");
    }

    private static void Write(string root, string relative, byte[] content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static byte[] Bytes(Random rnd, int n)
    {
        var b = new byte[n];
        rnd.NextBytes(b);
        return b;
    }
}
