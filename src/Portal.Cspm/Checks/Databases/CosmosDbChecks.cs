namespace Portal.Cspm.Checks.Databases;

public sealed class CosmosDbSelectedNetworks : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-cosmosdb-selected-networks", "Cosmos DB account accepts connections from all networks", Severity.High, "SQL",
        ResourceTypes.CosmosAccount,
        "The account must be limited to selected networks: publicNetworkAccess Disabled, or isVirtualNetworkFilterEnabled = true / ipRules not empty.",
        "An account open to all networks can be reached with a leaked key or token from anywhere on the Internet.",
        "Azure Cosmos DB > select the account > Settings > Networking > Public network access = Selected networks > add virtual networks/IP ranges > Save.",
        "az cosmosdb update -g <resource-group> -n <account> --enable-virtual-network true --ip-range-filter <cidr>   # or: --public-network-access Disabled",
        "5.4.1");

    protected override Outcome? Evaluate(ResourceConfig a, IResourceSet resources)
    {
        var pna = a.Json.Str("properties.publicNetworkAccess");
        var vnet = a.Json.Bool("properties.isVirtualNetworkFilterEnabled") == true;
        var ips = a.Json.Arr("properties.ipRules").Count();
        return Outcome.When(pna.Is("Disabled") || vnet || ips > 0,
            $"properties.publicNetworkAccess = {pna ?? "(absent: Enabled)"}, isVirtualNetworkFilterEnabled = {vnet.ToString().ToLowerInvariant()}, ipRules = {ips}");
    }
}

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

public sealed class CosmosDbLocalAuthDisabled : SettingCheck
{
    protected override string Path => "properties.disableLocalAuth";
    protected override bool Compliant(string? v) => v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-cosmosdb-entra-rbac", "Cosmos DB account allows key-based (local) authentication", Severity.Medium, "SQL",
        ResourceTypes.CosmosAccount,
        "properties.disableLocalAuth must be true so clients authenticate with Microsoft Entra ID and Cosmos DB RBAC.",
        "Primary keys give full data access, are shared and rarely rotated; their use cannot be tied to an identity.",
        "Assign Cosmos DB data-plane roles to the client identities, then disable key auth (no portal toggle): use the CLI/ARM property disableLocalAuth = true.",
        "az resource update -g <resource-group> -n <account> --resource-type Microsoft.DocumentDB/databaseAccounts --set properties.disableLocalAuth=true",
        "5.4.3");
}
