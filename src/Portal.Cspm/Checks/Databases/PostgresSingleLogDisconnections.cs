namespace Portal.Cspm.Checks.Databases;

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
