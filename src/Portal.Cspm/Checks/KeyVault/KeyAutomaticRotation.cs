namespace Portal.Cspm.Checks.KeyVault;

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
