using System.Net;

namespace Portal.Cspm.Checks.Sql;

internal static class SqlAudit
{
    public static ResourceConfig? Of(ResourceConfig server, IResourceSet resources) =>
        resources.ChildrenOf(server.Id, ResourceTypes.SqlAuditing).OrderBy(a => a.Name.Is("default") ? 0 : 1).FirstOrDefault();
}

public sealed class SqlAuditingEnabled : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-auditing-enabled", "SQL server auditing is off", Severity.High, "SQL",
        ResourceTypes.SqlServer,
        "The server's auditing settings (Microsoft.Sql/servers/auditingSettings/default) must have state = Enabled.",
        "Without auditing, database logins, privilege changes and data access cannot be traced or alerted on.",
        "SQL servers > select the server > Security > Auditing > 'Enable Azure SQL Auditing' = On > choose Log Analytics/Storage/Event Hub > Save.",
        "az sql server audit-policy update -g <resource-group> -n <server> --state Enabled --lat-enabled true --lat-workspace-id <workspace-id>",
        "5.1.1");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlAuditing };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var audit = SqlAudit.Of(server, resources);
        if (audit is null) return Outcome.Fail("auditingSettings/default not in the synced configuration: auditing not shown as enabled");
        return Outcome.When(audit.Json.Str("properties.state").Is("Enabled"), "auditingSettings/" + audit.Name + ": " + audit.Show("properties.state"));
    }
}

public sealed class SqlAuditRetention : ResourceCheck
{
    public const int MinDays = 90;
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-audit-retention-90", "SQL server audit retention is shorter than 90 days", Severity.Medium, "SQL",
        ResourceTypes.SqlServer,
        "With auditing enabled, properties.retentionDays of auditingSettings/default must be 0 (unlimited) or at least 90.",
        "Breaches are often discovered months later; short audit retention destroys the evidence needed to scope them.",
        "SQL servers > select the server > Security > Auditing > Storage > Advanced properties > Retention (days) = 90 or more (0 = unlimited) > Save.",
        "az sql server audit-policy update -g <resource-group> -n <server> --state Enabled --bsts Enabled --storage-account <account> --retention-days 90",
        "5.1.6");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlAuditing };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var audit = SqlAudit.Of(server, resources);
        if (audit is null) return Outcome.Fail("auditingSettings/default not in the synced configuration");
        if (!audit.Json.Str("properties.state").Is("Enabled")) return Outcome.Fail(audit.Show("properties.state") + " (no audit records are retained)");
        var days = audit.Json.Num("properties.retentionDays") ?? 0;
        return Outcome.When(days == 0 || days >= MinDays, $"properties.retentionDays = {days}{(days == 0 ? " (unlimited)" : "")}");
    }
}

internal static class SqlFirewall
{
    public static uint Ip(string? s) =>
        s is not null && IPAddress.TryParse(s, out var a) && a.GetAddressBytes() is { Length: 4 } b ? (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]) : 0;

    /// <summary>Rules that open the server to the whole Internet: 0.0.0.0-255.255.255.255, or any range of a /8 (16.7M addresses) or more.</summary>
    public static bool InternetWide(ResourceConfig rule)
    {
        var lo = Ip(rule.Json.Str("properties.startIpAddress"));
        var hi = Ip(rule.Json.Str("properties.endIpAddress"));
        return hi >= lo && (long)hi - lo + 1 >= 1L << 24;
    }

    public static bool AllAzure(ResourceConfig rule) =>
        rule.Json.Str("properties.startIpAddress") == "0.0.0.0" && rule.Json.Str("properties.endIpAddress") == "0.0.0.0";

    public static string Describe(ResourceConfig r) => $"firewallRules/{r.Name}: {r.Json.Str("properties.startIpAddress")} - {r.Json.Str("properties.endIpAddress")}";
}

public sealed class SqlFirewallAllowAllAzure : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-firewall-allow-azure-services", "SQL server firewall allows all Azure services (0.0.0.0 - 0.0.0.0)", Severity.High, "SQL",
        ResourceTypes.SqlServer,
        "No firewall rule may be 0.0.0.0 - 0.0.0.0 ('Allow Azure services and resources to access this server'), which admits every Azure tenant's resources.",
        "Any workload in any Azure subscription (including an attacker's) can reach the server's login endpoint.",
        "SQL servers > select the server > Security > Networking > Exceptions: untick 'Allow Azure services and resources to access this server' > Save; use private endpoints or virtual network rules.",
        "az sql server firewall-rule delete -g <resource-group> -s <server> -n AllowAllWindowsAzureIps",
        "5.1.2");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlFirewallRule };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var rules = resources.ChildrenOf(server.Id, ResourceTypes.SqlFirewallRule).ToList();
        var bad = rules.Where(SqlFirewall.AllAzure).ToList();
        return bad.Count > 0 ? Outcome.Fail(string.Join("; ", bad.Select(SqlFirewall.Describe))) : Outcome.Pass($"{rules.Count} firewall rule(s), none 0.0.0.0 - 0.0.0.0");
    }
}

public sealed class SqlFirewallOpenToInternet : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-firewall-internet", "SQL server firewall allows ingress from the whole Internet (0.0.0.0/0)", Severity.Critical, "SQL",
        ResourceTypes.SqlServer,
        "No firewall rule may span 0.0.0.0 - 255.255.255.255 (or any range of a /8 or more).",
        "The server's login endpoint is open to password spraying and exploitation from anywhere.",
        "SQL servers > select the server > Security > Networking > Firewall rules: delete the rule spanning the Internet and add only the client addresses needed > Save.",
        "az sql server firewall-rule delete -g <resource-group> -s <server> -n <rule>",
        "5.1.2");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlFirewallRule };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var rules = resources.ChildrenOf(server.Id, ResourceTypes.SqlFirewallRule).ToList();
        var bad = rules.Where(SqlFirewall.InternetWide).ToList();
        return bad.Count > 0 ? Outcome.Fail(string.Join("; ", bad.Select(SqlFirewall.Describe))) : Outcome.Pass($"{rules.Count} firewall rule(s), none spans the Internet");
    }
}

