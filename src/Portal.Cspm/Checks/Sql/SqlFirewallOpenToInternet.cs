using System.Net;

namespace Portal.Cspm.Checks.Sql;

public sealed class SqlFirewallOpenToInternet : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-firewall-internet", "SQL server firewall allows ingress from the whole Internet (0.0.0.0/0)", Severity.Critical, "SQL",
        ResourceTypes.SqlServer,
        "No firewall rule may span 0.0.0.0 - 255.255.255.255 (or any range of a /8 or more).",
        "The server's login endpoint is open to password spraying and exploitation from anywhere.",
        "SQL servers > select the server > Security > Networking > Firewall rules: delete the rule spanning the Internet and add only the client addresses needed > Save.",
        "az sql server firewall-rule delete -g <resource-group> -s <server> -n <rule>",
        "5.1.2");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlFirewallRule };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var rules = resources.ChildrenOf(server.Id, ResourceTypes.SqlFirewallRule).ToList();
        var bad = rules.Where(SqlFirewall.InternetWide).ToList();
        return bad.Count > 0 ? Outcome.Fail(string.Join("; ", bad.Select(SqlFirewall.Describe))) : Outcome.Pass($"{rules.Count} firewall rule(s), none spans the Internet");
    }
}
