using System.Buffers.Binary;
using Portal.Detection.Inventory;

namespace Portal.Detection.Windows;

/// <summary>
/// The registry hives of a Windows volume (/Windows/System32/config/SOFTWARE, SYSTEM, SAM) and what the inventory and
/// the baseline read from them: the OS version, the installed programs, the current control set.
/// </summary>
public sealed class WindowsRegistry
{
    public RegistryHive? Software { get; }
    public RegistryHive? System { get; }
    public RegistryHive? Sam { get; }

    private WindowsRegistry(RegistryHive? software, RegistryHive? system, RegistryHive? sam) => (Software, System, Sam) = (software, system, sam);

    /// <summary>Null when the volume holds no SOFTWARE or SYSTEM hive (not a Windows system volume).</summary>
    public static WindowsRegistry? Read(VolumeFiles files)
    {
        RegistryHive? Hive(string name) =>
            files.Resolve("/Windows/System32/config/" + name) is { Type: Portal.DiskImages.FileEntryType.File } e ? RegistryHive.Open(Seekable(files.Open(e))) : null;
        var software = Hive("SOFTWARE");
        var system = Hive("SYSTEM");
        return software is null && system is null ? null : new WindowsRegistry(software, system, Hive("SAM"));
    }

    // The walked file systems' streams may not seek; hives are read by offset, so copy them when they do not.
    private static Stream Seekable(Stream s)
    {
        if (s.CanSeek) return s;
        var copy = new MemoryStream();
        s.CopyTo(copy);
        s.Dispose();
        copy.Position = 0;
        return copy;
    }

    /// <summary>SYSTEM's current control set (Select\Current → ControlSet00N), as Windows resolves CurrentControlSet.</summary>
    public RegistryKey? CurrentControlSet(string subPath = "")
    {
        if (System is null) return null;
        var current = System.OpenKey("Select")?.GetValue("Current")?.AsNumber() ?? 1;
        return System.OpenKey($"ControlSet{current:000}" + (subPath.Length > 0 ? "\\" + subPath : ""));
    }

    /// <summary>"Windows Server 2022 Datacenter (build 20348.2340)"; Windows 11 reports itself as 10 in ProductName, so the build decides.</summary>
    public string? OsName()
    {
        if (Software?.OpenKey(@"Microsoft\Windows NT\CurrentVersion") is not { } cv) return null;
        var product = cv.GetValue("ProductName")?.AsString() ?? "Windows";
        var build = cv.GetValue("CurrentBuildNumber")?.AsString() ?? cv.GetValue("CurrentBuild")?.AsString();
        if (int.TryParse(build, out var b) && b >= 22000 && product.StartsWith("Windows 10", StringComparison.Ordinal)) product = "Windows 11" + product["Windows 10".Length..];
        var ubr = cv.GetValue("UBR")?.AsNumber();
        return build is null ? product : $"{product} (build {build}{(ubr is null ? "" : "." + ubr)})";
    }

    /// <summary>Installed programs from the Uninstall keys (64- and 32-bit views), as Programs and Features lists them.</summary>
    public IReadOnlyList<InstalledPackage> InstalledPrograms()
    {
        var result = new List<InstalledPackage>();
        foreach (var (path, arch) in new[] { (@"Microsoft\Windows\CurrentVersion\Uninstall", "x64"), (@"WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall", "x86") })
        {
            if (Software?.OpenKey(path) is not { } uninstall) continue;
            foreach (var program in uninstall.Subkeys())
            {
                // Programs and Features hides system components and updates of other entries.
                if (program.GetValue("DisplayName")?.AsString() is not { Length: > 0 } name) continue;
                if (program.GetValue("SystemComponent")?.AsNumber() == 1 || program.GetValue("ParentKeyName") is not null) continue;
                result.Add(new InstalledPackage("windows", name, program.GetValue("DisplayVersion")?.AsString() ?? "", arch)
                {
                    Publisher = program.GetValue("Publisher")?.AsString(),
                });
            }
        }
        return result.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Whether the built-in Guest account (RID 501) is enabled: the ACB flags of its SAM "F" record (0x0001 = disabled).</summary>
    public bool? GuestEnabled()
    {
        if (Sam?.OpenKey(@"SAM\Domains\Account\Users\000001F5")?.GetValue("F")?.Data is not { Length: >= 0x3A } f) return null;
        return (BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(0x38)) & 0x0001) == 0;
    }
}
