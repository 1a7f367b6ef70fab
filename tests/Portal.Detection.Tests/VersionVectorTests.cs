using System.Diagnostics;
using System.Text.RegularExpressions;
using Portal.Detection.Vulnerabilities.Versions;

namespace Portal.Detection.Tests;

/// <summary>
/// Each ecosystem's comparer against its upstream project's own test vectors, copied verbatim into Vectors/ (sources and
/// commits in Vectors/README.md): dpkg's scripts/t/Dpkg_Version.t, rpm's tests/rpmvercmp.at, apk-tools'
/// test/unit/version.data. Every vector is checked both ways round (a ? b and b ? -a).
/// </summary>
public sealed class VersionVectorTests
{
    private static string Vector(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", name));

    [Fact]
    public void Dpkg_orders_every_pair_of_Dpkg_Version_t_as_dpkg_does()
    {
        var data = Vector("Dpkg_Version.t").Split("__DATA__", 2)[1];
        var cases = data.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.True(cases.Count >= 40, $"only {cases.Count} vectors read");
        var wrong = cases.Where(c => DpkgVersion.Scheme.Compare(c[0], c[1]) != int.Parse(c[2]) || DpkgVersion.Scheme.Compare(c[1], c[0]) != -int.Parse(c[2]))
            .Select(c => string.Join(' ', c)).ToList();
        Assert.True(wrong.Count == 0, "dpkg disagrees on: " + string.Join("; ", wrong));
    }

    [Theory]
    // The validity cases of Dpkg_Version.t ("empty version is invalid", "bad epoch is invalid", ...).
    [InlineData("", "empty")]
    [InlineData("0:-0", "version number is empty")]
    [InlineData(":1.0", "epoch is empty")]
    [InlineData("1.0-", "revision number is empty")]
    [InlineData("10a:5.2", "epoch is not a number")]
    [InlineData("5.2@3-2", "illegal character")]
    [InlineData("foo5.2", "does not start with a digit")]
    [InlineData("0:foo5.2", "does not start with a digit")]
    public void Dpkg_refuses_the_invalid_versions_of_Dpkg_Version_t_saying_why(string version, string why) =>
        Assert.Contains(why, DpkgVersion.Scheme.Validate(version) ?? "(accepted)");

    [Theory]
    [InlineData("1:1.0:1.0")]
    [InlineData("1.0-1.0-1")]
    [InlineData("2.2~rc-4")]
    [InlineData("1:3.8.1-1")]
    public void Dpkg_accepts_the_valid_versions_of_Dpkg_Version_t(string version) => Assert.Null(DpkgVersion.Scheme.Validate(version));

    [Fact]
    public void Rpm_orders_every_RPMVERCMP_case_of_rpmvercmp_at_as_rpm_does()
    {
        var cases = Regex.Matches(Vector("rpmvercmp.at"), @"^RPMVERCMP\(([^,]*), ([^,]*), (-?\d)\)", RegexOptions.Multiline)
            .Select(m => (A: m.Groups[1].Value, B: m.Groups[2].Value, Expected: int.Parse(m.Groups[3].Value))).ToList();
        Assert.True(cases.Count >= 90, $"only {cases.Count} vectors read");
        var wrong = cases.Where(c => RpmVersion.VerCmp(c.A, c.B) != c.Expected || RpmVersion.VerCmp(c.B, c.A) != -c.Expected)
            .Select(c => $"{c.A} {c.B} {c.Expected}").ToList();
        Assert.True(wrong.Count == 0, "rpmvercmp disagrees on: " + string.Join("; ", wrong));
    }

    [Theory]
    [InlineData("1:1.0-1", "2.0-1", 1)]        // the epoch wins
    [InlineData("0:1.0-1", "1.0-1", 0)]        // a missing epoch is 0
    [InlineData("1.0-2.el9", "1.0-10.el9", -1)] // releases compare by rpmvercmp too
    [InlineData("3.0.7-27.el9", "3.0.7", 0)]   // an advisory without a release matches any release of that version
    [InlineData("2.9.1-1.fc38", "2.9.1~rc1-1.fc38", 1)]
    public void Rpm_compares_epoch_version_and_release(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(RpmVersion.Scheme.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(RpmVersion.Scheme.Compare(b, a)));
    }

    [Fact]
    public void Apk_passes_every_line_of_apk_tools_version_data()
    {
        var failures = new List<string>();
        var checkedLines = 0;
        foreach (var raw in Vector("apk-version.data").Split('\n'))
        {
            var line = raw.Split('#', 2)[0].Trim();
            if (line.Length == 0) continue;
            checkedLines++;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            bool ok;
            if (parts.Length == 3)
            {
                var op = parts[1];
                var invert = op.StartsWith('!');
                if (invert) op = op[1..];
                ok = ApkMatch(parts[0], op, parts[2]) != invert;
                // The reverse also holds for the plain orderings.
                if (ok && !invert && op is "<" or ">" or "=")
                    ok = ApkMatch(parts[2], op switch { "<" => ">", ">" => "<", _ => "=" }, parts[0]);
            }
            else
            {
                var invalid = line.StartsWith('!');
                var version = invalid ? line[1..] : line;
                ok = (ApkVersion.Scheme.Validate(version) is null) != invalid;
            }
            if (!ok) failures.Add(line);
        }
        Assert.True(checkedLines >= 700, $"only {checkedLines} lines checked");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedLines} lines fail: " + string.Join("; ", failures.Take(30)));
    }

