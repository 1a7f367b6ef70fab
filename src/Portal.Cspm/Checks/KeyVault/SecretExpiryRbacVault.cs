namespace Portal.Cspm.Checks.KeyVault;

public sealed class SecretExpiryRbacVault : VaultObjectExpiryCheck
{
    protected override bool RbacVaults => true;
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-secret-expiry-rbac", "Secret in an RBAC key vault has no expiration date", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVaultSecret, "Every enabled secret in a vault using Azure RBAC must have an expiration date (attributes.exp).",
        "Secrets without expiry are never rotated; leaked credentials stay usable for ever.",
        PortalFix("Secret"), "az keyvault secret set-attributes --vault-name <vault> -n <secret> --expires <yyyy-mm-ddThh:mm:ssZ>", "3.3.3");
}
