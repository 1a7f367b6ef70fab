using System.Diagnostics;
using Portal.Detection.Baseline;
using Portal.Detection.Inventory;
using Portal.DiskImages;

namespace Portal.Detection.Tests;

/// <summary>
/// The Linux baseline evaluated on a real ext4 file system: a root tree is laid out on this machine with the modes and
/// owners to test (the tests run as root, as CI does), packed with mkfs.ext4 -d, and read back through the project's
/// disk-image readers as an agentless scan reads a snapshot. The expected outcomes follow sshd_config(5) (first value
/// wins, Include in place, Match blocks conditional) and the CIS recommendations the checks name.
/// </summary>
public sealed class BaselineTests
{
    private sealed record TreeFile(string Path, string Content, int Mode = 0x1A4 /* 0644 */, int Uid = 0, int Gid = 0);

    private static readonly TreeFile[] Hardened =
    [
        new("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nazureuser:x:1000:1000::/home/azureuser:/bin/bash\n"),
        new("/etc/group", "root:x:0:\ndaemon:x:1:\nshadow:x:42:\nazureuser:x:1000:\n"),
        new("/etc/shadow", "root:*:19700:0:99999:7:::\ndaemon:*:19700:0:99999:7:::\nazureuser:$6$salt$hash:19700:0:99999:7:::\n", 0x1A0, 0, 42),
        new("/etc/gshadow", "root:*::\nshadow:*::\n", 0x1A0, 0, 42),
        new("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\nPasswordAuthentication no\nMaxAuthTries 4\nLoginGraceTime 60\nLogLevel VERBOSE\nClientAliveInterval 15\nDisableForwarding yes\n", 0x180),
        new("/etc/ssh/sshd_config.d/10-hardening.conf", "MaxSessions 4\n"),
        new("/etc/audit/auditd.conf", "log_file = /var/log/audit/audit.log\nmax_log_file_action = keep_logs\n", 0x1A0),
        new("/etc/ufw/ufw.conf", "# /etc/ufw/ufw.conf\nENABLED=yes\nLOGLEVEL=low\n"),
        new("/usr/lib/os-release", "PRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\nVERSION_ID=\"22.04\"\nVERSION=\"22.04.4 LTS (Jammy Jellyfish)\"\nID=ubuntu\n"),
        new("/tmp/shared", "anyone may write here", 0x1B6 /* 0666 */),
    ];

    private static readonly TreeFile[] Weak =
    [
        new("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/bash\nazureuser:x:1000:1000::/home/azureuser:/bin/bash\nbackup:x:1000:1000::/home/backup:/bin/sh\nlegacy:$1$abc$def:1001:4242::/home/legacy:/bin/sh\n", 0x1B6 /* 0666 */),
        new("/etc/group", "root:x:0:\nshadow:x:42:azureuser\nazureuser:x:1000:\nazureuser:x:1001:\n"),
        new("/etc/shadow", "root:*:19700:0:99999:7:::\ntoor::19700:0:99999:7:::\nazureuser:$6$salt$hash:19700:0:99999:7:::\n", 0x1A4 /* 0644 */, 0, 42),
        // cloud-init's drop-in comes first through the Include, so its "yes" wins over the main file's "no".
        new("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\nPermitEmptyPasswords yes\nMaxAuthTries 10\nX11Forwarding yes\nMatch User deploy\n  PasswordAuthentication yes\n", 0x1A4),
        new("/etc/ssh/sshd_config.d/50-cloud-init.conf", "PasswordAuthentication yes\npermitrootlogin yes\n"),
        new("/usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"),
        new("/srv/www/upload.php", "<?php ?>", 0x1FF /* 0777 */, 33, 33),
    ];

