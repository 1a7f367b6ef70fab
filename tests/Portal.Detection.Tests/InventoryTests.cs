using System.Diagnostics;
using Portal.Detection.Inventory;
using Portal.Detection.Vulnerabilities;
using Portal.Detection.Vulnerabilities.Osv;
using System.Text;

namespace Portal.Detection.Tests;

/// <summary>
/// Installed-package readers: dpkg's status file against dpkg-query itself (<c>dpkg-query --admindir</c> reads the same
/// file), os-release files as the distributions ship them, apk's installed database in apk-tools' own format; and
/// matching an inventory against advisories.
/// </summary>
public sealed class InventoryTests
{
    private const string Status = """
        Package: libc6
        Status: install ok installed
        Priority: optional
        Section: libs
        Installed-Size: 12988
        Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
        Architecture: amd64
        Multi-Arch: same
        Source: glibc
        Version: 2.36-9+deb12u1
        Depends: libgcc-s1
        Description: GNU C Library: Shared libraries
         Contains the standard libraries that are used by nearly all programs on
         the system.

        Package: libc-bin
        Status: install ok installed
        Architecture: amd64
        Source: glibc
        Version: 2.36-9+deb12u1
        Description: GNU C Library: Binaries

        Package: openssh-server
        Status: install ok installed
        Architecture: amd64
        Source: openssh
        Version: 1:9.2p1-2+deb12u2
        Conffiles:
         /etc/ssh/moduli 6b5bc3a6d4bd1d8d3a3d48e9d3a0a4bd
        Description: secure shell (SSH) server

        Package: libssl3
        Status: install ok installed
        Architecture: amd64
        Source: openssl (3.0.11-1~deb12u2)
        Version: 3.0.11-1~deb12u2+b1
        Description: Secure Sockets Layer toolkit - shared libraries

        Package: old-removed
        Status: deinstall ok config-files
        Architecture: all
        Version: 1.0-1
        Description: removed, config files left

        Package: bash
        Status: install ok installed
        Architecture: amd64
        Version: 5.2.15-2+b2
        Description: GNU Bourne Again SHell
        """;

    [Fact]
    public void Dpkg_status_reads_the_installed_packages_and_their_sources_as_dpkg_query_does()
    {
        var ours = DpkgStatus.Parse(new StringReader(Status))
            .Select(p => $"{p.Name}\t{p.Version}\t{p.Architecture}\t{p.SourceName ?? p.Name}\t{p.SourceVersion ?? p.Version}").Order(StringComparer.Ordinal).ToList();

        var admin = Directory.CreateTempSubdirectory("dpkg-admin-");
        try
        {
            File.WriteAllText(Path.Combine(admin.FullName, "status"), Status.Replace("\r\n", "\n") + "\n");
            Directory.CreateDirectory(Path.Combine(admin.FullName, "info"));
            Directory.CreateDirectory(Path.Combine(admin.FullName, "updates"));
            var psi = new ProcessStartInfo("dpkg-query", ["--admindir=" + admin.FullName, "-W", "-f",
                "${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
            var theirs = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("ii"))
                .Select(l => string.Join('\t', l.Split('\t').Skip(1))).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(5, theirs.Count);
            Assert.Equal(theirs, ours);
        }
        finally { admin.Delete(recursive: true); }
    }

    [Theory]
    // As the distributions ship /etc/os-release (Debian 12.5, Ubuntu 22.04.4 LTS, Alpine 3.19.1, RHEL 9.4, Ubuntu 23.10).
    [InlineData("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n", "Debian:12", "Debian GNU/Linux 12 (bookworm)")]
    [InlineData("PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nVERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n", "Ubuntu:22.04:LTS", "Ubuntu 22.04.4 LTS")]
    [InlineData("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n", "Alpine:v3.19", "Alpine Linux v3.19")]
    [InlineData("NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.4 (Plow)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"9.4\"\nPRETTY_NAME=\"Red Hat Enterprise Linux 9.4 (Plow)\"\n", "Red Hat:enterprise_linux:9", "Red Hat Enterprise Linux 9.4 (Plow)")]
    [InlineData("PRETTY_NAME=\"Ubuntu 23.10\"\nVERSION_ID=\"23.10\"\nVERSION=\"23.10 (Mantic Minotaur)\"\nID=ubuntu\n", "Ubuntu:23.10", "Ubuntu 23.10")]
    public void Os_release_names_the_advisories_ecosystem(string text, string ecosystem, string name)
    {
        var os = OsRelease.Parse(text);
        Assert.Equal((ecosystem, name), (os.OsvEcosystem, os.DisplayName));
    }

    [Fact]
    public void Os_release_unquotes_as_a_shell_would_and_defaults_the_id_to_linux()
    {
        var os = OsRelease.Parse("# comment\nPRETTY_NAME=\"Say \\\"hi\\\" \\$HOME\"\nVERSION_ID='1.0'\n");
        Assert.Equal(("linux", "1.0", "Say \"hi\" $HOME"), (os.Id, os.VersionId, os.PrettyName));
        Assert.Null(os.OsvEcosystem);
    }

    [Fact]
    public void Apk_installed_reads_packages_with_their_origin()
    {
        // apk-tools' installed format as in its test/solver/*.installed fixtures, with the fields a real system adds.
        const string installed = "C:Q1EyN5AdpAOBJWKMR89pp/C66o+OE=\nP:libcrypto3\nV:3.1.4-r5\nA:x86_64\nS:1754123\nI:4452352\no:openssl\nm:Natanael Copa <ncopa@alpinelinux.org>\nF:lib\nR:libcrypto.so.3\n\n"
            + "C:Q1C4uoV7SdMdDhYg4OCVmI71D8HIA=\nP:busybox\nV:1.36.1-r15\nA:x86_64\no:busybox\n\nP:b\nV:1\nS:1\nI:1\n";
        var packages = ApkInstalled.Parse(new StringReader(installed));
        Assert.Equal(["libcrypto3 3.1.4-r5 openssl", "busybox 1.36.1-r15 busybox", "b 1 b"], packages.Select(p => $"{p.Name} {p.Version} {p.AdvisoryName}"));
        Assert.Equal("x86_64", packages[0].Architecture);
    }

    [Fact]
    public void A_Debian_12_inventory_matches_the_advisory_by_source_package_once_with_its_binaries_and_fix()
    {
        var advisories = OsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(OsvTests.Dsa5514)), "DSA-5514-1.json").Advisories;
        var matcher = new VulnerabilityMatcher(advisories);
        var packages = DpkgStatus.Parse(new StringReader(Status));

