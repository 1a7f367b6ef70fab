using System.Text.Json.Nodes;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>Writes an <see cref="NsgRuleInfo"/> as the body of a securityRules PUT.</summary>
internal static class SecurityRuleJson
{
    public static JsonObject Body(NsgRuleInfo rule)
    {
        var p = new JsonObject
        {
            ["protocol"] = rule.Protocol,
            ["access"] = rule.Access,
            ["direction"] = rule.Direction,
            ["priority"] = rule.Priority,
        };
        if (!string.IsNullOrEmpty(rule.Description)) p["description"] = rule.Description;
        // Azure takes either the single field or the list, never both: one value goes in the single field.
        // No prefix is never widened to "*" here (a deny-all by accident): Azure rejects the rule instead.
        SingleOrList(p, "sourceAddressPrefix", "sourceAddressPrefixes", rule.SourceAddressPrefixes, null);
        SingleOrList(p, "destinationAddressPrefix", "destinationAddressPrefixes", rule.DestinationAddressPrefixes, null);
        SingleOrList(p, "sourcePortRange", "sourcePortRanges", rule.SourcePortRanges, "*");
        SingleOrList(p, "destinationPortRange", "destinationPortRanges", rule.DestinationPortRanges, "*");
        Refs(p, "sourceApplicationSecurityGroups", rule.SourceApplicationSecurityGroupIds);
        Refs(p, "destinationApplicationSecurityGroups", rule.DestinationApplicationSecurityGroupIds);
        return new JsonObject { ["properties"] = p };
    }

    private static void SingleOrList(JsonObject p, string single, string plural, IReadOnlyList<string> values, string? whenEmpty)
    {
        var distinct = values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count == 1) p[single] = distinct[0];
        else if (distinct.Count > 1) p[plural] = new JsonArray(distinct.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        else if (whenEmpty != null) p[single] = whenEmpty;
    }

    private static void Refs(JsonObject p, string name, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0) return;
        p[name] = new JsonArray(ids.Select(id => (JsonNode?)new JsonObject { ["id"] = id }).ToArray());
    }
}
