namespace Portal.Cspm.Checks.Databases;

public sealed class PostgresFlexRequireSecureTransport : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.PostgresFlexibleConfig;
    protected override string Parameter => "require_secure_transport";
    protected override bool Compliant(string v) => On(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-postgresql-flexible-secure-transport", "PostgreSQL flexible server does not require secure transport", Severity.High, "SQL",
        ResourceTypes.PostgresFlexible, "Server parameter require_secure_transport must be ON so only TLS connections are accepted.",
        "Unencrypted connections expose credentials and query data on the network.",
        Portal("Azure Database for PostgreSQL flexible servers", "require_secure_transport", "ON"), PgFlexCli("require_secure_transport", "on"), "5.2.1");
}

public sealed class PostgresFlexLogCheckpoints : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.PostgresFlexibleConfig;
    protected override string Parameter => "log_checkpoints";
    protected override bool Compliant(string v) => On(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-postgresql-flexible-log-checkpoints", "PostgreSQL flexible server does not log checkpoints", Severity.Low, "SQL",
        ResourceTypes.PostgresFlexible, "Server parameter log_checkpoints must be ON.",
        "Without checkpoint logs, performance problems and abnormal activity are harder to diagnose.",
        Portal("Azure Database for PostgreSQL flexible servers", "log_checkpoints", "ON"), PgFlexCli("log_checkpoints", "on"), "5.2.2");
}

public sealed class PostgresFlexConnectionThrottle : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.PostgresFlexibleConfig;
    protected override string Parameter => "connection_throttle.enable";
    protected override bool Compliant(string v) => On(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-postgresql-flexible-connection-throttling", "PostgreSQL flexible server connection throttling is off", Severity.Low, "SQL",
        ResourceTypes.PostgresFlexible, "Server parameter connection_throttle.enable must be ON so repeated failed logins are throttled.",
        "Without throttling, password brute force and connection floods run at full speed.",
        Portal("Azure Database for PostgreSQL flexible servers", "connection_throttle.enable", "ON"), PgFlexCli("connection_throttle.enable", "on"), "5.2.3");
}

public sealed class PostgresFlexLogRetention : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.PostgresFlexibleConfig;
    protected override string Parameter => "logfiles.retention_days";
    protected override bool Compliant(string v) => int.TryParse(v, out var d) && d > 3;
    public override CheckMetadata Metadata { get; } = Meta("azure-postgresql-flexible-log-retention", "PostgreSQL flexible server log files are kept 3 days or less", Severity.Low, "SQL",
        ResourceTypes.PostgresFlexible, "Server parameter logfiles.retention_days must be greater than 3 (4-7).",
        "Server logs needed to investigate an incident are gone before it is noticed.",
        Portal("Azure Database for PostgreSQL flexible servers", "logfiles.retention_days", "4-7"), PgFlexCli("logfiles.retention_days", "7"), "5.2.4");
}

public sealed class PostgresFlexAllowAzureServices : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-postgresql-flexible-allow-azure-services", "PostgreSQL flexible server allows public access from any Azure service", Severity.High, "SQL",
        ResourceTypes.PostgresFlexible,
        "No firewall rule of the server may be 0.0.0.0 - 0.0.0.0 (the 'Allow public access from any Azure service within Azure' rule).",
        "Any workload in any Azure tenant, including an attacker's, can reach the server's login endpoint.",
        "Azure Database for PostgreSQL flexible servers > select the server > Settings > Networking > untick 'Allow public access from any Azure service within Azure to this server' > Save.",
        "az postgres flexible-server firewall-rule delete -g <resource-group> -n <server> --rule-name <AllowAllAzureServicesAndResourcesWithinAzureIps_...> --yes",
        "5.2.5");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.PostgresFlexibleFirewall };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var rules = resources.ChildrenOf(server.Id, ResourceTypes.PostgresFlexibleFirewall).ToList();
        var bad = rules.Where(r => r.Json.Str("properties.startIpAddress") == "0.0.0.0" && r.Json.Str("properties.endIpAddress") == "0.0.0.0").ToList();
        return bad.Count > 0
            ? Outcome.Fail(string.Join("; ", bad.Select(r => $"firewallRules/{r.Name}: 0.0.0.0 - 0.0.0.0")))
            : Outcome.Pass($"{rules.Count} firewall rule(s), none 0.0.0.0 - 0.0.0.0");
    }
}

public sealed class PostgresSingleLogConnections : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.PostgresSingleConfig;
    protected override string Parameter => "log_connections";
    protected override bool Compliant(string v) => On(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-postgresql-single-log-connections", "[Legacy] PostgreSQL single server does not log connections", Severity.Low, "SQL",
        ResourceTypes.PostgresSingle, "Server parameter log_connections must be ON.",
        "Login attempts (including brute force) are not recorded.",
        Portal("Azure Database for PostgreSQL servers", "log_connections", "ON"), PgSingleCli("log_connections", "on"), "5.2.6");
}

public sealed class PostgresSingleLogDisconnections : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.PostgresSingleConfig;
    protected override string Parameter => "log_disconnections";
    protected override bool Compliant(string v) => On(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-postgresql-single-log-disconnections", "[Legacy] PostgreSQL single server does not log disconnections", Severity.Low, "SQL",
        ResourceTypes.PostgresSingle, "Server parameter log_disconnections must be ON.",
        "Session ends and durations are not recorded, hiding abnormal sessions.",
        Portal("Azure Database for PostgreSQL servers", "log_disconnections", "ON"), PgSingleCli("log_disconnections", "on"), "5.2.7");
}

public sealed class PostgresSingleInfrastructureEncryption : SettingCheck
{
    protected override string Path => "properties.infrastructureEncryption";
    protected override bool Compliant(string? v) => v.Is("Enabled");
    public override CheckMetadata Metadata { get; } = Meta("azure-postgresql-single-infrastructure-encryption", "[Legacy] PostgreSQL single server infrastructure double encryption is disabled", Severity.Low, "SQL",
        ResourceTypes.PostgresSingle, "properties.infrastructureEncryption must be Enabled (only selectable at creation).",
        "A single encryption layer protects the data at rest.",
        "Infrastructure double encryption is chosen when the server is created (Additional settings > Infrastructure double encryption); recreate the server (or migrate to a flexible server) and restore the data.",
        "az postgres server create -g <resource-group> -n <server> -l <region> --infrastructure-encryption Enabled ...",
        "5.2.8");
}