        var finding = Assert.Single(matcher.Match("Debian:12", packages));
        Assert.Equal(("DSA-5514-1", "CVE-2023-4911", "glibc", "2.36-9+deb12u1", "2.36-9+deb12u3"),
            (finding.AdvisoryId, finding.Cve, finding.Package, finding.InstalledVersion, finding.FixedVersion));
        Assert.Equal(["libc-bin", "libc6"], finding.BinaryPackages);
        // The same packages on Debian 11 do not take Debian 12's advisory entry; patched packages match nothing.
        Assert.Empty(matcher.Match("Debian:11", packages.Select(p => p with { Version = "2.31-13+deb11u7", SourceVersion = p.SourceName is null ? null : "2.31-13+deb11u7" })));
        Assert.Empty(matcher.Match("Debian:12", packages.Select(p => p.SourceName == "glibc" ? p with { SourceVersion = "2.36-9+deb12u3" } : p)));
    }

    [Fact]
    public void Severity_comes_from_the_cvss_vector_else_the_databases_word()
    {
        const string withCvss = """{"id": "UBUNTU-CVE-2024-6387", "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"}], "affected": [{"package": {"ecosystem": "Ubuntu:22.04:LTS", "name": "openssh"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1:8.9p1-3ubuntu0.10"}]}]}]}""";
        const string withWord = """{"id": "DEBIAN-CVE-2024-0001", "affected": [{"package": {"ecosystem": "Ubuntu:22.04:LTS", "name": "bash"}, "ecosystem_specific": {"urgency": "medium"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}]}]}""";
        var advisories = new[] { withCvss, withWord }.SelectMany(j => OsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(j)), "a.json").Advisories);
        var findings = new VulnerabilityMatcher(advisories).Match("Ubuntu:22.04:LTS",
            [new InstalledPackage("dpkg", "openssh-server", "1:8.9p1-3ubuntu0.6", SourceName: "openssh", SourceVersion: "1:8.9p1-3ubuntu0.6"), new InstalledPackage("dpkg", "bash", "5.1-6ubuntu1")]);
        Assert.Equal(["UBUNTU-CVE-2024-6387 High 8.1", "DEBIAN-CVE-2024-0001 Medium "], findings.Select(f => $"{f.AdvisoryId} {f.Severity} {f.CvssScore}"));
    }
}
