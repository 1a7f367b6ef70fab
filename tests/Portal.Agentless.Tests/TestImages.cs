using System.Diagnostics;

namespace Portal.Agentless.Tests;

/// <summary>Disk images generated in the tests with Debian's tools (mkfs.ext4 -d, sfdisk, mkntfs).</summary>
public static class TestImages
{
    /// <summary>A small tree: 3 directories, 5 files (one empty, one 200 KiB), a symlink. Returns its path.</summary>
    public static string SmallTree(string dir, string variant)
    {
        if (Directory.Exists(dir)) return dir;
        Directory.CreateDirectory(Path.Combine(dir, "etc"));
        Directory.CreateDirectory(Path.Combine(dir, "home", "alice"));
        File.WriteAllText(Path.Combine(dir, "etc", "os-release"), $"NAME=\"Test Linux\"\nVERSION_ID=\"{variant}\"\n");
        File.WriteAllText(Path.Combine(dir, "etc", "hostname"), $"host-{variant}\n");
        File.WriteAllBytes(Path.Combine(dir, "home", "alice", "data.bin"), Enumerable.Range(0, 200 * 1024).Select(i => (byte)(i * 7)).ToArray());
        File.WriteAllText(Path.Combine(dir, "home", "alice", "notes.txt"), "hello\n");
        File.WriteAllText(Path.Combine(dir, "empty"), "");
        File.CreateSymbolicLink(Path.Combine(dir, "home", "alice", "link"), "../../etc/hostname");
        return dir;
    }

    public static (int Files, int Directories, int Symlinks, long Bytes) Count(string tree)
    {
        var files = Directory.EnumerateFiles(tree, "*", SearchOption.AllDirectories).Select(p => new FileInfo(p)).ToList();
        var links = files.Count(f => f.LinkTarget is not null);
        var dirs = Directory.EnumerateDirectories(tree, "*", SearchOption.AllDirectories).Count();
        return (files.Count - links, dirs, links, files.Where(f => f.LinkTarget is null).Sum(f => f.Length));
    }

    public static string Ext4(string dir, string name, string tree)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        if (!File.Exists(path)) Run("mkfs.ext4", "-q", "-F", "-L", "rootfs", "-d", tree, path, "16M");
        return path;
    }

    /// <summary>MBR: partition 1 (1 MiB, 16 MiB, type 83) holds an ext4 from <paramref name="tree"/>; partition 2 (4 MiB, type 82) is a swap area made by mkswap.</summary>
    public static string MbrWithExt4AndSwap(string dir, string name, string tree)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        if (File.Exists(path)) return path;
        var fs = Path.Combine(dir, name + ".p1");
        Run("mkfs.ext4", "-q", "-F", "-d", tree, fs, "16M");
        using (var f = new FileStream(path, FileMode.Create)) f.SetLength(24L << 20);
        RunWithInput("label: dos\nstart=2048, size=32768, type=83\nstart=34816, size=8192, type=82\n", "sfdisk", "-q", path);
        using (var target = new FileStream(path, FileMode.Open))
        using (var source = File.OpenRead(fs))
        {
            target.Position = 2048L * 512;
            source.CopyTo(target);
        }
        File.Delete(fs);
        var swap = Path.Combine(dir, name + ".p2");
        using (var f = new FileStream(swap, FileMode.Create)) f.SetLength(4L << 20);
        Run("mkswap", "-q", swap);
        using (var target = new FileStream(path, FileMode.Open))
        using (var source = File.OpenRead(swap))
        {
            target.Position = 34816L * 512;
            source.CopyTo(target);
        }
        File.Delete(swap);
        return path;
    }

    public static string Run(string file, params string[] args) => RunWithInput(null, file, args);

    public static string RunWithInput(string? input, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (input is not null) { p.StandardInput.Write(input); p.StandardInput.Close(); }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr}");
        return stdout.Result;
    }
}
