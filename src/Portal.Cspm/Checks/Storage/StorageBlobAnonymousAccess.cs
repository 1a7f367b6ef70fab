namespace Portal.Cspm.Checks.Storage;

public sealed class StorageBlobAnonymousAccess : SettingCheck
{
    protected override string Path => "properties.allowBlobPublicAccess";
    protected override bool Compliant(string? v) => !v.Is("true"); // absent: false on current API versions
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-blob-public-access", "Storage account allows anonymous (public) blob access", Severity.High, "Storage",
        ResourceTypes.StorageAccount,
        "properties.allowBlobPublicAccess must be false so no container can be made anonymously readable.",
        "Containers set to public access leak their blobs to anyone with the URL; this is a frequent cause of data breaches.",
        "Storage accounts > select the account > Settings > Configuration > 'Allow Blob anonymous access' = Disabled > Save.",
        "az storage account update -g <resource-group> -n <account> --allow-blob-public-access false",
        "4.17");
}
