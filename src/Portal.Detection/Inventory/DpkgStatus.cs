namespace Portal.Detection.Inventory;

/// <summary>
/// Installed packages from dpkg's database, <c>/var/lib/dpkg/status</c> (deb822 paragraphs, dpkg(1) / deb-control(5)):
/// only packages whose Status is "install ok installed" (or another want with state installed); the Source field
/// <c>name</c> or <c>name (version)</c> gives the source package, which Debian advisories are keyed by.
/// </summary>
public static class DpkgStatus
{
    public static IReadOnlyList<InstalledPackage> Parse(TextReader reader)
    {
        var result = new List<InstalledPackage>();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        void Flush()
        {
            if (fields.Count > 0 && fields.TryGetValue("Package", out var name) && fields.TryGetValue("Version", out var version)
                && fields.TryGetValue("Status", out var status) && status.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 3 } s && s[2] == "installed")
            {
                string? sourceName = null, sourceVersion = null;
                if (fields.TryGetValue("Source", out var source))
                {
                    var open = source.IndexOf('(');
                    sourceName = (open >= 0 ? source[..open] : source).Trim();
                    if (open >= 0 && source.IndexOf(')', open) is var close and > 0) sourceVersion = source[(open + 1)..close].Trim();
                }
                result.Add(new InstalledPackage("dpkg", name, version, fields.GetValueOrDefault("Architecture"),
                    string.IsNullOrEmpty(sourceName) ? null : sourceName,
                    // dpkg-query's ${source:Version}: the source's own version if given, else the binary's.
                    string.IsNullOrEmpty(sourceName) ? null : sourceVersion ?? version));
            }
            fields.Clear();
            last = null;
        }
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) { Flush(); continue; }
            if (line[0] is ' ' or '\t')
            {
                if (last is not null && last is not "Description" and not "Conffiles") fields[last] += "\n" + line.Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            last = line[..colon];
            fields[last] = line[(colon + 1)..].Trim();
        }
        Flush();
        return result;
    }
}
