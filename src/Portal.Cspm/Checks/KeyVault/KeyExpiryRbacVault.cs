namespace Portal.Cspm.Checks.KeyVault;

public sealed class KeyExpiryRbacVault : VaultObjectExpiryCheck
{
    protected override bool RbacVaults => true;
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-key-expiry-rbac", "Key in an RBAC key vault has no expiration date", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVaultKey, "Every enabled key in a vault using Azure RBAC must have an expiration date (attributes.exp).",
        "Keys without expiry are used indefinitely; a compromised key stays valid for ever.",
        PortalFix("Key"), "az keyvault key set-attributes --vault-name <vault> -n <key> --expires <yyyy-mm-ddThh:mm:ssZ>", "3.3.1");
}
