namespace Portal.Cspm.Checks.Network;

/// <summary>Base for "an NSG lets the Internet reach port X": per NSG, the inbound Allow rules from any Internet source
/// ("*", "0.0.0.0/0", "Internet", "Any") that cover the port and are not shadowed by a higher-priority deny-all of that traffic.</summary>
public abstract class NsgInternetPortCheck : ResourceCheck
{
    protected abstract string Protocol { get; }
    /// <summary>Ports to test; empty means "any port of <see cref="Protocol"/>".</summary>
    protected abstract int[] Ports { get; }

    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SecurityRule };

    protected override Outcome? Evaluate(ResourceConfig nsg, IResourceSet resources)
    {
        var rules = NsgRules.Of(nsg, resources);
        var open = (Ports.Length == 0 ? NsgRules.OpenToInternet(rules, Protocol, null)
                : Ports.SelectMany(p => NsgRules.OpenToInternet(rules, Protocol, p)))
            .Where(Include).DistinctBy(r => r.Name).ToList();
        var what = $"{Protocol} {(Ports.Length == 0 ? "any port" : string.Join("/", Ports))}";
        return open.Count == 0
            ? Outcome.Pass($"no inbound Allow rule lets the Internet reach {what}")
            : Outcome.Fail($"{what} open to the Internet: " + string.Join("; ", open.Take(5).Select(r => r.Describe())));
    }

    protected virtual bool Include(NsgRule rule) => true;

    protected static string PortalFix(string what) =>
        $"Network security groups > select the NSG > Inbound security rules: delete or edit each Allow rule whose Source is Any/Internet/0.0.0.0/0 and whose destination port covers {what}; restrict the source to known address ranges or use Azure Bastion / Just-in-time access.";

    protected static string CliFix(string port) =>
        $"az network nsg rule update -g <resource-group> --nsg-name <nsg> -n <rule> --source-address-prefixes <trusted-cidr>   # or: az network nsg rule delete -g <resource-group> --nsg-name <nsg> -n <rule>   (rule opening {port})";
}

public sealed class NsgRdpFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 3389 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-rdp-internet", "NSG allows RDP (TCP 3389) from the Internet", Severity.Critical, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow TCP 3389 from any Internet address ('*', '0.0.0.0/0', 'Internet', 'Any').",
        "RDP exposed to the Internet is brute-forced within hours and is a common ransomware entry point.",
        PortalFix("3389"), CliFix("3389"), "7.1");
}

public sealed class NsgSshFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 22 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-ssh-internet", "NSG allows SSH (TCP 22) from the Internet", Severity.Critical, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow TCP 22 from any Internet address.",
        "SSH exposed to the Internet invites credential stuffing and exploitation of SSH daemon vulnerabilities.",
        PortalFix("22"), CliFix("22"), "7.2");
}

public sealed class NsgUdpFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Udp";
    protected override int[] Ports => Array.Empty<int>();
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-udp-internet", "NSG allows UDP from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow UDP (protocol Udp or Any) from any Internet address.",
        "Open UDP services (DNS, NTP, SNMP, CLDAP, SSDP) are abused for reflection/amplification DDoS attacks and expose services.",
        PortalFix("any UDP port"), CliFix("UDP"), "7.3");
}

public sealed class NsgHttpFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 80, 443 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-http-internet", "NSG allows HTTP(S) (TCP 80/443) from the Internet", Severity.Medium, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound rules allowing TCP 80/443 from the Internet should be deliberate; publish web workloads through Application Gateway/WAF or Front Door instead of directly.",
        "Web servers directly reachable from the Internet bypass WAF protection and widen the attack surface.",
        PortalFix("80/443"), CliFix("80/443"), "7.4");
}

public sealed class NsgSqlFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 1433, 1434 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-sql-internet", "NSG allows SQL Server (TCP 1433/1434) from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow the SQL Server ports from any Internet address.",
        "Database engines exposed to the Internet are targeted by password spraying and data exfiltration.",
        PortalFix("1433/1434"), CliFix("1433"));
}

public sealed class NsgOpenDatabasesFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 3306, 5432, 27017, 6379, 9200, 5984 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-database-ports-internet", "NSG allows database ports (MySQL, PostgreSQL, MongoDB, Redis, Elasticsearch, CouchDB) from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow TCP 3306, 5432, 27017, 6379, 9200 or 5984 from any Internet address.",
        "Self-hosted data stores reachable from the Internet are routinely found by scanners and wiped or ransomed.",
        PortalFix("3306/5432/27017/6379/9200/5984"), CliFix("database ports"));
}

public sealed class NsgSmbFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 445, 139 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-smb-internet", "NSG allows SMB/NetBIOS (TCP 445/139) from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow TCP 445 or 139 from any Internet address.",
        "SMB from the Internet exposes file shares and wormable vulnerabilities (e.g. EternalBlue).",
        PortalFix("445/139"), CliFix("445"));
}

public sealed class NsgWinRmFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 5985, 5986 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-winrm-internet", "NSG allows WinRM (TCP 5985/5986) from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow Windows Remote Management from any Internet address.",
        "WinRM gives remote command execution; exposed, it is brute-forced like RDP.",
        PortalFix("5985/5986"), CliFix("5985/5986"));
}

public sealed class NsgFtpTelnetFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 20, 21, 23 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-ftp-telnet-internet", "NSG allows FTP or Telnet (TCP 20/21/23) from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow clear-text FTP or Telnet from any Internet address.",
        "FTP and Telnet send credentials in clear text and are frequent brute-force targets.",
        PortalFix("20/21/23"), CliFix("20/21/23"));
}

public sealed class NsgAnyPortFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => Array.Empty<int>();
    protected override bool Include(NsgRule rule) => rule.CoversAllPorts;
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-any-port-internet", "NSG allows all ports from the Internet", Severity.Critical, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "No inbound Allow rule may open every destination port ('*' or 0-65535) to any Internet address.",
        "An allow-all rule removes the NSG as a control: every listening service on the protected VMs is reachable from the Internet.",
        PortalFix("all ports ('*')"), CliFix("*"), "7.1", "7.2", "7.3", "7.4");
}
