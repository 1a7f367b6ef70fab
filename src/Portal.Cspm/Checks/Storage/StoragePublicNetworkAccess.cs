namespace Portal.Cspm.Checks.Storage;

public sealed class StoragePublicNetworkAccess : SettingCheck
{
    protected override string Path => "properties.publicNetworkAccess";
    protected override bool Compliant(string? v) => v.Is("Disabled");
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-public-network-access", "Storage account public network access is not disabled", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.publicNetworkAccess must be Disabled; access then goes through private endpoints only.",
        "A storage account reachable from public networks can be attacked with leaked keys or SAS tokens from anywhere.",
        "Storage accounts > select the account > Security + networking > Networking > Public network access = Disabled > Save.",
        "az storage account update -g <resource-group> -n <account> --public-network-access Disabled",
        "4.6");
}
