namespace Portal.Cspm.Checks.Databases;

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
