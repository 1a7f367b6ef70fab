namespace Portal.Cspm.Checks.Databases;

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
