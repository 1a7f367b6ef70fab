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
