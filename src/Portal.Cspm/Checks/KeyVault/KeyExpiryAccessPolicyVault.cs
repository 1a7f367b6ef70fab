namespace Portal.Cspm.Checks.KeyVault;

public sealed class KeyExpiryAccessPolicyVault : VaultObjectExpiryCheck
{
    protected override bool RbacVaults => false;
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-key-expiry-nonrbac", "Key in a non-RBAC (access policy) key vault has no expiration date", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVaultKey, "Every enabled key in a vault using access policies must have an expiration date (attributes.exp).",
        "Keys without expiry are used indefinitely; a compromised key stays valid for ever.",
        PortalFix("Key"), "az keyvault key set-attributes --vault-name <vault> -n <key> --expires <yyyy-mm-ddThh:mm:ssZ>", "3.3.2");
}
