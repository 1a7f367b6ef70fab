namespace Portal.Cspm.Checks.Network;

public sealed class NsgOpenDatabasesFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 3306, 5432, 27017, 6379, 9200, 5984 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-database-ports-internet", "NSG allows database ports (MySQL, PostgreSQL, MongoDB, Redis, Elasticsearch, CouchDB) from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow TCP 3306, 5432, 27017, 6379, 9200 or 5984 from any Internet address.",
        "Self-hosted data stores reachable from the Internet are routinely found by scanners and wiped or ransomed.",
        PortalFix("3306/5432/27017/6379/9200/5984"), CliFix("database ports"));
}
