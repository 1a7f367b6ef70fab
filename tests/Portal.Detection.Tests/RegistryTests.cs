using System.Diagnostics;
using System.Text;
using Portal.Detection.Baseline;
using Portal.Detection.Windows;
using Portal.DiskImages;

namespace Portal.Detection.Tests;

/// <summary>
/// The registry hive reader against hivex (libguestfs' independent implementation, Debian's libhivex-bin): hives are
/// built with hivexsh on hivex's own minimal image, and every key's values as the project reads them must print exactly
/// as hivexget prints them; hivex's "special" image checks non-ASCII names. Then the Windows inventory and baseline on
/// an NTFS volume (mkntfs, populated through ntfs-3g) that holds such hives where Windows keeps them.
/// </summary>
public sealed class RegistryTests
{
    private static string Vector(string name) => Path.Combine(AppContext.BaseDirectory, "Vectors", name);

    private static string Run(string file, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        using var p = Process.Start(psi)!;
        if (stdin is not null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0 && !error.Contains("hivexsh:"), $"{file} {string.Join(' ', args)}: {error}");
        return output;
    }

    /// <summary>A hive made by hivexsh from hivex's minimal image and a script of its commands.</summary>
    private static string BuildHive(string dir, string name, string script)
    {
        var path = Path.Combine(dir, name);
        File.Copy(Vector("hivex-minimal.hive"), path, overwrite: true);
        Run("hivexsh", script + "commit\n", "-w", path);
        return path;
    }

    private static string Hex(byte[] data) => string.Join(',', data.Select(b => b.ToString("x2")));

    /// <summary>A value as hivexget prints it (regedit export syntax).</summary>
    private static string AsHivexget(RegistryValue v)
    {
        static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        var name = v.Name.Length == 0 ? "@" : Quote(v.Name);
        return name + "=" + v.Type switch
        {
            RegistryValueType.String => Quote(v.AsString()!),
            RegistryValueType.ExpandString => "str(2):" + Quote(v.AsString()!),
            RegistryValueType.DWord => "dword:" + ((uint)v.AsNumber()!.Value).ToString("x8"),
            _ => $"hex({(int)v.Type}):{Hex(v.Data)}",
        };
    }

    private static string Utf16Hex(params string[] parts) => Hex(Encoding.Unicode.GetBytes(string.Join("\0", parts) + "\0\0"));

