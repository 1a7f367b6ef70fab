namespace Portal.Cspm.Checks.Storage;

public sealed class StorageSecureTransfer : SettingCheck
{
    protected override string Path => "properties.supportsHttpsTrafficOnly";
    protected override bool Compliant(string? v) => v is null || v.Is("true"); // API versions since 2019-04-01 default to true
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-secure-transfer", "Storage account does not require secure transfer (HTTPS)", Severity.High, "Storage",
        ResourceTypes.StorageAccount,
        "properties.supportsHttpsTrafficOnly must be true so that only HTTPS (and SMB 3 with encryption) requests are accepted.",
        "HTTP requests expose shared keys, SAS tokens and data to interception and tampering.",
        "Storage accounts > select the account > Settings > Configuration > 'Secure transfer required' = Enabled > Save.",
        "az storage account update -g <resource-group> -n <account> --https-only true",
        "4.1");
}
