namespace Portal.Cspm.Checks.Databases;

public sealed class PostgresSingleInfrastructureEncryption : SettingCheck
{
    protected override string Path => "properties.infrastructureEncryption";
    protected override bool Compliant(string? v) => v.Is("Enabled");
    public override CheckMetadata Metadata { get; } = Meta("azure-postgresql-single-infrastructure-encryption", "[Legacy] PostgreSQL single server infrastructure double encryption is disabled", Severity.Low, "SQL",
        ResourceTypes.PostgresSingle, "properties.infrastructureEncryption must be Enabled (only selectable at creation).",
        "A single encryption layer protects the data at rest.",
        "Infrastructure double encryption is chosen when the server is created (Additional settings > Infrastructure double encryption); recreate the server (or migrate to a flexible server) and restore the data.",
        "az postgres server create -g <resource-group> -n <server> -l <region> --infrastructure-encryption Enabled ...",
        "5.2.8");
}