    [Fact]
    public void Every_value_of_a_hive_built_by_hivexsh_reads_as_hivexget_prints_it()
    {
        var dir = Directory.CreateTempSubdirectory("hives-");
        try
        {
            var script = new StringBuilder("add Types\ncd Types\nsetval 7\nPlain\nstring:C:\\Program Files\\App \"x\"\nExpanded\nexpandstring:%SystemRoot%\\system32\nMulti\n")
                .Append($"hex:7:{Utf16Hex("one", "two")}\nBlob\nhex:3:{Hex(Enumerable.Range(0, 300).Select(i => (byte)i).ToArray())}\nSmall\nhex:3:01,02\nNumber\ndword:0x00000fa3\nEmpty\nnone\n")
                .Append("cd ..\nadd Many\ncd Many\n");
            for (var i = 0; i < 600; i++) script.Append($"add Key{i:D4}\n");   // enough subkeys to need more than one list cell
            var hivePath = BuildHive(dir.FullName, "TEST", script.ToString());

            using var file = File.OpenRead(hivePath);
            var hive = RegistryHive.Open(file);
            var types = hive.OpenKey("types")!;   // lookups are case-insensitive
            var expected = Run("hivexget", null, hivePath, @"\Types").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
            Assert.Equal(expected, types.Values().Select(AsHivexget).Order(StringComparer.Ordinal));
            Assert.Equal(["one", "two"], types.GetValue("multi")!.AsMultiString());
            Assert.Equal(4003, types.GetValue("Number")!.AsNumber());

            var many = Run("hivexsh", "cd Many\nls\n", hivePath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(600, many.Length);
            Assert.Equal(many.Order(StringComparer.Ordinal), hive.OpenKey("Many")!.Subkeys().Select(k => k.Name).Order(StringComparer.Ordinal));
            Assert.Equal(@"Many\Key0599", hive.OpenKey(@"Many\KEY0599")!.Path);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Non_ascii_key_names_of_hivex_special_image_read_as_hivexsh_lists_them()
    {
        using var file = File.OpenRead(Vector("hivex-special.hive"));
        var hive = RegistryHive.Open(file);
        var theirs = Run("hivexsh", "ls\n", Vector("hivex-special.hive")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // hivexsh prints a name up to an embedded NUL ("zero\0key" as "zero").
        Assert.Equal(theirs.Order(StringComparer.Ordinal), hive.Root.Subkeys().Select(k => k.Name.Split('\0')[0]).Order(StringComparer.Ordinal));
        Assert.Contains(hive.Root.Subkeys(), k => k.Name == "weird™");
        Assert.Equal("symbols $£₤₧€", Assert.Single(hive.OpenKey("weird™")!.Values()).Name);
    }

    [Fact]
    public void A_file_that_is_not_a_hive_is_refused_with_the_reason()
    {
        var ex = Assert.Throws<RegistryFormatException>(() => RegistryHive.Open(new MemoryStream(new byte[8192])));
        Assert.Contains("regf", ex.Message);
        var truncated = File.ReadAllBytes(Vector("hivex-minimal.hive"))[..4200];
        Assert.Throws<RegistryFormatException>(() => RegistryHive.Open(new MemoryStream(truncated)));
    }

    [Fact]
    public void A_windows_volume_gives_its_os_programs_and_baseline_from_its_hives()
    {
        var dir = Directory.CreateTempSubdirectory("winvol-");
        var image = Path.Combine(dir.FullName, "c.img");
        var mnt = Directory.CreateDirectory(Path.Combine(dir.FullName, "mnt")).FullName;
        try
        {
            var software = BuildHive(dir.FullName, "SOFTWARE",
                "add Microsoft\ncd Microsoft\nadd Windows NT\ncd Windows NT\nadd CurrentVersion\ncd CurrentVersion\nsetval 3\nProductName\nstring:Windows Server 2022 Datacenter\nCurrentBuildNumber\nstring:20348\nUBR\ndword:2340\n"
                + "cd \\Microsoft\nadd Windows\ncd Windows\nadd CurrentVersion\ncd CurrentVersion\nadd Uninstall\ncd Uninstall\n"
                + "add {7-Zip}\ncd {7-Zip}\nsetval 3\nDisplayName\nstring:7-Zip 23.01 (x64)\nDisplayVersion\nstring:23.01\nPublisher\nstring:Igor Pavlov\ncd ..\n"
                + "add KB5034439\ncd KB5034439\nsetval 2\nDisplayName\nstring:Update for App\nParentKeyName\nstring:App\ncd ..\n"
                + "add Driver\ncd Driver\nsetval 2\nDisplayName\nstring:Hidden driver\nSystemComponent\ndword:1\ncd ..\n"
                + "cd \\\nadd WOW6432Node\ncd WOW6432Node\nadd Microsoft\ncd Microsoft\nadd Windows\ncd Windows\nadd CurrentVersion\ncd CurrentVersion\nadd Uninstall\ncd Uninstall\n"
                + "add Notepad++\ncd Notepad++\nsetval 2\nDisplayName\nstring:Notepad++ (32-bit x86)\nDisplayVersion\nstring:8.6.2\n"
                + "cd \\\nadd Policies\ncd Policies\nadd Microsoft\ncd Microsoft\nadd WindowsFirewall\ncd WindowsFirewall\nadd PublicProfile\ncd PublicProfile\nsetval 1\nEnableFirewall\ndword:0\n");
            // Select\Current = 2: ControlSet002 is the one in use; ControlSet001 (the last known good) must not be read.
            var system = BuildHive(dir.FullName, "SYSTEM",
                "add Select\ncd Select\nsetval 1\nCurrent\ndword:2\ncd \\\n"
                + "add ControlSet001\ncd ControlSet001\nadd Services\ncd Services\nadd LanmanServer\ncd LanmanServer\nadd Parameters\ncd Parameters\nsetval 1\nSMB1\ndword:0\ncd \\\n"
                + "add ControlSet002\ncd ControlSet002\nadd Services\ncd Services\nadd LanmanServer\ncd LanmanServer\nadd Parameters\ncd Parameters\nsetval 1\nSMB1\ndword:1\ncd ..\ncd ..\n"
                + "add mrxsmb10\ncd mrxsmb10\nsetval 1\nStart\ndword:4\ncd ..\n"
                + "cd \\ControlSet002\nadd Control\ncd Control\nadd Terminal Server\ncd Terminal Server\nsetval 1\nfDenyTSConnections\ndword:0\nadd WinStations\ncd WinStations\nadd RDP-Tcp\ncd RDP-Tcp\nsetval 1\nUserAuthentication\ndword:0\n");
            // SAM: the Guest account's F record with the ACB flags at 0x38 (0x0214 = normal account, password not required; bit 0 clear = enabled).
            var f = new byte[0x50];
            f[0x38] = 0x14; f[0x39] = 0x02;
            var sam = BuildHive(dir.FullName, "SAM", $"add SAM\ncd SAM\nadd Domains\ncd Domains\nadd Account\ncd Account\nadd Users\ncd Users\nadd 000001F5\ncd 000001F5\nsetval 1\nF\nhex:3:{Hex(f)}\n");

            using (var sparse = File.Create(image)) sparse.SetLength(24L * 1024 * 1024);
            Run("mkntfs", null, "-F", "-Q", "-q", "-s", "512", image);
            Run("ntfs-3g", null, image, mnt);
            try
            {
                var config = Directory.CreateDirectory(Path.Combine(mnt, "Windows", "System32", "config")).FullName;
                File.Copy(software, Path.Combine(config, "SOFTWARE"));
                File.Copy(system, Path.Combine(config, "SYSTEM"));
                File.Copy(sam, Path.Combine(config, "SAM"));
            }
            finally { Run("umount", null, mnt); }

            using var disk = new FileDiskReader(image);
            var volume = Assert.Single(DiskImage.Open(disk).Volumes).FileSystem!;
            Assert.Equal("NTFS", volume.Kind);
            var files = new VolumeFiles(volume.OpenRead, caseInsensitive: true);
            var baseline = new BaselineScanner(files);
            foreach (var e in volume.Walk()) { files.Add(e); baseline.Observe(e); }

            var registry = WindowsRegistry.Read(files)!;
            Assert.Equal("Windows Server 2022 Datacenter (build 20348.2340)", registry.OsName());
            Assert.Equal(["7-Zip 23.01 (x64) 23.01 x64 Igor Pavlov", "Notepad++ (32-bit x86) 8.6.2 x86 "],
                registry.InstalledPrograms().Select(p => $"{p.Name} {p.Version} {p.Architecture} {p.Publisher}"));

            var results = baseline.Evaluate().ToDictionary(r => r.Check.Id, r => $"{r.Outcome}: {r.Evidence}");
            Assert.Equal(WindowsBaselineChecks.All.Count, results.Count);
            Assert.Equal("Fail: LanmanServer\\Parameters SMB1 = 1", results["smb1-server-disabled"]);
            Assert.Equal("Pass: mrxsmb10 Start = 4 (disabled)", results["smb1-client-disabled"]);
            Assert.Equal("Fail: RDP-Tcp UserAuthentication = 0", results["rdp-nla"]);
            Assert.Equal("Fail: EnableFirewall 0 by Group Policy (PublicProfile)", results["firewall-public"]);
            Assert.Equal("Pass: not set: Windows' default (on)", results["firewall-domain"]);
            Assert.Equal("Fail: the Guest account (RID 501) is enabled", results["guest-account-disabled"]);
            Assert.Equal("Pass: WDigest UseLogonCredential is not 1", results["wdigest-disabled"]);
        }
        finally { dir.Delete(true); }
    }
}
