using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AzureSim.Tests;

/// <summary>
/// The shipped demo disk images, checked with independent tools: every image decompresses; 7-Zip (7zz) lists its
/// partition table and, inside the ext4 and NTFS partitions, the planted paths of Seeds/README.md ("Disk contents");
/// for the RHEL image (XFS inside LVM2, which 7-Zip does not read) xfs_db lists the logical volumes' files, the volumes
/// located from the LVM2 text metadata.
/// </summary>
public class DemoDiskImageTests(ITestOutputHelper output)
{
    private const string Eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    /// <summary>Image → (partition as 7-Zip names it, paths that must be in it).</summary>
    private static readonly Dictionary<string, (string Partition, string[] Paths)> Planted = new()
    {
        ["ubuntu2204"] = ("0.img", ["usr/lib/os-release", "etc/os-release", "var/lib/dpkg/status", "etc/ssh/sshd_config", "etc/shadow", "home/azureuser/.ssh/authorized_keys"]),
        ["ubuntu2204-web"] = ("0.img", ["var/www/html/wp-content/uploads/2024/08/wp-cache.php", "var/tmp/.x11-unix/config.json", "var/tmp/.x11-unix/x11d"]),
        ["ubuntu2204-dev"] = ("0.img", ["home/azureuser/Downloads/eicar.com", "home/azureuser/.ssh/id_ed25519", "etc/shadow", "etc/ssh/sshd_config", "var/lib/dpkg/status"]),
        ["ubuntu2004"] = ("0.img", ["usr/lib/os-release", "var/lib/dpkg/status", "etc/mongod.conf"]),
        ["debian12"] = ("0.img", ["usr/lib/os-release", "etc/debian_version", "var/lib/dpkg/status", "etc/nginx/nginx.conf"]),
        ["win2022"] = ("1.ntfs", ["Windows/System32/drivers/etc/hosts", "Windows/System32/cmd.exe", "Users/contosoadmin/Documents/runbook.txt"]),
        ["win2022-jump"] = ("1.ntfs", ["Users/contosoadmin/.kube/config"]),
    };

