using System.Diagnostics;
using Portal.Detection.Inventory;

namespace Portal.Detection.Tests;

/// <summary>
/// The rpm database reader against rpm itself (Debian's rpm 4.18): tiny packages are built with rpmbuild, installed with
/// <c>rpm --justdb</c> into a SQLite database of their own (<c>_db_backend sqlite</c>, as RHEL 9 keeps it), and what the
/// project reads from rpmdb.sqlite must equal <c>rpm -qa --qf</c> on the same database.
/// </summary>
public sealed class RpmDatabaseTests
{
    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        psi.Environment["HOME"] = Path.GetTempPath();
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {stderr.Result}");
        return output;
    }

    [Fact]
    public void Packages_installed_into_an_rpmdb_sqlite_read_as_rpm_lists_them()
    {
        var top = Directory.CreateTempSubdirectory("rpm-");
        try
        {
            var specs = new[]
            {
                ("openssl-libs", "", "3.0.7", "27.el9", "openssl"),
                ("sudo", "", "1.9.5p2", "10.el9_3", "sudo"),
                ("bind-utils", "32", "9.16.23", "14.el9_3", "bind"),
            };
            var db = Directory.CreateDirectory(Path.Combine(top.FullName, "db")).FullName;
            var defines = new[] { "--define", $"_topdir {top.FullName}", "--define", "_db_backend sqlite", "--define", $"_dbpath {db}" };
            Run("rpm", [.. defines, "--initdb"]);
            foreach (var (name, epoch, version, release, source) in specs)
            {
                var spec = Path.Combine(top.FullName, name + ".spec");
                File.WriteAllText(spec, $"""
                    Name: {name}
                    {(epoch.Length > 0 ? "Epoch: " + epoch : "")}
                    Version: {version}
                    Release: {release}
                    Summary: test package built from {source}
                    License: MIT
                    BuildArch: noarch
                    %description
                    Test package.
                    %files
                    """);
                Run("rpmbuild", [.. defines, "--define", $"_sourcerpm {source}-{version}-{release}.src.rpm", "-bb", spec]);
            }
            foreach (var rpm in Directory.GetFiles(Path.Combine(top.FullName, "RPMS"), "*.rpm", SearchOption.AllDirectories))
                Run("rpm", [.. defines, "-i", "--justdb", "--nodeps", "--noscripts", "--ignorearch", "--ignoreos", rpm]);

            var theirs = Run("rpm", [.. defines, "-qa", "--qf", "%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE} %{ARCH}\\n"])
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
            var ours = RpmDatabase.ReadSqlite(Path.Combine(db, "rpmdb.sqlite")).Select(p => $"{p.Name} {p.Version} {p.Architecture}").Order(StringComparer.Ordinal).ToList();

            Assert.Equal(3, theirs.Count);
            Assert.Equal(theirs, ours);
            Assert.Contains("bind-utils 32:9.16.23-14.el9_3 noarch", ours);
        }
        finally { top.Delete(true); }
    }

    [Fact]
    public void A_corrupt_header_is_refused_with_what_is_wrong()
    {
        var ex = Assert.Throws<FormatException>(() => RpmDatabase.ParseHeader(new byte[] { 0, 0, 0, 100, 0, 0, 0, 10, 1, 2, 3 }));
        Assert.Contains("claims 100 entries", ex.Message);
    }
}
