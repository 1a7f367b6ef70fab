namespace Portal.Cspm.Checks.KeyVault;

public sealed class KeyVaultRbacAuthorization : SettingCheck
{
    protected override string Path => "properties.enableRbacAuthorization";
    protected override bool Compliant(string? v) => v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-rbac", "Key vault uses access policies instead of Azure RBAC", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVault,
        "properties.enableRbacAuthorization must be true so data-plane access is governed by Azure RBAC (PIM, conditional access, central review) instead of vault access policies.",
        "Vault access policies are coarse, cannot be time-bound with PIM and anyone with Contributor on the vault can grant themselves data access.",
        "Key vaults > select the vault > Settings > Access configuration > Permission model = Azure role-based access control > Apply (assign Key Vault roles first).",
        "az keyvault update -g <resource-group> -n <vault> --enable-rbac-authorization true",
        "3.3.6");
}
