namespace Portal.Cspm.Checks.KeyVault;

public sealed class KeyVaultPrivateEndpoint : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-private-endpoint", "Key vault has no approved private endpoint", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVault,
        "properties.privateEndpointConnections must contain at least one Approved connection.",
        "Without a private endpoint, clients reach the vault over its public endpoint and the vault cannot be closed to public networks.",
        "Key vaults > select the vault > Settings > Networking > Private endpoint connections > + Create.",
        "az network private-endpoint create -g <resource-group> -n <pe> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <vault-id> --group-id vault --connection-name <name>",
        "3.3.7");

    protected override Outcome? Evaluate(ResourceConfig v, IResourceSet resources) => PrivateLinks.Evaluate(v);
}
