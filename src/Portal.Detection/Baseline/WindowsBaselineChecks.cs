using Portal.Detection.Windows;

namespace Portal.Detection.Baseline;

/// <summary>
/// The Windows checks a registry hive shows, after the CIS Microsoft Windows Server 2022 Benchmark v2.0.0 (recommendation
/// numbers as far as the benchmark's table of contents gives them; the titles are the benchmark's). Settings set by
/// Group Policy (SOFTWARE\Policies) take precedence over the local ones, as Windows applies them.
/// </summary>
public static class WindowsBaselineChecks
{
    public const string Cis = "CIS Microsoft Windows Server 2022 Benchmark v2.0.0";

    private static (BaselineOutcome, string) Pass(string e) => (BaselineOutcome.Pass, e);
    private static (BaselineOutcome, string) Fail(string e) => (BaselineOutcome.Fail, e);
    private static (BaselineOutcome, string) NotApplicable(string e) => (BaselineOutcome.NotApplicable, e);

    private static BaselineCheck Check(string id, string title, string severity, string recommendation, string meaning, string fix, Func<WindowsRegistry, (BaselineOutcome, string)> evaluate) =>
        new(id, title, severity, meaning, fix, Cis, recommendation,
            input => input.Windows is { } w ? evaluate(w) : NotApplicable("no registry hives on this volume (not a Windows system volume)"));

    private static BaselineCheck Firewall(string id, string profile, string policyProfile, string localProfile, string recommendation) =>
        Check(id, $"Windows Firewall is on for the {profile} profile", "High", recommendation,
            $"With the {profile} profile's firewall off, every listening service is reachable wherever the NSGs allow.",
            $"Turn it on: Set-NetFirewallProfile -Profile {profile} -Enabled True (or by Group Policy: Windows Defender Firewall > {profile} Profile > Firewall state: On).",
            w =>
            {
                if (w.Software?.OpenKey($@"Policies\Microsoft\WindowsFirewall\{policyProfile}")?.GetValue("EnableFirewall")?.AsNumber() is { } policy)
                    return policy == 1 ? Pass($"EnableFirewall 1 by Group Policy ({policyProfile})") : Fail($"EnableFirewall {policy} by Group Policy ({policyProfile})");
                if (w.CurrentControlSet($@"Services\SharedAccess\Parameters\FirewallPolicy\{localProfile}")?.GetValue("EnableFirewall")?.AsNumber() is { } local)
                    return local == 1 ? Pass($"EnableFirewall 1 ({localProfile})") : Fail($"EnableFirewall {local} ({localProfile})");
                return w.System is null ? NotApplicable("no SYSTEM hive") : Pass("not set: Windows' default (on)");
            });

