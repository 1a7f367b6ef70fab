namespace Portal.Cspm.Checks.Databases;

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
