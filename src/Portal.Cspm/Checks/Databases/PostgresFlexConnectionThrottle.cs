namespace Portal.Cspm.Checks.Databases;

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
