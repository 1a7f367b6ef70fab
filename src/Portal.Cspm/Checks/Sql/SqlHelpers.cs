using System.Net;

namespace Portal.Cspm.Checks.Sql;

internal static class SqlAudit
{
    public static ResourceConfig? Of(ResourceConfig server, IResourceSet resources) =>
        resources.ChildrenOf(server.Id, ResourceTypes.SqlAuditing).OrderBy(a => a.Name.Is("default") ? 0 : 1).FirstOrDefault();
}

internal static class SqlFirewall
{
    public static uint Ip(string? s) =>
        s is not null && IPAddress.TryParse(s, out var a) && a.GetAddressBytes() is { Length: 4 } b ? (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]) : 0;

    /// <summary>Rules that open the server to the whole Internet: 0.0.0.0-255.255.255.255, or any range of a /8 (16.7M addresses) or more.</summary>
    public static bool InternetWide(ResourceConfig rule)
    {
        var lo = Ip(rule.Json.Str("properties.startIpAddress"));
        var hi = Ip(rule.Json.Str("properties.endIpAddress"));
        return hi >= lo && (long)hi - lo + 1 >= 1L << 24;
    }

    public static bool AllAzure(ResourceConfig rule) =>
        rule.Json.Str("properties.startIpAddress") == "0.0.0.0" && rule.Json.Str("properties.endIpAddress") == "0.0.0.0";

    /// <summary>With publicNetworkAccess Disabled the server has no public endpoint and Azure does not evaluate (or allow edits to)
    /// its IP firewall rules, so a leftover rule admits nobody; the evidence says so.</summary>
    public static Outcome? Inert(ResourceConfig server) =>
        server.Json.Str("properties.publicNetworkAccess").Is("Disabled")
            ? Outcome.Pass("properties.publicNetworkAccess = Disabled: IP firewall rules are not evaluated")
            : null;

    public static string Describe(ResourceConfig r) => $"firewallRules/{r.Name}: {r.Json.Str("properties.startIpAddress")} - {r.Json.Str("properties.endIpAddress")}";
}