    private static (string Stdout, int Exit) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)}"); }
        return (stdout.Result + stderr.Result, p.ExitCode);
    }

    private static byte[] RunBytes(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit(60_000);
        return ms.ToArray();
    }

    private static string Decompress(string name, string dir)
    {
        var path = Path.Combine(dir, name + ".img");
        using var gz = new GZipStream(ContentImage.OpenBuiltinCompressed(name), CompressionMode.Decompress);
        using var fs = File.Create(path);
        gz.CopyTo(fs);
        return path;
    }

    [Fact]
    public void Every_image_decompresses_and_is_listed_by_7zip()
    {
        Assert.Equal(["debian12", "rhel9", "rhel9-orders", "ubuntu2004", "ubuntu2204", "ubuntu2204-dev", "ubuntu2204-web", "win2022", "win2022-jump"],
            ContentImage.BuiltinNames.OrderBy(n => n, StringComparer.Ordinal).ToArray());
        long compressed = 0;
        var dir = Directory.CreateTempSubdirectory("azsim-images-").FullName;
        try
        {
            foreach (var name in ContentImage.BuiltinNames)
            {
                using (var s = ContentImage.OpenBuiltinCompressed(name)) compressed += s.Length;
                var img = Decompress(name, dir);
                var (table, exit) = Run("7zz", "l", "-slt", img);
                Assert.True(exit == 0, table);
                var expectScheme = Scheme(name);
                Assert.Contains($"Type = {expectScheme}", table);
                output.WriteLine($"{name}: {new FileInfo(img).Length / 1024 / 1024} MiB, {expectScheme}");
                if (!Planted.TryGetValue(name, out var planted)) continue;
                var part = Path.Combine(dir, name + ".part");
                File.WriteAllBytes(part, RunBytes("7zz", "e", "-so", "-t" + expectScheme, img, planted.Partition));
                var (listing, e2) = Run("7zz", "l", "-slt", part);
                Assert.True(e2 == 0, listing);
                Assert.Contains(name.StartsWith("win") ? "Type = NTFS" : "Type = Ext", listing);
                var paths = Regex.Matches(listing, @"^Path = (.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()).ToHashSet();
                foreach (var p in planted.Paths) Assert.True(paths.Contains(p), $"{name}: {p} not listed by 7zz");
                File.Delete(part);
                File.Delete(img);
            }
            output.WriteLine($"{ContentImage.BuiltinNames.Count} images, {compressed / 1024} KiB compressed");
            Assert.True(compressed < 20 * 1024 * 1024);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Planted_findings_have_the_documented_content()
    {
        var dir = Directory.CreateTempSubdirectory("azsim-images-").FullName;
        try
        {
            string Cat(string image, string partition, string path)
            {
                var img = Path.Combine(dir, image + ".img");
                if (!File.Exists(img)) Decompress(image, dir);
                var part = Path.Combine(dir, image + ".part");
                if (!File.Exists(part)) File.WriteAllBytes(part, RunBytes("7zz", "e", "-so", "-t" + Scheme(image), img, partition));
                return Encoding.UTF8.GetString(RunBytes("7zz", "e", "-so", part, path));
            }
            Assert.Equal(Eicar, Cat("ubuntu2204-dev", "0.img", "home/azureuser/Downloads/eicar.com"));
            Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", Cat("ubuntu2204-dev", "0.img", "home/azureuser/.ssh/id_ed25519"));
            var sshd = Cat("ubuntu2204-dev", "0.img", "etc/ssh/sshd_config");
            Assert.Contains("\nPermitRootLogin yes\n", sshd);
            Assert.Contains("\nPasswordAuthentication yes\n", sshd);
            Assert.Contains("\nsvc-backup::", Cat("ubuntu2204-dev", "0.img", "etc/shadow"));
            var status = Cat("ubuntu2204-dev", "0.img", "var/lib/dpkg/status");
            Assert.Contains("Package: openssh-server\nStatus: install ok installed", status);
            Assert.Matches(@"Package: openssh-server\n(?:.+\n)*?Source: openssh\nVersion: 1:8\.9p1-3ubuntu0\.1\n", status);
            Assert.Matches(@"Package: libssl3\n(?:.+\n)*?Source: openssl\nVersion: 3\.0\.2-0ubuntu1\.7\n", status);
            Assert.Matches(@"Package: sudo\n(?:.+\n)*?Version: 1\.9\.9-1ubuntu2\n", status);
            Assert.Contains("VERSION_ID=\"22.04\"", Cat("ubuntu2204-dev", "0.img", "usr/lib/os-release"));
            // the clean base has the fixed versions
            Assert.Contains("Version: 1:8.9p1-3ubuntu0.10\n", Cat("ubuntu2204", "0.img", "var/lib/dpkg/status"));
            Assert.Contains("system($_REQUEST['c'])", Cat("ubuntu2204-web", "0.img", "var/www/html/wp-content/uploads/2024/08/wp-cache.php"));
            Assert.Contains("\"url\": \"pool.supportxmr.com:443\"", Cat("ubuntu2204-web", "0.img", "var/tmp/.x11-unix/config.json"));
            Assert.Contains("token: eyJ", Cat("win2022-jump", "1.ntfs", "Users/contosoadmin/.kube/config"));
            Assert.Contains("VERSION_ID=\"12\"", Cat("debian12", "0.img", "usr/lib/os-release"));
            Assert.Contains("VERSION_ID=\"20.04\"", Cat("ubuntu2004", "0.img", "usr/lib/os-release"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Rhel_image_holds_xfs_boot_and_an_lvm_volume_group_read_by_xfs_db()
    {
        var dir = Directory.CreateTempSubdirectory("azsim-images-").FullName;
        try
        {
            var img = Decompress("rhel9-orders", dir);
            var (table, _) = Run("7zz", "l", "-slt", img);
            Assert.Contains("Path = 1.boot.img", table);
            var boot = Path.Combine(dir, "boot.xfs");
            File.WriteAllBytes(boot, RunBytes("7zz", "e", "-so", "-tGPT", img, "1.boot.img"));
            var (bootLs, be) = Run("xfs_db", "-r", "-c", "ls /", boot);
            Assert.True(be == 0, bootLs);
            Assert.Contains("vmlinuz-5.14.0-427.13.1.el9_4.x86_64", bootLs);

            // partition 4 is the LVM2 physical volume: label in sector 1, text metadata in the first MiB
            var pv = File.ReadAllBytes(Extract(img, "3.img", Path.Combine(dir, "pv.lvm")));
            Assert.Equal("LABELONE", Encoding.ASCII.GetString(pv, 512, 8));
            Assert.Equal("LVM2 001", Encoding.ASCII.GetString(pv, 512 + 24, 8));
            var meta = Encoding.ASCII.GetString(pv, 4096, 64 * 1024);
            Assert.StartsWith("rootvg {", meta[512..]);
            var extentSectors = long.Parse(Regex.Match(meta, @"extent_size = (\d+)").Groups[1].Value);
            var peStart = long.Parse(Regex.Match(meta, @"pe_start = (\d+)").Groups[1].Value) * 512;
            var files = new Dictionary<string, string[]>
            {
                ["rootlv"] = ["etc", "opt", "usr"],
                ["homelv"] = ["azureuser"],
            };
            foreach (var (lv, expected) in files)
            {
                var m = Regex.Match(meta, lv + @" \{[\s\S]*?extent_count = (\d+)[\s\S]*?stripes = \[\s*""pv0"", (\d+)");
                Assert.True(m.Success, $"{lv} not in the metadata");
                var count = long.Parse(m.Groups[1].Value);
                var first = long.Parse(m.Groups[2].Value);
                var offset = peStart + first * extentSectors * 512;
                var path = Path.Combine(dir, lv + ".xfs");
                File.WriteAllBytes(path, pv.AsSpan((int)offset, (int)(count * extentSectors * 512)).ToArray());
                var (ls, e) = Run("xfs_db", "-r", "-c", "ls /", path);
                Assert.True(e == 0, ls);
                foreach (var x in expected) Assert.Contains(" " + x + " (good)", ls);
            }
            var (app, ae) = Run("xfs_db", "-r", "-c", "ls /opt/orders-api", Path.Combine(dir, "rootlv.xfs"));
            Assert.True(ae == 0, app);
            Assert.Contains("appsettings.json", app);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string Extract(string img, string partition, string to)
    {
        File.WriteAllBytes(to, RunBytes("7zz", "e", "-so", "-tGPT", img, partition));
        return to;
    }

    /// <summary>Debian 12 and Windows Server 2022 are MBR disks, Ubuntu and RHEL GPT (Seeds/README.md).</summary>
    private static string Scheme(string image) => image.StartsWith("debian") || image.StartsWith("win") ? "MBR" : "GPT";
}
