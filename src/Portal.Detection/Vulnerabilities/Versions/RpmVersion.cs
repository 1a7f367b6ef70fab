namespace Portal.Detection.Vulnerabilities.Versions;

/// <summary>
/// RPM versions, <c>[epoch:]version[-release]</c>, ordered as rpm orders them: epoch first (missing is 0), then version
/// and release each by <c>rpmvercmp</c> (rpmio/rpmvercmp.c): alphanumeric segments, numbers above letters, leading zeros
/// ignored, <c>~</c> sorting before anything (pre-releases) and <c>^</c> after the base version but before any longer one
/// (snapshots). Only ASCII letters and digits form segments; everything else separates them.
/// </summary>
public sealed class RpmVersion : IVersionScheme
{
    public static readonly RpmVersion Scheme = new();

    public string Name => "rpm";

    public int Compare(string? x, string? y)
    {
        var a = Split(x ?? "");
        var b = Split(y ?? "");
        if (a.Epoch != b.Epoch) return a.Epoch.CompareTo(b.Epoch);
        var version = VerCmp(a.Version, b.Version);
        if (version != 0) return version;
        // A release missing on one side (an advisory naming only the version) matches any release, as rpm's rangecmp does.
        return a.Release is null || b.Release is null ? 0 : VerCmp(a.Release, b.Release);
    }

    public string? Validate(string version)
    {
        var v = version.Trim();
        if (v.Length == 0) return "the version is empty";
        if (v.Any(char.IsWhiteSpace)) return "the version contains spaces";
        var colon = v.IndexOf(':');
        if (colon >= 0 && (colon == 0 || !v[..colon].All(char.IsAsciiDigit))) return "the epoch is not a number";
        var parts = Split(v);
        if (parts.Version.Length == 0) return "the version is empty";
        if (parts.Release is { Length: 0 }) return "the release is empty";
        return null;
    }

    private readonly record struct Parts(long Epoch, string Version, string? Release);

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
        return hyphen >= 0 ? new Parts(epoch, v[..hyphen], v[(hyphen + 1)..]) : new Parts(epoch, v, null);
    }

    /// <summary><c>rpmvercmp</c>: -1, 0 or 1.</summary>
    public static int VerCmp(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal)) return 0;
        int one = 0, two = 0;
        while (one < a.Length || two < b.Length)
        {
            while (one < a.Length && !char.IsAsciiLetterOrDigit(a[one]) && a[one] is not ('~' or '^')) one++;
            while (two < b.Length && !char.IsAsciiLetterOrDigit(b[two]) && b[two] is not ('~' or '^')) two++;

            // Tilde sorts before everything else, even the end of the string.
            if (At(a, one) == '~' || At(b, two) == '~')
            {
                if (At(a, one) != '~') return 1;
                if (At(b, two) != '~') return -1;
                one++; two++;
                continue;
            }
            // Caret is like tilde except that the end of the string (the base version) sorts before it.
            if (At(a, one) == '^' || At(b, two) == '^')
            {
                if (one >= a.Length) return -1;
                if (two >= b.Length) return 1;
                if (At(a, one) != '^') return 1;
                if (At(b, two) != '^') return -1;
                one++; two++;
                continue;
            }
            if (one >= a.Length || two >= b.Length) break;

            int end1 = one, end2 = two;
            bool isNumber = char.IsAsciiDigit(a[one]);
            if (isNumber)
            {
                while (end1 < a.Length && char.IsAsciiDigit(a[end1])) end1++;
                while (end2 < b.Length && char.IsAsciiDigit(b[end2])) end2++;
            }
            else
            {
                while (end1 < a.Length && char.IsAsciiLetter(a[end1])) end1++;
                while (end2 < b.Length && char.IsAsciiLetter(b[end2])) end2++;
            }
            // Segments of different kinds: a number is newer than letters.
            if (end2 == two) return isNumber ? 1 : -1;

            if (isNumber)
            {
                while (one < end1 && a[one] == '0') one++;
                while (two < end2 && b[two] == '0') two++;
                var lengths = (end1 - one).CompareTo(end2 - two);
                if (lengths != 0) return lengths;
            }
            // As strcmp on the two segments alone (rpm cuts them out): a shorter equal prefix is older.
            var segment = a.AsSpan(one, end1 - one).SequenceCompareTo(b.AsSpan(two, end2 - two));
            if (segment != 0) return Math.Sign(segment);
            one = end1;
            two = end2;
        }
        // Every segment was equal; only the separators differed.
        if (one >= a.Length && two >= b.Length) return 0;
        return one >= a.Length ? -1 : 1;
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';
}
