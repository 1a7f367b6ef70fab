using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Portal.Detection.Vulnerabilities.Osv;
using Portal.Detection.Vulnerabilities.Versions;

namespace Portal.Detection.Tests;

/// <summary>
/// OSV reading and range evaluation: the examples of the OSV schema (ossf/osv-schema docs/schema.md, "Examples") as
/// ECOSYSTEM ranges, and a real Debian advisory (DSA-5514-1, glibc "Looney Tunables", CVE-2023-4911: fixed in
/// 2.36-9+deb12u3 for bookworm and 2.31-13+deb11u7 for bullseye, as the Debian security tracker publishes it).
/// </summary>
public sealed class OsvTests
{
    private static OsvAffected Affected(string events, string versions = "[]") =>
        OsvReader.Parse(JsonDocument.Parse($$"""
            { "id": "EX-1", "affected": [ { "package": { "ecosystem": "Debian:12", "name": "pkg" },
              "ranges": [ { "type": "ECOSYSTEM", "events": {{events}} } ], "versions": {{versions}} } ] }
            """).RootElement).Affected.Single();

    private static bool Affects(OsvAffected a, string version) => OsvEvaluation.IsAffected(a, version, DpkgVersion.Scheme);

    [Fact]
    public void Unfixed_example_every_version_is_affected()
    {
        var a = Affected("""[ { "introduced": "0" } ]""");
        Assert.All(new[] { "0.1", "1.0.2", "99:1" }, v => Assert.True(Affects(a, v), v));
    }

    [Fact]
    public void Fixed_example_everything_before_the_fix_is_affected_and_the_fix_is_named()
    {
        var a = Affected("""[ { "introduced": "0" }, { "fixed": "1.0.2" } ]""");
        Assert.True(Affects(a, "1.0.1"));
        Assert.True(Affects(a, "1.0.2~rc1"));   // dpkg order: a pre-release of the fix is still before it
        Assert.False(Affects(a, "1.0.2"));
        Assert.False(Affects(a, "1.0.10"));
        Assert.Equal("1.0.2", OsvEvaluation.FixedVersion(a, "1.0.1", DpkgVersion.Scheme));
    }

    [Fact]
    public void Multiple_range_example_affects_only_inside_either_interval_whatever_the_event_order()
    {
        foreach (var events in new[]
        {
            """[ { "introduced": "1.0.0" }, { "fixed": "1.0.2" }, { "introduced": "3.0.0" }, { "fixed": "3.2.5" } ]""",
            """[ { "fixed": "3.2.5" }, { "introduced": "3.0.0" }, { "fixed": "1.0.2" }, { "introduced": "1.0.0" } ]""",   // events are sorted before the walk
        })
        {
            var a = Affected(events);
            Assert.Equal([false, true, true, false, true, true, false],
                new[] { "0.9", "1.0.0", "1.0.1", "2.0", "3.0.0", "3.2.4", "3.2.5" }.Select(v => Affects(a, v)).ToArray());
            Assert.Equal("3.2.5", OsvEvaluation.FixedVersion(a, "3.1", DpkgVersion.Scheme));
        }
    }

    [Fact]
    public void Last_affected_example_includes_the_last_affected_version_and_fixed_excludes_it()
    {
        var last = Affected("""[ { "introduced": "0" }, { "last_affected": "2.1.214" } ]""");
        var fixedAt = Affected("""[ { "introduced": "0" }, { "fixed": "2.1.214" } ]""");
        Assert.True(Affects(last, "2.1.214"));
        Assert.False(Affects(last, "2.1.215"));
        Assert.False(Affects(fixedAt, "2.1.214"));
        Assert.True(Affects(fixedAt, "2.1.213"));
        Assert.Null(OsvEvaluation.FixedVersion(last, "2.1.1", DpkgVersion.Scheme));
    }

    [Fact]
    public void Limit_events_bound_the_range_and_listed_versions_match_exactly()
    {
        var limited = Affected("""[ { "introduced": "1.0" }, { "limit": "2.0" } ]""");
        Assert.True(Affects(limited, "1.5"));
        Assert.False(Affects(limited, "2.0"));
        var listed = Affected("""[ { "introduced": "5.0" }, { "fixed": "5.1" } ]""", """[ "2.3.9-1", "2.3.9-1+deb12u1" ]""");
        Assert.True(Affects(listed, "2.3.9-1+deb12u1"));
        Assert.True(Affects(listed, "2.3.9-01"));   // equal in dpkg's order
        Assert.False(Affects(listed, "2.3.9-1+deb12u2"));
    }

