namespace Portal.Cspm.Checks.Storage;

public sealed class StorageInfrastructureEncryption : SettingCheck
{
    protected override string Path => "properties.encryption.requireInfrastructureEncryption";
    protected override bool Compliant(string? v) => v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-infrastructure-encryption", "Storage account infrastructure (double) encryption is disabled", Severity.Low, "Storage",
        ResourceTypes.StorageAccount,
        "properties.encryption.requireInfrastructureEncryption must be true so data is encrypted twice (service and infrastructure level, different keys/algorithms).",
        "A compromise of one encryption layer or key exposes the data at rest.",
        "Infrastructure encryption can only be chosen when the account is created: Storage accounts > Create > Encryption > 'Enable infrastructure encryption'; migrate the data to the new account.",
        "az storage account create -g <resource-group> -n <new-account> -l <region> --sku Standard_ZRS --require-infrastructure-encryption true",
        "4.2");
}