    /// <summary>apk_version_match: the operator's bits (&lt; &gt; = and ~ for fuzzy-equal) against the comparison's result.</summary>
    private static bool ApkMatch(string a, string op, string b)
    {
        var fuzzy = op.Contains('~');
        var r = ApkVersion.Compare(a, b, fuzzy);
        return r < 0 ? op.Contains('<') : r > 0 ? op.Contains('>') : op.Contains('=') || fuzzy;
    }

    [Fact]
    public void Osv_ecosystems_map_to_their_package_managers_version_order()
    {
        Assert.Same(DpkgVersion.Scheme, VersionSchemes.ForOsvEcosystem("Debian:12"));
        Assert.Same(DpkgVersion.Scheme, VersionSchemes.ForOsvEcosystem("Ubuntu:22.04:LTS"));
        Assert.Same(ApkVersion.Scheme, VersionSchemes.ForOsvEcosystem("Alpine:v3.19"));
        Assert.Same(RpmVersion.Scheme, VersionSchemes.ForOsvEcosystem("Red Hat"));
        Assert.Null(VersionSchemes.ForOsvEcosystem("npm"));
    }
}

/// <summary>
/// The dpkg comparer against dpkg itself (<c>dpkg --compare-versions</c>, on every Debian machine) on generated versions
/// built from the characters that matter to the ordering: digits, letters, '.', '+', '~', '-' and epochs.
/// </summary>
public sealed class DpkgBinaryAgreementTests
{
    [Fact]
    public void Dpkg_agrees_with_dpkg_compare_versions_on_300_generated_pairs()
    {
        var random = new Random(20261203);
        string Part(int max)
        {
            const string alphabet = "0123456789abz.+~";
            var n = random.Next(1, max);
            var chars = new char[n];
            for (var i = 0; i < n; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
            return random.Next(4) + new string(chars);   // dpkg wants a leading digit
        }
        string Version() => (random.Next(5) == 0 ? $"{random.Next(3)}:" : "") + Part(7) + (random.Next(2) == 0 ? "-" + Part(4) : "");

        var disagreements = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var (a, b) = (Version(), Version());
            if (i % 10 == 0) b = a.Replace("1", "01");   // leading zeros compare equal
            var ours = DpkgVersion.Scheme.Compare(a, b);
            var theirs = DpkgCompare(a, "lt", b) ? -1 : DpkgCompare(a, "eq", b) ? 0 : 1;
            if (ours != theirs) disagreements.Add($"{a} vs {b}: ours {ours}, dpkg {theirs}");
        }
        Assert.True(disagreements.Count == 0, string.Join("; ", disagreements));
    }

    private static bool DpkgCompare(string a, string op, string b)
    {
        using var p = Process.Start(new ProcessStartInfo("dpkg", ["--compare-versions", "--", a, op, b]) { RedirectStandardError = true })!;
        p.WaitForExit();
        return p.ExitCode switch { 0 => true, 1 => false, _ => throw new InvalidOperationException($"dpkg --compare-versions {a} {op} {b}: {p.StandardError.ReadToEnd()}") };
    }
}
