namespace Portal.Detection.Vulnerabilities.Versions;

/// <summary>
/// Debian package versions, <c>[epoch:]upstream_version[-debian_revision]</c>, ordered as dpkg orders them
/// (deb-version(7); lib/dpkg/version.c <c>verrevcmp</c>): non-digit runs compare character by character with letters
/// before other characters and <c>~</c> before everything, even the end; digit runs compare as numbers.
/// </summary>
public sealed class DpkgVersion : IVersionScheme
{
    public static readonly DpkgVersion Scheme = new();

    public string Name => "dpkg";

    public int Compare(string? x, string? y)
    {
        var a = Split(x ?? "");
        var b = Split(y ?? "");
        if (a.Epoch != b.Epoch) return a.Epoch.CompareTo(b.Epoch);
        var upstream = VerRevCmp(a.Upstream, b.Upstream);
        return upstream != 0 ? Math.Sign(upstream) : Math.Sign(VerRevCmp(a.Revision, b.Revision));
    }

    public string? Validate(string version)
    {
        var v = version.Trim();
        if (v.Length == 0) return "the version is empty";
        if (v.Any(char.IsWhiteSpace)) return "the version contains embedded spaces";
        var colon = v.IndexOf(':');
        if (colon >= 0)
        {
            var epoch = v[..colon];
            if (epoch.Length == 0) return "the epoch is empty";
            if (!epoch.All(char.IsAsciiDigit)) return "the epoch is not a number";
            if (!long.TryParse(epoch, out var e) || e > int.MaxValue) return "the epoch is too big";
        }
        var parts = Split(v);
        if (parts.Upstream.Length == 0) return "the version number is empty";
        if (v.EndsWith('-')) return "the revision number is empty";
        if (!char.IsAsciiDigit(parts.Upstream[0])) return "the version number does not start with a digit";
        if (parts.Upstream.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '+' or '~' or ':')))
            return "the version number contains an illegal character";
        if (parts.Revision.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('.' or '+' or '~')))
            return "the revision number contains an illegal character";
        return null;
    }

    private readonly record struct Parts(long Epoch, string Upstream, string Revision);

    private static Parts Split(string v)
    {
        v = v.Trim();
        long epoch = 0;
        var colon = v.IndexOf(':');
        if (colon >= 0)
        {
            long.TryParse(v[..colon], out epoch);
            v = v[(colon + 1)..];
        }
        var hyphen = v.LastIndexOf('-');
        return hyphen >= 0 ? new Parts(epoch, v[..hyphen], v[(hyphen + 1)..]) : new Parts(epoch, v, "");
    }

    private static int Order(char c) =>
        char.IsAsciiDigit(c) ? 0 : char.IsAsciiLetter(c) ? c : c == '~' ? -1 : c + 256;

    private static int VerRevCmp(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ac = i < a.Length ? Order(a[i]) : 0;
                var bc = j < b.Length ? Order(b[j]) : 0;
                if (ac != bc) return ac - bc;
                i++; j++;
            }
            while (i < a.Length && a[i] == '0') i++;
            while (j < b.Length && b[j] == '0') j++;
            var firstDiff = 0;
            while (i < a.Length && char.IsAsciiDigit(a[i]) && j < b.Length && char.IsAsciiDigit(b[j]))
            {
                if (firstDiff == 0) firstDiff = a[i] - b[j];
                i++; j++;
            }
            if (i < a.Length && char.IsAsciiDigit(a[i])) return 1;
            if (j < b.Length && char.IsAsciiDigit(b[j])) return -1;
            if (firstDiff != 0) return firstDiff;
        }
        return 0;
    }
}
