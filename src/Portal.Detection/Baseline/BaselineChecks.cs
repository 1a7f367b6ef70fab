using System.Globalization;
using Portal.DiskImages;

namespace Portal.Detection.Baseline;

/// <summary>
/// The bundled Linux baseline: checks evaluated from the files alone, each following a recommendation of the CIS Ubuntu
/// Linux 22.04 LTS Benchmark v2.0.0 (the same recommendations exist, under other numbers, in the CIS benchmarks of
/// Debian and RHEL). A check whose subject is missing (no sshd_config, no /etc/shadow) is not applicable, never "passed".
/// </summary>
public static class BaselineChecks
{
    public const string Cis = "CIS Ubuntu Linux 22.04 LTS Benchmark v2.0.0";

    private static (BaselineOutcome, string) Pass(string evidence) => (BaselineOutcome.Pass, evidence);
    private static (BaselineOutcome, string) Fail(string evidence) => (BaselineOutcome.Fail, evidence);
    private static (BaselineOutcome, string) NotApplicable(string why) => (BaselineOutcome.NotApplicable, why);

    private static BaselineCheck Ssh(string id, string title, string severity, string recommendation, string keyword, Func<string, bool> good, string expected, string meaning, string benchmark = Cis) =>
        new(id, title, severity, meaning,
            $"Set \"{expected}\" in /etc/ssh/sshd_config (before any Include that sets it, since sshd takes the first value) and restart sshd; with cloud-init, also check /etc/ssh/sshd_config.d/.",
            benchmark, recommendation,
            input =>
            {
                if (input.Sshd is not { } sshd) return NotApplicable("sshd is not configured on this volume (no /etc/ssh/sshd_config)");
                var evidence = sshd.Evidence(expected.Split(' ')[0]);
                return good(sshd.Get(keyword).Value.ToLowerInvariant()) ? Pass(evidence) : Fail(evidence);
            });

    private static bool IntAtMost(string v, int max) => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max;

    private static BaselineCheck Permissions(string id, string path, int maxMode, string recommendation, bool shadowGroupAllowed, string severity) =>
        new(id, $"Permissions on {path} are configured", severity,
            $"{path} must belong to root and allow at most mode {Convert.ToString(maxMode, 8)}: looser permissions let local users read or change account data.",
            $"chown root:{(shadowGroupAllowed ? "shadow" : "root")} {path} && chmod u-x,g-wx,o-{(maxMode % 8 == 0 ? "rwx" : "wx")} {path}",
            Cis, recommendation,
            input =>
            {
                if (input.Files.Resolve(path) is not { } e) return NotApplicable($"{path} does not exist on this volume");
                if (e.Mode is not { } mode || e.Uid is not { } uid || e.Gid is not { } gid) return NotApplicable($"the file system of {path} has no POSIX permissions");
                var perm = mode & 0xFFF;
                var shadowGid = input.Accounts?.Groups.FirstOrDefault(g => g.Name == "shadow")?.Gid;
                var groupOk = gid == 0 || (shadowGroupAllowed && gid == shadowGid);
                var evidence = $"{path}: mode {Convert.ToString(perm, 8).PadLeft(4, '0')}, uid {uid}, gid {gid}";
                return (perm & ~maxMode) == 0 && uid == 0 && groupOk ? Pass(evidence) : Fail(evidence);
            });

    private static BaselineCheck Accounts(string id, string title, string severity, string recommendation, string meaning, string fix, Func<LinuxAccounts, (BaselineOutcome, string)> evaluate) =>
        new(id, title, severity, meaning, fix, Cis, recommendation,
            input => input.Accounts is { } accounts ? evaluate(accounts) : NotApplicable("no /etc/passwd on this volume (not a Linux root file system)"));