    private static (IReadOnlyList<BaselineResult> Results, string? Ecosystem) ScanImage(TreeFile[] tree, string[]? worldWritableDirs = null)
    {
        var root = Directory.CreateTempSubdirectory("baseline-tree-");
        var image = Path.Combine(Path.GetTempPath(), $"baseline-{Guid.NewGuid():N}.img");
        try
        {
            foreach (var f in tree)
            {
                var path = root.FullName + f.Path;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, f.Content);
                File.SetUnixFileMode(path, (UnixFileMode)f.Mode);
                Chown(path, f.Uid, f.Gid);
            }
            if (tree.Any(f => f.Path == "/usr/lib/os-release")) File.CreateSymbolicLink(root.FullName + "/etc/os-release", "../usr/lib/os-release");
            foreach (var d in worldWritableDirs ?? [])
            {
                Directory.CreateDirectory(root.FullName + d);
                File.SetUnixFileMode(root.FullName + d, (UnixFileMode)0x1FF);
            }
            Run("mkfs.ext4", "-q", "-F", "-d", root.FullName, image, "16M");

            using var disk = new FileDiskReader(image);
            var fs = Assert.Single(DiskImage.Open(disk).Volumes).FileSystem!;
            var files = new VolumeFiles(fs.OpenRead);
            var baseline = new BaselineScanner(files);
            foreach (var entry in fs.Walk())
            {
                files.Add(entry);
                baseline.Observe(entry);
            }
            return (baseline.Evaluate(), files.ReadText("/etc/os-release") is { } os ? OsRelease.Parse(os).OsvEcosystem : null);
        }
        finally
        {
            root.Delete(true);
            File.Delete(image);
        }
    }

    private static void Chown(string path, int uid, int gid) => Run("chown", "-h", $"{uid}:{gid}", path);

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {err}");
    }

    private static Dictionary<string, BaselineResult> ById(IReadOnlyList<BaselineResult> results) => results.ToDictionary(r => r.Check.Id);

    [Fact]
    public void The_bundled_baseline_has_at_least_25_checks_each_with_its_reference_and_fix()
    {
        Assert.True(BaselineChecks.Linux.Count >= 25, $"{BaselineChecks.Linux.Count} checks");
        Assert.Equal(BaselineChecks.Linux.Count, BaselineChecks.Linux.Select(c => c.Id).Distinct().Count());
        Assert.All(BaselineChecks.Linux, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Meaning + c.Fix + c.Benchmark + c.Recommendation) || c.Fix.Length < 10, c.Id);
            Assert.Contains(c.Severity, new[] { "Low", "Medium", "High", "Critical" });
        });
    }

    [Fact]
    public void A_hardened_Ubuntu_volume_passes_every_check()
    {
        var (results, ecosystem) = ScanImage(Hardened);
        var failed = results.Where(r => r.Outcome != BaselineOutcome.Pass).Select(r => $"{r.Check.Id}: {r.Outcome} {r.Evidence}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        Assert.Equal(BaselineChecks.Linux.Count, results.Count);
        Assert.Equal("Ubuntu:22.04:LTS", ecosystem);   // read through the /etc/os-release symlink
        Assert.Contains("/etc/ssh/sshd_config.d/10-hardening.conf line 1", ById(results)["ssh-max-sessions"].Evidence);
    }

    [Fact]
    public void A_weak_volume_fails_the_checks_it_breaks_with_the_evidence_that_decides_them()
    {
        var (results, _) = ScanImage(Weak, worldWritableDirs: ["/srv/drop"]);
        var r = ById(results);
        string Outcome(string id) => $"{id}={r[id].Outcome}";

        Assert.Equal(
            ["ssh-permit-root-login=Fail", "ssh-password-authentication=Fail", "ssh-permit-empty-passwords=Fail", "ssh-max-auth-tries=Fail",
             "ssh-config-permissions=Fail", "passwd-permissions=Fail", "shadow-permissions=Fail", "gshadow-permissions=NotApplicable",
             "world-writable-files=Fail", "shadowed-passwords=Fail", "empty-passwords=Fail", "groups-exist=Fail", "shadow-group-empty=Fail",
             "duplicate-uids=Fail", "duplicate-gids=Pass", "duplicate-user-names=Pass", "duplicate-group-names=Fail", "root-only-uid-0=Fail",
             "auditd-installed=Fail", "audit-logs-kept=NotApplicable", "host-firewall=Fail", "ssh-hostbased-authentication=Pass"],
            new[] { "ssh-permit-root-login", "ssh-password-authentication", "ssh-permit-empty-passwords", "ssh-max-auth-tries",
                "ssh-config-permissions", "passwd-permissions", "shadow-permissions", "gshadow-permissions",
                "world-writable-files", "shadowed-passwords", "empty-passwords", "groups-exist", "shadow-group-empty",
                "duplicate-uids", "duplicate-gids", "duplicate-user-names", "duplicate-group-names", "root-only-uid-0",
                "auditd-installed", "audit-logs-kept", "host-firewall", "ssh-hostbased-authentication" }.Select(Outcome));

        // sshd takes the first value: the drop-in read through the Include at the top wins, keyword case does not matter.
        Assert.Equal("permitrootlogin yes (/etc/ssh/sshd_config.d/50-cloud-init.conf line 2)", r["ssh-permit-root-login"].Evidence);
        Assert.Contains("also yes in a Match block (/etc/ssh/sshd_config line 7)", r["ssh-password-authentication"].Evidence);
        Assert.Equal("/etc/passwd: mode 0666, uid 0, gid 0", r["passwd-permissions"].Evidence);
        Assert.Contains("toor (line 2)", r["empty-passwords"].Evidence);
        Assert.Contains("toor", r["root-only-uid-0"].Evidence);
        Assert.Contains("legacy", r["shadowed-passwords"].Evidence);
        Assert.Contains("legacy (gid 4242)", r["groups-exist"].Evidence);
        Assert.Equal("members of shadow: azureuser", r["shadow-group-empty"].Evidence);
        Assert.Equal("3 found, e.g. /etc/passwd, /srv/drop, /srv/www/upload.php", r["world-writable-files"].Evidence);
        Assert.Contains("MaxAuthTries 10 (/etc/ssh/sshd_config line 4)", r["ssh-max-auth-tries"].Evidence);
    }

    [Fact]
    public void Without_sshd_the_ssh_checks_are_not_applicable_and_a_volume_without_passwd_gives_no_results()
    {
        var (results, _) = ScanImage(Hardened.Where(f => !f.Path.StartsWith("/etc/ssh/", StringComparison.Ordinal)).ToArray());
        Assert.All(results.Where(r => r.Check.Id.StartsWith("ssh-", StringComparison.Ordinal)), r =>
        {
            Assert.Equal(BaselineOutcome.NotApplicable, r.Outcome);
            Assert.Contains("/etc/ssh/sshd_config", r.Evidence);
        });
        var (none, _) = ScanImage([new TreeFile("/data/report.csv", "a,b\n")]);
        Assert.Empty(none);
    }
}
