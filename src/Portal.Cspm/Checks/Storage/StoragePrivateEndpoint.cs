namespace Portal.Cspm.Checks.Storage;

public sealed class StoragePrivateEndpoint : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-private-endpoint", "Storage account has no approved private endpoint", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.privateEndpointConnections must contain at least one connection whose privateLinkServiceConnectionState.status is Approved.",
        "Without a private endpoint, traffic to the account crosses public endpoints and the account cannot be closed to public networks.",
        "Storage accounts > select the account > Security + networking > Networking > Private endpoint connections > + Private endpoint.",
        "az network private-endpoint create -g <resource-group> -n <pe> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <storage-account-id> --group-id blob --connection-name <name>",
        "4.9");

    protected override Outcome? Evaluate(ResourceConfig r, IResourceSet resources) => PrivateLinks.Evaluate(r);
}
