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
