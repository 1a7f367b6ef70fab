using System.Text.Json;
using Azure.Core;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>Reads Microsoft.Network/networkSecurityGroups JSON into <see cref="NsgInfo"/>.</summary>
internal static class NsgReader
{
    public static NsgInfo Read(JsonElement item, string subscriptionId)
    {
        var id = AzureCloudConnector.Str(item, "id") ?? "";
        var rid = TryParse(id);
        var p = item.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object ? props : default;
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (item.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object)
            foreach (var kv in t.EnumerateObject())
                if (kv.Value.ValueKind == JsonValueKind.String) tags[kv.Name] = kv.Value.GetString()!;
        return new NsgInfo(
            id,
            AzureCloudConnector.Str(item, "name") ?? rid?.Name ?? "",
            rid?.SubscriptionId ?? subscriptionId,
            rid?.ResourceGroupName ?? "",
            AzureCloudConnector.Str(item, "location") ?? "",
            Rules(p, "securityRules", isDefault: false),
            Rules(p, "defaultSecurityRules", isDefault: true),
            RefIds(p, "networkInterfaces"),
            RefIds(p, "subnets"),
            tags)
        {
            Etag = AzureCloudConnector.Str(item, "etag"),
        };
    }

    private static ResourceIdentifier? TryParse(string id)
    {
        try { return string.IsNullOrEmpty(id) ? null : new ResourceIdentifier(id); }
        catch (FormatException) { return null; }
    }

    private static IReadOnlyList<NsgRuleInfo> Rules(JsonElement p, string name, bool isDefault)
    {
        if (p.ValueKind != JsonValueKind.Object || !p.TryGetProperty(name, out var arr) || arr.ValueKind != JsonValueKind.Array) return [];
        var list = new List<NsgRuleInfo>();
        foreach (var r in arr.EnumerateArray()) list.Add(ReadRule(r, isDefault));
        return list
            .OrderBy(r => r.Direction.Equals("Inbound", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(r => r.Priority)
            .ToList();
    }

    /// <summary>One security rule object ({name, id, etag, properties}) as Azure returns it.</summary>
    public static NsgRuleInfo ReadRule(JsonElement r, bool isDefault)
    {
        var rp = r.TryGetProperty("properties", out var x) && x.ValueKind == JsonValueKind.Object ? x : r;
        return new NsgRuleInfo(
            AzureCloudConnector.Str(r, "name") ?? "",
            rp.TryGetProperty("priority", out var pr) && pr.TryGetInt32(out var prio) ? prio : 0,
            AzureCloudConnector.Str(rp, "direction") ?? "",
            AzureCloudConnector.Str(rp, "access") ?? "",
            AzureCloudConnector.Str(rp, "protocol") ?? "*",
            Merge(rp, "sourceAddressPrefix", "sourceAddressPrefixes"),
            Merge(rp, "sourcePortRange", "sourcePortRanges"),
            Merge(rp, "destinationAddressPrefix", "destinationAddressPrefixes"),
            Merge(rp, "destinationPortRange", "destinationPortRanges"),
            isDefault)
        {
            Description = AzureCloudConnector.Str(rp, "description"),
            SourceApplicationSecurityGroupIds = RefIds(rp, "sourceApplicationSecurityGroups"),
            DestinationApplicationSecurityGroupIds = RefIds(rp, "destinationApplicationSecurityGroups"),
            Etag = AzureCloudConnector.Str(r, "etag"),
        };
    }

    /// <summary>Azure fills either the singular field or the plural list; both are one list here.</summary>
    private static IReadOnlyList<string> Merge(JsonElement rp, string single, string plural)
    {
        var list = new List<string>();
        if (AzureCloudConnector.Str(rp, single) is { Length: > 0 } one) list.Add(one);
        if (rp.TryGetProperty(plural, out var many) && many.ValueKind == JsonValueKind.Array)
            foreach (var v in many.EnumerateArray())
                if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s && !list.Contains(s)) list.Add(s);
        return list;
    }

    private static IReadOnlyList<string> RefIds(JsonElement p, string name) =>
        p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var arr) && arr.ValueKind == JsonValueKind.Array
            ? arr.EnumerateArray().Select(e => AzureCloudConnector.Str(e, "id")).OfType<string>().ToList()
            : [];
}
