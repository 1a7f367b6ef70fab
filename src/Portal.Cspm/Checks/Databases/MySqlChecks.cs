namespace Portal.Cspm.Checks.Databases;

public sealed class MySqlFlexRequireSecureTransport : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.MySqlFlexibleConfig;
    protected override string Parameter => "require_secure_transport";
    protected override bool Compliant(string v) => On(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-mysql-flexible-secure-transport", "MySQL flexible server does not require secure transport", Severity.High, "SQL",
        ResourceTypes.MySqlFlexible, "Server parameter require_secure_transport must be ON.",
        "Unencrypted connections expose credentials and data on the network.",
        Portal("Azure Database for MySQL flexible servers", "require_secure_transport", "ON"), MySqlCli("require_secure_transport", "ON"), "5.3.1");
}

public sealed class MySqlFlexTlsVersion : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.MySqlFlexibleConfig;
    protected override string Parameter => "tls_version";
    protected override bool Compliant(string v)
    {
        var versions = v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return versions.Length > 0 && versions.All(x => x.Is("TLSv1.2") || x.Is("TLSv1.3"));
    }
    public override CheckMetadata Metadata { get; } = Meta("azure-mysql-flexible-tls-version", "MySQL flexible server accepts TLS versions below 1.2", Severity.Medium, "SQL",
        ResourceTypes.MySqlFlexible, "Server parameter tls_version must list only TLSv1.2 and/or TLSv1.3.",
        "Clients can negotiate deprecated TLS 1.0/1.1.",
        Portal("Azure Database for MySQL flexible servers", "tls_version", "TLSv1.2 (and TLSv1.3)"), MySqlCli("tls_version", "TLSv1.2,TLSv1.3"), "5.3.2");
}

public sealed class MySqlFlexAuditLogEnabled : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.MySqlFlexibleConfig;
    protected override string Parameter => "audit_log_enabled";
    protected override bool Compliant(string v) => On(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-mysql-flexible-audit-log", "MySQL flexible server audit log is disabled", Severity.Medium, "SQL",
        ResourceTypes.MySqlFlexible, "Server parameter audit_log_enabled must be ON.",
        "Logins, DDL and DML are not audited.",
        Portal("Azure Database for MySQL flexible servers", "audit_log_enabled", "ON"), MySqlCli("audit_log_enabled", "ON"), "5.3.3");
}

public sealed class MySqlFlexAuditLogConnection : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.MySqlFlexibleConfig;
    protected override string Parameter => "audit_log_events";
    protected override bool Compliant(string v) => v.Split(',', StringSplitOptions.TrimEntries).Any(x => x.Is("CONNECTION"));
    public override CheckMetadata Metadata { get; } = Meta("azure-mysql-flexible-audit-connection-events", "MySQL flexible server audit log does not include CONNECTION events", Severity.Low, "SQL",
        ResourceTypes.MySqlFlexible, "Server parameter audit_log_events must include CONNECTION.",
        "Login attempts and sessions are not audited.",
        Portal("Azure Database for MySQL flexible servers", "audit_log_events", "a list including CONNECTION"), MySqlCli("audit_log_events", "CONNECTION,ADMIN,DDL"), "5.3.4");
}
