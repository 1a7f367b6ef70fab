namespace Portal.Cspm.Checks.Databases;

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
