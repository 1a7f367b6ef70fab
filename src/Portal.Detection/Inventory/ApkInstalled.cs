namespace Portal.Detection.Inventory;

/// <summary>
/// Installed packages from apk's database, <c>/lib/apk/db/installed</c> (apk-tools' "installed" format: one letter, a
/// colon and a value per line, a blank line between packages): P name, V version, A architecture, o origin (the source
/// package Alpine's advisories name).
/// </summary>
public static class ApkInstalled
{
    public static IReadOnlyList<InstalledPackage> Parse(TextReader reader)
    {
        var result = new List<InstalledPackage>();
        string? name = null, version = null, arch = null, origin = null;
        void Flush()
        {
            if (name is not null && version is not null)
                result.Add(new InstalledPackage("apk", name, version, arch, origin is null || origin == name ? null : origin, origin is null || origin == name ? null : version));
            name = version = arch = origin = null;
        }
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) { Flush(); continue; }
            if (line.Length < 2 || line[1] != ':') continue;
            var value = line[2..];
            switch (line[0])
            {
                case 'P': if (name is not null) Flush(); name = value; break;
                case 'V': version = value; break;
                case 'A': arch = value; break;
                case 'o': origin = value; break;
            }
        }
        Flush();
        return result;
    }
}