public sealed class SqlTdeProtectorCmk : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-tde-protector-cmk", "SQL server TDE protector is not a customer-managed key", Severity.Medium, "SQL",
        ResourceTypes.SqlServer,
        "The server's encryption protector (Microsoft.Sql/servers/encryptionProtector/current) must have serverKeyType = AzureKeyVault.",
        "With a service-managed TDE protector the organisation cannot revoke access to the databases' data or control key rotation.",
        "SQL servers > select the server > Security > Transparent data encryption > 'Customer-managed key' > select the key vault key > Save.",
        "az sql server tde-key set -g <resource-group> -s <server> --server-key-type AzureKeyVault --kid <key-vault-key-id>",
        "5.1.3");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlEncryptionProtector };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var p = resources.ChildrenOf(server.Id, ResourceTypes.SqlEncryptionProtector).FirstOrDefault();
        if (p is null) return Outcome.Fail("encryptionProtector not in the synced configuration (service-managed by default)");
        return Outcome.When(p.Json.Str("properties.serverKeyType").Is("AzureKeyVault"), "encryptionProtector/" + p.Name + ": " + p.Show("properties.serverKeyType"));
    }
}

public sealed class SqlEntraAdmin : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-entra-admin", "SQL server has no Microsoft Entra admin", Severity.High, "SQL",
        ResourceTypes.SqlServer,
        "The server must have a Microsoft Entra administrator: properties.administrators (administratorType ActiveDirectory) or a Microsoft.Sql/servers/administrators child.",
        "Without Entra authentication only SQL logins exist: no MFA, no central de-provisioning, shared passwords.",
        "SQL servers > select the server > Settings > Microsoft Entra ID > Set admin > choose a group > Save.",
        "az sql server ad-admin create -g <resource-group> -s <server> --display-name <group-name> --object-id <group-object-id>",
        "5.1.4");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlAdministrator };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var login = server.Json.Str("properties.administrators.login");
        if (!string.IsNullOrEmpty(login)) return Outcome.Pass($"properties.administrators.login = {login}");
        var child = resources.ChildrenOf(server.Id, ResourceTypes.SqlAdministrator)
            .FirstOrDefault(a => a.Json.Str("properties.administratorType").Is("ActiveDirectory") && !string.IsNullOrEmpty(a.Json.Str("properties.login")));
        return child is not null ? Outcome.Pass($"administrators/{child.Name}: properties.login = {child.Json.Str("properties.login")}")
            : Outcome.Fail("properties.administrators = (absent) and no ActiveDirectory administrator child");
    }
}

public sealed class SqlDatabaseTde : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-database-tde", "SQL database transparent data encryption is off", Severity.High, "SQL",
        ResourceTypes.SqlDatabase,
        "Every user database (not master) must have transparentDataEncryption/current with state = Enabled.",
        "Database files, backups and logs are stored unencrypted and readable by whoever obtains them.",
        "SQL databases > select the database > Security > Transparent data encryption > Data encryption = On > Save.",
        "az sql db tde set -g <resource-group> -s <server> -d <database> --status Enabled",
        "5.1.5");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlTde };

    protected override Outcome? Evaluate(ResourceConfig db, IResourceSet resources)
    {
        if (db.Name.Is("master")) return null;
        var tde = resources.ChildrenOf(db.Id, ResourceTypes.SqlTde).FirstOrDefault();
        if (tde is null) return Outcome.Fail("transparentDataEncryption/current not in the synced configuration: TDE not shown as enabled");
        return Outcome.When(tde.Json.Str("properties.state").Is("Enabled"), "transparentDataEncryption/" + tde.Name + ": " + tde.Show("properties.state"));
    }
}

public sealed class SqlMinimumTls : SettingCheck
{
    protected override string Path => "properties.minimalTlsVersion";
    protected override bool Compliant(string? v) => TlsAtLeast12(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-min-tls", "SQL server minimal TLS version is below 1.2", Severity.Medium, "SQL",
        ResourceTypes.SqlServer,
        "properties.minimalTlsVersion must be 1.2 or higher ('None' or absent accepts TLS 1.0/1.1).",
        "Clients can negotiate deprecated TLS versions with known weaknesses.",
        "SQL servers > select the server > Security > Networking > Connectivity > Minimum TLS version = 1.2 > Save.",
        "az sql server update -g <resource-group> -n <server> --minimal-tls-version 1.2");
}

public sealed class SqlPublicNetworkAccess : SettingCheck
{
    protected override string Path => "properties.publicNetworkAccess";
    protected override bool Compliant(string? v) => v.Is("Disabled");
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-public-network-access", "SQL server public network access is enabled", Severity.Medium, "SQL",
        ResourceTypes.SqlServer,
        "properties.publicNetworkAccess must be Disabled; clients connect through private endpoints.",
        "A public endpoint exposes the server's login surface to the Internet, limited only by firewall rules.",
        "SQL servers > select the server > Security > Networking > Public access > Public network access = Disable > Save.",
        "az sql server update -g <resource-group> -n <server> --enable-public-network false",
        "5.1.7");
}
