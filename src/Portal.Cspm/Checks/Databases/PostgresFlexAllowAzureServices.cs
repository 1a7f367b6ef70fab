namespace Portal.Cspm.Checks.Databases;

public sealed class PostgresFlexAllowAzureServices : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-postgresql-flexible-allow-azure-services", "PostgreSQL flexible server allows public access from any Azure service", Severity.High, "SQL",
        ResourceTypes.PostgresFlexible,
        "No firewall rule of the server may be 0.0.0.0 - 0.0.0.0 (the 'Allow public access from any Azure service within Azure' rule).",
        "Any workload in any Azure tenant, including an attacker's, can reach the server's login endpoint.",
        "Azure Database for PostgreSQL flexible servers > select the server > Settings > Networking > untick 'Allow public access from any Azure service within Azure to this server' > Save.",
        "az postgres flexible-server firewall-rule delete -g <resource-group> -n <server> --rule-name <AllowAllAzureServicesAndResourcesWithinAzureIps_...> --yes",
        "5.2.5");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.PostgresFlexibleFirewall };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var rules = resources.ChildrenOf(server.Id, ResourceTypes.PostgresFlexibleFirewall).ToList();
        var bad = rules.Where(r => r.Json.Str("properties.startIpAddress") == "0.0.0.0" && r.Json.Str("properties.endIpAddress") == "0.0.0.0").ToList();
        return bad.Count > 0
            ? Outcome.Fail(string.Join("; ", bad.Select(r => $"firewallRules/{r.Name}: 0.0.0.0 - 0.0.0.0")))
            : Outcome.Pass($"{rules.Count} firewall rule(s), none 0.0.0.0 - 0.0.0.0");
    }
}
