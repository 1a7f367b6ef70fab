namespace Portal.Cspm.Checks.Databases;

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
