namespace Portal.Cspm.Checks.KeyVault;

public sealed class KeyVaultPublicNetworkAccess : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-public-network-access", "Key vault is open to public networks", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVault,
        "properties.publicNetworkAccess must be Disabled, or the firewall (properties.networkAcls.defaultAction) must be Deny.",
        "A vault reachable from any network can be attacked with stolen tokens from anywhere on the Internet.",
        "Key vaults > select the vault > Settings > Networking > Firewalls and virtual networks: 'Disable public access' or 'Allow public access from specific virtual networks and IP addresses' > Apply.",
        "az keyvault update -g <resource-group> -n <vault> --public-network-access Disabled   # or: --default-action Deny",
        "3.3.7");

    protected override Outcome? Evaluate(ResourceConfig v, IResourceSet resources)
    {
        var pna = v.Json.Str("properties.publicNetworkAccess");
        var def = v.Json.Str("properties.networkAcls.defaultAction");
        return Outcome.When(pna.Is("Disabled") || def.Is("Deny"), $"properties.publicNetworkAccess = {pna ?? "(absent: Enabled)"}, properties.networkAcls.defaultAction = {def ?? "(absent: Allow)"}");
    }
}
