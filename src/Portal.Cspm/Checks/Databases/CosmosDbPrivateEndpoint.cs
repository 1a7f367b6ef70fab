namespace Portal.Cspm.Checks.Databases;

public sealed class CosmosDbPrivateEndpoint : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-cosmosdb-private-endpoint", "Cosmos DB account has no approved private endpoint", Severity.Medium, "SQL",
        ResourceTypes.CosmosAccount,
        "properties.privateEndpointConnections must contain at least one Approved connection.",
        "Traffic reaches the account over its public endpoint, which then cannot be closed.",
        "Azure Cosmos DB > select the account > Settings > Networking > Private access > + Private endpoint.",
        "az network private-endpoint create -g <resource-group> -n <pe> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <cosmos-id> --group-id Sql --connection-name <name>",
        "5.4.2");

    protected override Outcome? Evaluate(ResourceConfig a, IResourceSet resources) => PrivateLinks.Evaluate(a);
}
