namespace Portal.Cspm.Checks.Storage;

public sealed class StorageCrossTenantReplication : SettingCheck
{
    protected override string Path => "properties.allowCrossTenantReplication";
    protected override bool Compliant(string? v) => !v.Is("true"); // absent: false (default since API 2023-01-01)
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-cross-tenant-replication", "Storage account allows cross-tenant object replication", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.allowCrossTenantReplication must be false.",
        "Object replication to a storage account in another Entra tenant can silently copy data out of the organisation.",
        "Storage accounts > select the account > Data management > Object replication > Advanced settings > untick 'Allow cross-tenant replication' > OK.",
        "az storage account update -g <resource-group> -n <account> --allow-cross-tenant-replication false",
        "4.16");
}
