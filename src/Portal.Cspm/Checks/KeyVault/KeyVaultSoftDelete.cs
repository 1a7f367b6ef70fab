namespace Portal.Cspm.Checks.KeyVault;

public sealed class KeyVaultSoftDelete : SettingCheck
{
    protected override string Path => "properties.enableSoftDelete";
    protected override bool Compliant(string? v) => v is null || v.Is("true"); // default true; cannot be turned off on current API versions
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-soft-delete", "Key vault soft delete is disabled", Severity.High, "KeyVault",
        ResourceTypes.KeyVault,
        "properties.enableSoftDelete must be true (the default) so deleted vaults, keys, secrets and certificates can be recovered.",
        "A deleted vault or key is immediately and permanently lost, making every resource encrypted with it unreadable.",
        "Key vaults > select the vault > Settings > Properties > Soft-delete: enable it (it cannot be disabled afterwards).",
        "az keyvault update -g <resource-group> -n <vault> --enable-soft-delete true",
        "3.3.5");
}
