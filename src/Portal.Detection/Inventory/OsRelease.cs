namespace Portal.Detection.Inventory;

/// <summary>
/// The operating system of a file system, from os-release(5) (<c>/etc/os-release</c>, else <c>/usr/lib/os-release</c>):
/// shell-style KEY=value lines, values optionally quoted with " or ' and backslash escapes inside double quotes.
/// </summary>
public sealed record OsRelease(string Id, string? VersionId, string? Version, string? PrettyName, string? VersionCodename, IReadOnlyList<string> IdLike)
{
    public static OsRelease Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            values[line[..eq]] = Unquote(line[(eq + 1)..]);
        }
        return new OsRelease(
            values.GetValueOrDefault("ID") is { Length: > 0 } id ? id : "linux",   // os-release(5): ID defaults to "linux"
            values.GetValueOrDefault("VERSION_ID"),
            values.GetValueOrDefault("VERSION"),
            values.GetValueOrDefault("PRETTY_NAME"),
            values.GetValueOrDefault("VERSION_CODENAME"),
            (values.GetValueOrDefault("ID_LIKE") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The name users know: PRETTY_NAME, else ID and VERSION_ID.</summary>
    public string DisplayName => PrettyName ?? $"{Id} {VersionId}".Trim();

    /// <summary>
    /// The OSV ecosystem whose advisories apply (<c>Debian:12</c>, <c>Ubuntu:22.04:LTS</c>, <c>Alpine:v3.19</c>,
    /// <c>Red Hat</c>...); null for an OS no advisory feed here covers.
    /// </summary>
    public string? OsvEcosystem => Id switch
    {
        "debian" when Major(VersionId) is { } major => $"Debian:{major}",
        "ubuntu" when VersionId is { Length: > 0 } v => (Version ?? "").Contains("LTS", StringComparison.Ordinal) ? $"Ubuntu:{v}:LTS" : $"Ubuntu:{v}",
        "alpine" when VersionId is { Length: > 0 } v && v.Split('.') is { Length: >= 2 } p => $"Alpine:v{p[0]}.{p[1]}",
        "rhel" when Major(VersionId) is { } major => $"Red Hat:enterprise_linux:{major}",
        "almalinux" => "AlmaLinux",
        "rocky" => "Rocky Linux",
        _ => null,
    };

    private static string? Major(string? version) => version?.Split('.')[0] is { Length: > 0 } m && m.All(char.IsAsciiDigit) ? m : null;

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'') return value[1..^1];
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            var inner = value[1..^1];
            var sb = new System.Text.StringBuilder(inner.Length);
            for (var i = 0; i < inner.Length; i++)
            {
                if (inner[i] == '\\' && i + 1 < inner.Length && inner[i + 1] is '"' or '\\' or '$' or '`') i++;
                sb.Append(inner[i]);
            }
            return sb.ToString();
        }
        return value;
    }
}
