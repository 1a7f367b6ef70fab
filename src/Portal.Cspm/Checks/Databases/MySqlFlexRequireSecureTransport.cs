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
