namespace Portal.Cspm.Checks.Storage;

public sealed class StorageSharedKeyAccess : SettingCheck
{
    protected override string Path => "properties.allowSharedKeyAccess";
    protected override bool Compliant(string? v) => v.Is("false"); // absent: null, which Azure treats as true
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-shared-key-access", "Storage account allows shared key (access key) authorization", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.allowSharedKeyAccess must be false so every request is authorized with Microsoft Entra ID (absent means allowed).",
        "Account keys and key-signed SAS tokens grant full, unaudited access and cannot be scoped to an identity.",
        "Storage accounts > select the account > Settings > Configuration > 'Allow storage account key access' = Disabled > Save (move clients to Entra ID first).",
        "az storage account update -g <resource-group> -n <account> --allow-shared-key-access false");
}