    public static readonly IReadOnlyList<BaselineCheck> All =
    [
        Check("smb1-server-disabled", "SMBv1 server is disabled", "High", "18.4.3 Ensure 'Configure SMB v1 server' is set to 'Disabled'",
            "SMBv1 has no encryption or pre-authentication integrity and is what EternalBlue / WannaCry spread through.",
            "Disable-WindowsOptionalFeature -Online -FeatureName SMB1Protocol, or set LanmanServer\\Parameters SMB1 = 0.",
            w =>
            {
                if (w.CurrentControlSet(@"Services\LanmanServer\Parameters")?.GetValue("SMB1")?.AsNumber() is { } smb1)
                    return smb1 == 0 ? Pass("LanmanServer\\Parameters SMB1 = 0") : Fail($"LanmanServer\\Parameters SMB1 = {smb1}");
                return w.CurrentControlSet(@"Services\srv") is { } srv && srv.GetValue("Start")?.AsNumber() != 4
                    ? Fail("the SMBv1 server driver (srv) is installed and SMB1 is not set to 0")
                    : w.System is null ? NotApplicable("no SYSTEM hive") : Pass("the SMBv1 server component is not installed");
            }),
        Check("smb1-client-disabled", "SMBv1 client driver is disabled", "Medium", "18.4.2 Ensure 'Configure SMB v1 client driver' is set to 'Enabled: Disable driver (recommended)'",
            "The SMBv1 client lets the VM be downgraded to SMBv1 by a malicious server.",
            "Disable the SMB1Protocol-Client feature, or set Services\\mrxsmb10 Start = 4.",
            w => w.System is null ? NotApplicable("no SYSTEM hive")
                : w.CurrentControlSet(@"Services\mrxsmb10") is not { } client ? Pass("the SMBv1 client driver (mrxsmb10) is not installed")
                : client.GetValue("Start")?.AsNumber() is 4 ? Pass("mrxsmb10 Start = 4 (disabled)") : Fail($"mrxsmb10 Start = {client.GetValue("Start")?.AsNumber()?.ToString() ?? "not set"}")),
        Check("rdp-nla", "Remote Desktop requires Network Level Authentication", "High",
            "'Require user authentication for remote connections by using Network Level Authentication' is set to 'Enabled'",
            "Without NLA, the login screen is served before authentication: it exposes the RDP stack (BlueKeep) and the user list to anyone who connects.",
            "System Properties > Remote > allow connections only with Network Level Authentication, or set RDP-Tcp UserAuthentication = 1.",
            w =>
            {
                if (w.CurrentControlSet(@"Control\Terminal Server")?.GetValue("fDenyTSConnections")?.AsNumber() == 1)
                    return Pass("Remote Desktop is turned off (fDenyTSConnections = 1)");
                if (w.Software?.OpenKey(@"Policies\Microsoft\Windows NT\Terminal Services")?.GetValue("UserAuthentication")?.AsNumber() is { } policy)
                    return policy == 1 ? Pass("UserAuthentication 1 by Group Policy") : Fail($"UserAuthentication {policy} by Group Policy");
                if (w.CurrentControlSet(@"Control\Terminal Server\WinStations\RDP-Tcp") is not { } rdp) return w.System is null ? NotApplicable("no SYSTEM hive") : NotApplicable("no RDP-Tcp listener is configured");
                var value = rdp.GetValue("UserAuthentication")?.AsNumber();
                return value == 1 ? Pass("RDP-Tcp UserAuthentication = 1") : Fail($"RDP-Tcp UserAuthentication = {value?.ToString() ?? "not set"}");
            }),
        Firewall("firewall-domain", "Domain", "DomainProfile", "DomainProfile", "9.1.1 Ensure 'Windows Firewall: Domain: Firewall state' is set to 'On (recommended)'"),
        Firewall("firewall-private", "Private", "PrivateProfile", "StandardProfile", "9.2.1 Ensure 'Windows Firewall: Private: Firewall state' is set to 'On (recommended)'"),
        Firewall("firewall-public", "Public", "PublicProfile", "PublicProfile", "9.3.1 Ensure 'Windows Firewall: Public: Firewall state' is set to 'On (recommended)'"),
        Check("guest-account-disabled", "The Guest account is disabled", "High", "'Accounts: Guest account status' is set to 'Disabled'",
            "An enabled Guest account logs in without a password (over the network where shares allow it).",
            "net user Guest /active:no (or by Group Policy: Security Options > Accounts: Guest account status: Disabled).",
            w => w.GuestEnabled() switch
            {
                null => NotApplicable("no SAM hive or no Guest account (RID 501)"),
                true => Fail("the Guest account (RID 501) is enabled"),
                false => Pass("the Guest account (RID 501) is disabled"),
            }),
        Check("wdigest-disabled", "WDigest does not keep clear-text passwords", "High", "18.4.7 Ensure 'WDigest Authentication' is set to 'Disabled'",
            "With WDigest's UseLogonCredential on, LSASS keeps users' passwords in clear text for tools like Mimikatz to read.",
            "Set Control\\SecurityProviders\\WDigest UseLogonCredential = 0.",
            w => w.System is null ? NotApplicable("no SYSTEM hive")
                : w.CurrentControlSet(@"Control\SecurityProviders\WDigest")?.GetValue("UseLogonCredential")?.AsNumber() is 1
                    ? Fail("WDigest UseLogonCredential = 1") : Pass("WDigest UseLogonCredential is not 1")),
    ];
}
