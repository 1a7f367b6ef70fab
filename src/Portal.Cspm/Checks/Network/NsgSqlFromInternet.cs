namespace Portal.Cspm.Checks.Network;

public sealed class NsgSqlFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 1433, 1434 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-sql-internet", "NSG allows SQL Server (TCP 1433/1434) from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow the SQL Server ports from any Internet address.",
        "Database engines exposed to the Internet are targeted by password spraying and data exfiltration.",
        PortalFix("1433/1434"), CliFix("1433"));
}