    private static (BaselineOutcome, string) Duplicates<T>(IEnumerable<T> items, Func<T, string> key, string what, string file)
    {
        var dups = items.GroupBy(key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return dups.Count == 0 ? Pass($"no duplicate {what} in {file}") : Fail($"duplicate {what} in {file}: {string.Join(", ", dups)}");
    }

    public static readonly IReadOnlyList<BaselineCheck> Linux =
    [
        Ssh("ssh-permit-root-login", "SSH root login is disabled", "High", "5.1.20 Ensure sshd PermitRootLogin is disabled",
            "permitrootlogin", v => v == "no", "PermitRootLogin no",
            "Root can log in over SSH directly: a password or key guess gives full control, and actions are not attributable to a person."),
        Ssh("ssh-password-authentication", "SSH password authentication is disabled", "Medium",
            "No CIS recommendation (CIS leaves password authentication to site policy); Azure's guidance for internet-facing Linux VMs",
            "passwordauthentication", v => v == "no", "PasswordAuthentication no",
            "Passwords over SSH can be guessed or sprayed from the internet; keys (or Entra ID login) cannot.",
            benchmark: "Microsoft: Azure Linux VMs — use SSH keys (learn.microsoft.com/azure/virtual-machines/linux/create-ssh-keys-detailed)"),
        Ssh("ssh-permit-empty-passwords", "SSH logins with empty passwords are refused", "High", "5.1.19 Ensure sshd PermitEmptyPasswords is disabled",
            "permitemptypasswords", v => v == "no", "PermitEmptyPasswords no",
            "An account without a password could log in over SSH with no credential at all."),
        Ssh("ssh-max-auth-tries", "SSH allows at most 4 authentication attempts per connection", "Medium", "5.1.16 Ensure sshd MaxAuthTries is configured",
            "maxauthtries", v => IntAtMost(v, 4), "MaxAuthTries 4",
            "Many attempts per connection make brute-forcing cheaper and quieter in the logs."),
        Ssh("ssh-hostbased-authentication", "SSH host-based authentication is disabled", "Medium", "5.1.10 Ensure sshd HostbasedAuthentication is disabled",
            "hostbasedauthentication", v => v == "no", "HostbasedAuthentication no",
            "Host-based trust lets any user of a trusted host log in without their own credential."),
        Ssh("ssh-ignore-rhosts", "SSH ignores .rhosts files", "Medium", "5.1.11 Ensure sshd IgnoreRhosts is enabled",
            "ignorerhosts", v => v == "yes", "IgnoreRhosts yes",
            "User-writable .rhosts / .shosts files would grant trust relationships the administrator never set up."),
        Ssh("ssh-permit-user-environment", "SSH does not take users' environment options", "Medium", "5.1.21 Ensure sshd PermitUserEnvironment is disabled",
            "permituserenvironment", v => v == "no", "PermitUserEnvironment no",
            "Users could set LD_PRELOAD and similar variables for their SSH sessions and bypass restrictions."),
        Ssh("ssh-login-grace-time", "SSH login grace time is at most one minute", "Low", "5.1.13 Ensure sshd LoginGraceTime is configured",
            "logingracetime", v => int.TryParse(v.TrimEnd('s'), out var n) && n is > 0 and <= 60, "LoginGraceTime 60",
            "Long grace times let unauthenticated connections pile up (denial of service) and slow brute force less."),
        Ssh("ssh-log-level", "SSH logs at INFO or VERBOSE", "Low", "5.1.14 Ensure sshd LogLevel is configured",
            "loglevel", v => v is "info" or "verbose", "LogLevel VERBOSE",
            "Without INFO-level logging, logins and key fingerprints used are not recorded for an investigation."),
        Ssh("ssh-max-sessions", "SSH allows at most 10 sessions per connection", "Low", "5.1.17 Ensure sshd MaxSessions is configured",
            "maxsessions", v => IntAtMost(v, 10), "MaxSessions 10",
            "Many multiplexed sessions per connection make resource exhaustion easier."),
        new("ssh-client-alive", "SSH closes idle sessions", "Low",
            "Idle SSH sessions stay open forever, e.g. on an unattended workstation.",
            "Set \"ClientAliveInterval 15\" and \"ClientAliveCountMax 3\" in /etc/ssh/sshd_config and restart sshd.",
            Cis, "5.1.7 Ensure sshd ClientAliveInterval and ClientAliveCountMax are configured",
            input =>
            {
                if (input.Sshd is not { } sshd) return NotApplicable("sshd is not configured on this volume (no /etc/ssh/sshd_config)");
                var (interval, _) = sshd.Get("ClientAliveInterval");
                var (count, _) = sshd.Get("ClientAliveCountMax");
                var evidence = $"{sshd.Evidence("ClientAliveInterval")}, {sshd.Evidence("ClientAliveCountMax")}";
                return int.TryParse(interval, out var i) && i > 0 && int.TryParse(count, out var c) && c > 0 ? Pass(evidence) : Fail(evidence);
            }),
        Ssh("ssh-disable-forwarding", "SSH forwarding is disabled", "Low", "5.1.8 Ensure sshd DisableForwarding is enabled",
            "disableforwarding", v => v == "yes", "DisableForwarding yes",
            "X11, agent and TCP forwarding let an SSH session tunnel into networks the VM can reach."),
        Permissions("ssh-config-permissions", "/etc/ssh/sshd_config", 0x180 /* 0600 */, "5.1.1 Ensure permissions on /etc/ssh/sshd_config are configured", false, "Medium"),
        Permissions("passwd-permissions", "/etc/passwd", 0x1A4 /* 0644 */, "7.1.1 Ensure permissions on /etc/passwd are configured", false, "High"),
        Permissions("group-permissions", "/etc/group", 0x1A4 /* 0644 */, "7.1.3 Ensure permissions on /etc/group are configured", false, "Medium"),
        Permissions("shadow-permissions", "/etc/shadow", 0x1A0 /* 0640 */, "7.1.5 Ensure permissions on /etc/shadow are configured", true, "High"),
        Permissions("gshadow-permissions", "/etc/gshadow", 0x1A0 /* 0640 */, "7.1.7 Ensure permissions on /etc/gshadow are configured", true, "Medium"),
        new("world-writable-files", "No world-writable files or unprotected directories outside temporary directories", "Medium",
            "Any local user can change a world-writable file, and delete others' files in a world-writable directory without the sticky bit.",
            "chmod o-w on the files listed (and add the sticky bit, chmod +t, to directories that must stay shared).",
            Cis, "7.1.11 Ensure world writable files and directories are secured",
            input => input.WorldWritableCount == 0
                ? Pass("none found outside /tmp, /var/tmp and /dev/shm")
                : Fail($"{input.WorldWritableCount} found, e.g. {string.Join(", ", input.WorldWritable.Take(5).Select(e => e.Path))}")),
        Accounts("shadowed-passwords", "Accounts use shadowed passwords", "High", "7.2.1 Ensure accounts in /etc/passwd use shadowed passwords",
            "A password hash in /etc/passwd is readable by every local user and can be cracked offline.",
            "Run pwconv to move the hashes to /etc/shadow.",
            a => a.Users.Where(u => u.PasswordField != "x").Select(u => u.Name).ToList() is { Count: > 0 } bad
                ? Fail($"not shadowed in /etc/passwd: {string.Join(", ", bad)}") : Pass("every account in /etc/passwd has \"x\"")),
        Accounts("empty-passwords", "No account has an empty password", "Critical", "7.2.2 Ensure /etc/shadow password fields are not empty",
            "An account with an empty password field logs in without any password (locally, and over SSH if PermitEmptyPasswords allows).",
            "Lock the account (passwd -l <name>) or set a password, and find out who cleared it.",
            a => a.Shadow is not { } shadow ? NotApplicable("no /etc/shadow on this volume")
                : shadow.Where(s => s.Hash.Length == 0).Select(s => $"{s.Name} (line {s.Line})").ToList() is { Count: > 0 } bad
                    ? Fail($"empty password field in /etc/shadow: {string.Join(", ", bad)}") : Pass("no empty password field in /etc/shadow")),
        Accounts("groups-exist", "Every account's primary group exists", "Low", "7.2.3 Ensure all groups in /etc/passwd exist in /etc/group",
            "An account whose group id has no group entry gets that group's rights if a group with that id is created later.",
            "Create the missing groups or change the accounts' primary group.",
            a => a.Users.Where(u => a.Groups.All(g => g.Gid != u.Gid)).Select(u => $"{u.Name} (gid {u.Gid})").ToList() is { Count: > 0 } bad
                ? Fail($"primary group missing from /etc/group: {string.Join(", ", bad)}") : Pass("every primary group exists")),
        Accounts("shadow-group-empty", "The shadow group has no members", "Medium", "7.2.4 Ensure shadow group is empty",
            "Members of the shadow group can read /etc/shadow and crack every password hash.",
            "Remove the members: gpasswd -d <user> shadow, and change any account whose primary group is shadow.",
            a => a.Groups.FirstOrDefault(g => g.Name == "shadow") is not { } shadow ? NotApplicable("there is no shadow group")
                : shadow.Members.Concat(a.Users.Where(u => u.Gid == shadow.Gid).Select(u => u.Name)).Distinct().ToList() is { Count: > 0 } members
                    ? Fail($"members of shadow: {string.Join(", ", members)}") : Pass("the shadow group is empty")),
        Accounts("duplicate-uids", "No two accounts share a UID", "Medium", "7.2.5 Ensure no duplicate UIDs exist",
            "Accounts that share a UID share every file and right: actions cannot be told apart.",
            "Give each account its own UID and fix the owners of its files.",
            a => Duplicates(a.Users, u => u.Uid.ToString(CultureInfo.InvariantCulture), "UIDs", "/etc/passwd")),
        Accounts("duplicate-gids", "No two groups share a GID", "Low", "7.2.6 Ensure no duplicate GIDs exist",
            "Groups that share a GID share their rights.",
            "Give each group its own GID and fix the group of its files.",
            a => Duplicates(a.Groups, g => g.Gid.ToString(CultureInfo.InvariantCulture), "GIDs", "/etc/group")),
        Accounts("duplicate-user-names", "No two accounts share a name", "Medium", "7.2.7 Ensure no duplicate user names exist",
            "With two entries of one name, the first wins at login and the second account's files are owned by a name that means someone else.",
            "Rename or remove the duplicate entry.",
            a => Duplicates(a.Users, u => u.Name, "user names", "/etc/passwd")),
        Accounts("duplicate-group-names", "No two groups share a name", "Low", "7.2.8 Ensure no duplicate group names exist",
            "With two entries of one name, group membership checks may use either.",
            "Rename or remove the duplicate entry.",
            a => Duplicates(a.Groups, g => g.Name, "group names", "/etc/group")),
        Accounts("root-only-uid-0", "Root is the only account with UID 0", "Critical", "5.4.2.1 Ensure root is the only UID 0 account",
            "Another account with UID 0 is root under another name: a classic backdoor.",
            "Remove the account or give it a normal UID, and investigate how it was created.",
            a => a.Users.Where(u => u.Uid == 0 && u.Name != "root").Select(u => $"{u.Name} (line {u.Line})").ToList() is { Count: > 0 } bad
                ? Fail($"UID 0 besides root: {string.Join(", ", bad)}") : Pass("only root has UID 0")),
        new("auditd-installed", "The audit daemon is installed and configured", "Medium",
            "Without auditd, changes to accounts, sudo use and file access are not recorded for an investigation.",
            "apt install auditd audispd-plugins (dnf install audit on RHEL), enable it, and add rules (e.g. the CIS audit rules).",
            Cis, "6.2.1.1 Ensure auditd packages are installed",
            input => input.Files.Resolve("/etc/audit/auditd.conf") is { Type: FileEntryType.File }
                ? Pass("/etc/audit/auditd.conf exists")
                : input.Accounts is null ? NotApplicable("not a Linux root file system") : Fail("no /etc/audit/auditd.conf")),
        new("audit-logs-kept", "Audit logs are not deleted automatically", "Low",
            "When auditd rotates its logs away, the evidence of an older intrusion is gone.",
            "Set \"max_log_file_action = keep_logs\" in /etc/audit/auditd.conf.",
            Cis, "6.2.2.2 Ensure audit logs are not automatically deleted",
            input =>
            {
                if (input.Files.ReadText("/etc/audit/auditd.conf") is not { } conf) return NotApplicable("auditd is not installed");
                var action = conf.Split('\n').Select(l => l.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("max_log_file_action", StringComparison.OrdinalIgnoreCase))
                    .Select(p => p[1].Trim()).FirstOrDefault() ?? "ROTATE (default)";
                return action.Equals("keep_logs", StringComparison.OrdinalIgnoreCase) ? Pass($"max_log_file_action = {action}") : Fail($"max_log_file_action = {action}");
            }),
        new("host-firewall", "A host firewall is configured", "Medium",
            "Without a host firewall every listening service is reachable from wherever the NSGs allow, with no second layer.",
            "Enable ufw (ufw enable, with an allow rule for SSH first), or configure nftables / firewalld.",
            Cis, "4.1.1 Ensure a single firewall configuration utility is in use",
            input =>
            {
                if (input.Accounts is null) return NotApplicable("not a Linux root file system");
                if (input.Files.ReadText("/etc/ufw/ufw.conf") is { } ufw && ufw.Split('\n').Any(l => l.Trim().Equals("ENABLED=yes", StringComparison.OrdinalIgnoreCase)))
                    return Pass("ufw enabled (/etc/ufw/ufw.conf)");
                if (input.Files.ReadText("/etc/nftables.conf") is { } nft && nft.Contains("chain input", StringComparison.Ordinal) && nft.Contains("policy drop", StringComparison.Ordinal))
                    return Pass("nftables input chain with policy drop (/etc/nftables.conf)");
                if (input.Files.Resolve("/etc/systemd/system/multi-user.target.wants/firewalld.service") is not null)
                    return Pass("firewalld enabled");
                if (input.Files.ReadText("/etc/iptables/rules.v4") is { } rules && rules.Contains(":INPUT DROP", StringComparison.Ordinal))
                    return Pass("iptables-persistent rules with INPUT DROP (/etc/iptables/rules.v4)");
                return Fail("no enabled ufw, nftables input policy, firewalld or iptables-persistent rules found");
            }),
    ];
}
