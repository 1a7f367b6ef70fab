namespace Portal.Cspm.Checks.Storage;

public sealed class StorageMinimumTls : SettingCheck
{
    protected override string Path => "properties.minimumTlsVersion";
    protected override bool Compliant(string? v) => TlsAtLeast12(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-min-tls", "Storage account minimum TLS version is below 1.2", Severity.High, "Storage",
        ResourceTypes.StorageAccount,
        "properties.minimumTlsVersion must be TLS1_2 or later (absent means TLS 1.0 on older accounts).",
        "TLS 1.0/1.1 have known weaknesses (BEAST, POODLE-style downgrade) and are deprecated.",
        "Storage accounts > select the account > Settings > Configuration > 'Minimum TLS version' = Version 1.2 > Save.",
        "az storage account update -g <resource-group> -n <account> --min-tls-version TLS1_2",
        "4.15");
}
