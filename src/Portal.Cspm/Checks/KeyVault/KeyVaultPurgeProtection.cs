namespace Portal.Cspm.Checks.KeyVault;

public sealed class KeyVaultPurgeProtection : SettingCheck
{
    protected override string Path => "properties.enablePurgeProtection";
    protected override bool Compliant(string? v) => v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-purge-protection", "Key vault purge protection is disabled", Severity.High, "KeyVault",
        ResourceTypes.KeyVault,
        "properties.enablePurgeProtection must be true so soft-deleted objects cannot be purged before the retention period ends.",
        "Without purge protection a malicious or compromised administrator can permanently destroy keys (crypto-shredding the data they protect).",
        "Key vaults > select the vault > Settings > Properties > 'Enable purge protection' > Save (irreversible).",
        "az keyvault update -g <resource-group> -n <vault> --enable-purge-protection true",
        "3.3.5");
}