    internal const string Dsa5514 = """
        {
          "id": "DSA-5514-1",
          "summary": "glibc - security update",
          "modified": "2023-10-03T00:00:00Z",
          "published": "2023-10-03T00:00:00Z",
          "upstream": ["CVE-2023-4911", "DEBIAN-CVE-2023-4911"],
          "affected": [
            {"package": {"ecosystem": "Debian:11", "name": "glibc", "purl": "pkg:deb/debian/glibc?arch=source"},
             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.31-13+deb11u7"}]}]},
            {"package": {"ecosystem": "Debian:12", "name": "glibc", "purl": "pkg:deb/debian/glibc?arch=source"},
             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.36-9+deb12u3"}]}]}
          ],
          "references": [{"type": "ADVISORY", "url": "https://www.debian.org/security/2023/dsa-5514"}]
        }
        """;

    [Fact]
    public void A_real_Debian_advisory_reads_with_its_CVE_from_upstream_and_its_fix_per_release()
    {
        var result = OsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(Dsa5514)), "DSA-5514-1.json");
        Assert.Empty(result.Errors);
        var dsa = Assert.Single(result.Advisories);
        Assert.Equal(("DSA-5514-1", "CVE-2023-4911"), (dsa.Id, dsa.Cve));
        var bookworm = dsa.Affected.Single(a => a.Ecosystem == "Debian:12");
        Assert.True(OsvEvaluation.IsAffected(bookworm, "2.36-9+deb12u1", DpkgVersion.Scheme));
        Assert.False(OsvEvaluation.IsAffected(bookworm, "2.36-9+deb12u3", DpkgVersion.Scheme));
        Assert.Equal("2.36-9+deb12u3", OsvEvaluation.FixedVersion(bookworm, "2.36-9+deb12u1", DpkgVersion.Scheme));
        Assert.Equal(["https://www.debian.org/security/2023/dsa-5514"], dsa.References);
    }

    [Fact]
    public void A_zip_as_osv_dev_publishes_is_read_whole_and_each_bad_file_is_named_with_its_reason()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text) { using var w = new StreamWriter(archive.CreateEntry(name).Open()); w.Write(text); }
            Add("DSA-5514-1.json", Dsa5514);
            Add("broken.json", "{ not json");
            Add("no-package.json", """{"id": "X-1", "affected": [{"ranges": []}]}""");
            Add("two-keys.json", """{"id": "X-2", "affected": [{"package": {"ecosystem": "Debian:12", "name": "a"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0", "fixed": "1"}]}]}]}""");
            Add("no-introduced.json", """{"id": "X-3", "affected": [{"package": {"ecosystem": "Debian:12", "name": "a"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "1"}]}]}]}""");
            Add("README.txt", "not an advisory");
        }
        zip.Position = 0;
        var result = OsvReader.Read(zip, "Debian.zip");
        Assert.Equal(["DSA-5514-1"], result.Advisories.Select(a => a.Id));
        var errors = result.Errors.ToDictionary(e => e.File, e => e.Reason);
        Assert.Equal(4, errors.Count);
        Assert.StartsWith("is not valid JSON", errors["Debian.zip/broken.json"]);
        Assert.Equal("X-1: affected[0].package is missing", errors["Debian.zip/no-package.json"]);
        Assert.Contains("exactly one of introduced, fixed, last_affected, limit", errors["Debian.zip/two-keys.json"]);
        Assert.Contains("has no 'introduced' event", errors["Debian.zip/no-introduced.json"]);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_says_so()
    {
        var result = OsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes("PK? no")), "feed.zip");
        Assert.Empty(result.Advisories);
        Assert.StartsWith("not a zip archive", Assert.Single(result.Errors).Reason);
    }

    [Theory]
    // Base scores as the NVD publishes them for these CVEs' CVSS v3.1 vectors.
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, "Critical")]   // CVE-2021-44228 (Log4Shell)
    [InlineData("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, "High")]        // CVE-2023-4911 (Looney Tunables)
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, "High")]        // CVE-2014-0160 (Heartbleed)
    [InlineData("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1, "High")]        // CVE-2024-6387 (regreSSHion)
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "Medium")]      // a typical reflected XSS
    [InlineData("CVSS:3.1/AV:L/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, "None")]
    public void Cvss_v3_base_scores_match_the_published_ones(string vector, double score, string rating)
    {
        Assert.Equal(score, CvssV3.BaseScore(vector));
        Assert.Equal(rating, CvssV3.Rating(score));
    }

    [Fact]
    public void A_malformed_cvss_vector_has_no_score() =>
        Assert.All(new[] { "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV:N/AC:L", "CVSS:2.0/AV:N" }, v => Assert.Null(CvssV3.BaseScore(v)));
}
