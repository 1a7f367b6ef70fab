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
