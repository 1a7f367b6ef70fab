namespace Portal.Cspm.Checks.KeyVault;

/// <summary>Base for CIS 3.3.1-3.3.4: every enabled key or secret (Microsoft.KeyVault/vaults/keys|secrets, as listed by the ARM
/// management plane) has properties.attributes.exp set; split by the permission model of its vault.</summary>
public abstract class VaultObjectExpiryCheck : ResourceCheck
{
    protected abstract bool RbacVaults { get; }
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.KeyVault };

    protected override Outcome? Evaluate(ResourceConfig obj, IResourceSet resources)
    {
        var vault = ArmId.ParentOf(obj.Id) is { } vid ? resources.Get(vid) : null;
        var rbac = vault?.Json.Bool("properties.enableRbacAuthorization") == true;
        if (rbac != RbacVaults) return null;
        if (obj.Json.Bool("properties.attributes.enabled") == false) return null;
        var exp = obj.Json.Num("properties.attributes.exp");
        return exp is { } e
            ? Outcome.Pass($"properties.attributes.exp = {DateTimeOffset.FromUnixTimeSeconds((long)e):yyyy-MM-dd}")
            : Outcome.Fail("properties.attributes.exp = (absent): never expires");
    }

    protected static string PortalFix(string what) =>
        $"Key vaults > select the vault > Objects > {what}s > select the {what} > current version > set 'Expiration date' > Save.";
}

public sealed class KeyExpiryRbacVault : VaultObjectExpiryCheck
{
    protected override bool RbacVaults => true;
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-key-expiry-rbac", "Key in an RBAC key vault has no expiration date", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVaultKey, "Every enabled key in a vault using Azure RBAC must have an expiration date (attributes.exp).",
        "Keys without expiry are used indefinitely; a compromised key stays valid for ever.",
        PortalFix("Key"), "az keyvault key set-attributes --vault-name <vault> -n <key> --expires <yyyy-mm-ddThh:mm:ssZ>", "3.3.1");
}

public sealed class KeyExpiryAccessPolicyVault : VaultObjectExpiryCheck
{
    protected override bool RbacVaults => false;
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-key-expiry-nonrbac", "Key in a non-RBAC (access policy) key vault has no expiration date", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVaultKey, "Every enabled key in a vault using access policies must have an expiration date (attributes.exp).",
        "Keys without expiry are used indefinitely; a compromised key stays valid for ever.",
        PortalFix("Key"), "az keyvault key set-attributes --vault-name <vault> -n <key> --expires <yyyy-mm-ddThh:mm:ssZ>", "3.3.2");
}

public sealed class SecretExpiryRbacVault : VaultObjectExpiryCheck
{
    protected override bool RbacVaults => true;
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-secret-expiry-rbac", "Secret in an RBAC key vault has no expiration date", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVaultSecret, "Every enabled secret in a vault using Azure RBAC must have an expiration date (attributes.exp).",
        "Secrets without expiry are never rotated; leaked credentials stay usable for ever.",
        PortalFix("Secret"), "az keyvault secret set-attributes --vault-name <vault> -n <secret> --expires <yyyy-mm-ddThh:mm:ssZ>", "3.3.3");
}

public sealed class SecretExpiryAccessPolicyVault : VaultObjectExpiryCheck
{
    protected override bool RbacVaults => false;
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-secret-expiry-nonrbac", "Secret in a non-RBAC (access policy) key vault has no expiration date", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVaultSecret, "Every enabled secret in a vault using access policies must have an expiration date (attributes.exp).",
        "Secrets without expiry are never rotated; leaked credentials stay usable for ever.",
        PortalFix("Secret"), "az keyvault secret set-attributes --vault-name <vault> -n <secret> --expires <yyyy-mm-ddThh:mm:ssZ>", "3.3.4");
}

public sealed class KeyAutomaticRotation : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-key-auto-rotation", "Key vault key has no automatic rotation policy", Severity.Low, "KeyVault",
        ResourceTypes.KeyVaultKey,
        "Every enabled key must have a rotation policy (properties.rotationPolicy.lifetimeActions) with an action of type Rotate.",
        "Keys that are rotated by hand are rotated late or never, increasing the data protected by a single key and the impact of its compromise.",
        "Key vaults > select the vault > Objects > Keys > select the key > Rotation policy > set 'Enable auto rotation' and the rotation time > Save.",
        "az keyvault key rotation-policy update --vault-name <vault> -n <key> --value '{\"lifetimeActions\":[{\"trigger\":{\"timeAfterCreate\":\"P90D\"},\"action\":{\"type\":\"Rotate\"}}],\"attributes\":{\"expiryTime\":\"P1Y\"}}'",
        "3.3.8");

    protected override Outcome? Evaluate(ResourceConfig key, IResourceSet resources)
    {
        if (key.Json.Bool("properties.attributes.enabled") == false) return null;
        var actions = key.Json.Arr("properties.rotationPolicy.lifetimeActions").Select(a => a.Str("action.type") ?? "?").ToList();
        return Outcome.When(actions.Any(a => a.Is("Rotate")), $"properties.rotationPolicy.lifetimeActions = [{string.Join(", ", actions)}]");
    }
}
