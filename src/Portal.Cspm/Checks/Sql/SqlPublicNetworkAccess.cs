using System.Net;

namespace Portal.Cspm.Checks.Sql;

public sealed class SqlPublicNetworkAccess : SettingCheck
{
    protected override string Path => "properties.publicNetworkAccess";
    protected override bool Compliant(string? v) => v.Is("Disabled");
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-public-network-access", "SQL server public network access is enabled", Severity.Medium, "SQL",
        ResourceTypes.SqlServer,
        "properties.publicNetworkAccess must be Disabled; clients connect through private endpoints.",
        "A public endpoint exposes the server's login surface to the Internet, limited only by firewall rules.",
        "SQL servers > select the server > Security > Networking > Public access > Public network access = Disable > Save.",
        "az sql server update -g <resource-group> -n <server> --enable-public-network false",
        "5.1.7");
}
