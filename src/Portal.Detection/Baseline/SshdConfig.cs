namespace Portal.Detection.Baseline;

/// <summary>
/// The effective global settings of sshd, read as sshd reads sshd_config(5): keywords are case-insensitive, the first
/// value obtained for a keyword is the one used, <c>Include</c> (globs, relative to /etc/ssh) is read in place, and
/// <c>Match</c> blocks apply only to the connections they match, so they do not change the global value (a finding
/// notes them). Values not set take sshd's compiled-in defaults (OpenSSH 9.x).
/// </summary>
public sealed class SshdConfig
{
    /// <summary>OpenSSH's defaults for the settings the baseline checks (sshd_config(5)).</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["permitrootlogin"] = "prohibit-password",
        ["passwordauthentication"] = "yes",
        ["permitemptypasswords"] = "no",
        ["maxauthtries"] = "6",
        ["hostbasedauthentication"] = "no",
        ["ignorerhosts"] = "yes",
        ["permituserenvironment"] = "no",
        ["logingracetime"] = "120",
        ["loglevel"] = "INFO",
        ["maxsessions"] = "10",
        ["clientaliveinterval"] = "0",
        ["clientalivecountmax"] = "3",
        ["disableforwarding"] = "no",
        ["x11forwarding"] = "no",
    };

    private readonly Dictionary<string, (string Keyword, string Value, string File, int Line)> _global = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<(string Value, string File, int Line)>> _inMatch = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> FilesRead { get; }

    private SshdConfig(List<string> files) => FilesRead = files;

    /// <summary>Null when there is no sshd_config (sshd not installed).</summary>
    public static SshdConfig? Read(VolumeFiles files, string path = "/etc/ssh/sshd_config")
    {
        if (files.ReadText(path) is not { } text) return null;
        var config = new SshdConfig([]);
        config.ReadFile(files, path, text, inMatch: false, depth: 0);
        return config;
    }

    private bool ReadFile(VolumeFiles files, string path, string text, bool inMatch, int depth)
    {
        ((List<string>)FilesRead).Add(path);
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var split = line.IndexOfAny([' ', '\t', '=']);
            var keyword = split < 0 ? line : line[..split];
            var value = split < 0 ? "" : line[(split + 1)..].Trim().TrimStart('=').Trim();
            if (keyword.Equals("Match", StringComparison.OrdinalIgnoreCase))
            {
                // "Match all" ends the conditional block (OpenSSH 8.x+ idiom to return to global settings).
                inMatch = !value.Equals("all", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            if (keyword.Equals("Include", StringComparison.OrdinalIgnoreCase))
            {
                if (depth >= 16) continue;
                foreach (var pattern in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var absolute = pattern.StartsWith('/') ? pattern : "/etc/ssh/" + pattern;
                    var matches = absolute.Contains('*') || absolute.Contains('?') ? files.Glob(absolute) : [absolute];
                    foreach (var include in matches)
                        if (files.ReadText(include) is { } included)
                            inMatch = ReadFile(files, include, included, inMatch, depth + 1);
                }
                continue;
            }
            // Several values on one line (e.g. "LogLevel VERBOSE"): the setting is the first word unless quoted.
            var setting = value.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (inMatch)
            {
                if (!_inMatch.TryGetValue(keyword, out var list)) _inMatch[keyword] = list = [];
                list.Add((setting, path, lineNo));
            }
            else _global.TryAdd(keyword, (keyword, setting, path, lineNo));
        }
        return inMatch;
    }

    /// <summary>The effective global value, and where it was set ("OpenSSH default" when not set).</summary>
    public (string Value, string Where) Get(string keyword) =>
        _global.TryGetValue(keyword, out var v) ? (v.Value, $"{v.File} line {v.Line}")
            : (Defaults.GetValueOrDefault(keyword) ?? "", "OpenSSH default");

    /// <summary>The setting as evidence: the keyword as the file spells it (or <paramref name="canonical"/>), its value and where it comes from.</summary>
    public string Evidence(string canonical)
    {
        var (value, where) = Get(canonical);
        var keyword = _global.TryGetValue(canonical, out var v) ? v.Keyword : canonical;
        var overrides = MatchOverrides(canonical);
        return $"{keyword} {value} ({where})" + (overrides.Count > 0 ? "; also " + string.Join("; ", overrides) : "");
    }

    /// <summary>Values a Match block sets for some connections (shown with a finding: they may weaken or fix it).</summary>
    public IReadOnlyList<string> MatchOverrides(string keyword) =>
        _inMatch.TryGetValue(keyword, out var list) ? list.Select(m => $"{m.Value} in a Match block ({m.File} line {m.Line})").ToList() : [];
}
