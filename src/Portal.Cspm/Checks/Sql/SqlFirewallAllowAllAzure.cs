using System.Net;

namespace Portal.Cspm.Checks.Sql;

public sealed class SqlFirewallAllowAllAzure : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-firewall-allow-azure-services", "SQL server firewall allows all Azure services (0.0.0.0 - 0.0.0.0)", Severity.High, "SQL",
        ResourceTypes.SqlServer,
        "No firewall rule may be 0.0.0.0 - 0.0.0.0 ('Allow Azure services and resources to access this server'), which admits every Azure tenant's resources. A server with publicNetworkAccess Disabled passes: Azure does not evaluate its IP firewall rules.",
        "Any workload in any Azure subscription (including an attacker's) can reach the server's login endpoint.",
        "SQL servers > select the server > Security > Networking > Exceptions: untick 'Allow Azure services and resources to access this server' > Save; use private endpoints or virtual network rules.",
        "az sql server firewall-rule delete -g <resource-group> -s <server> -n AllowAllWindowsAzureIps",
        "5.1.2");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlFirewallRule };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        if (SqlFirewall.Inert(server) is { } inert) return inert;
        var rules = resources.ChildrenOf(server.Id, ResourceTypes.SqlFirewallRule).ToList();
        var bad = rules.Where(SqlFirewall.AllAzure).ToList();
        return bad.Count > 0 ? Outcome.Fail(string.Join("; ", bad.Select(SqlFirewall.Describe))) : Outcome.Pass($"{rules.Count} firewall rule(s), none 0.0.0.0 - 0.0.0.0");
    }
}
