namespace Portal.Cspm.Checks.Databases;

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
