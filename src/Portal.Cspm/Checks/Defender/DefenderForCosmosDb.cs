namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForCosmosDb : DefenderPlanCheck
{
    public override string Plan => "CosmosDbs";
    protected override CheckMetadata Build() => Plan_("azure-defender-cosmosdb", "Microsoft Defender for Azure Cosmos DB is off", "3.1.7.1", "SQL injection and anomalous access to Cosmos DB are not detected.", Severity.Medium);
}
