namespace Portal.Cspm;

/// <summary>Parsing of ARM resource ids (case-insensitive, tolerant of a missing leading slash).</summary>
public static class ArmId
{
    public static string? SubscriptionOf(string id) => SegmentAfter(id, "subscriptions");

    public static string? ResourceGroupOf(string id) => SegmentAfter(id, "resourceGroups");

    public static string SubscriptionScope(string subscriptionId) => "/subscriptions/" + subscriptionId;

    /// <summary>The full resource type implied by the id, e.g. ".../providers/Microsoft.Sql/servers/s/databases/d" → "Microsoft.Sql/servers/databases".</summary>
    public static string TypeOf(string id)
    {
        var (_, tail) = SplitAtLastProvider(id);
        if (tail is null)
        {
            var segs = Segments(id);
            if (segs.Length >= 4 && segs[^2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)) return "Microsoft.Resources/resourceGroups";
            return segs.Length >= 2 && segs[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? ResourceTypes.Subscription : "";
        }
        var parts = Segments(tail);
        if (parts.Length == 0) return "";
        var type = parts[0];
        for (var i = 1; i < parts.Length; i += 2) type += "/" + parts[i];
        return type;
    }

    /// <summary>The parent of a child resource (".../servers/s/firewallRules/r" → ".../servers/s") or the resource an extension
    /// resource is attached to (".../vaults/v/providers/Microsoft.Insights/diagnosticSettings/d" → ".../vaults/v";
    /// "/subscriptions/x/providers/Microsoft.Security/pricings/p" → "/subscriptions/x"). Null for top-level scopes.</summary>
    public static string? ParentOf(string id)
    {
        var trimmed = id.TrimEnd('/');
        var (prefix, tail) = SplitAtLastProvider(trimmed);
        if (tail is null)
        {
            var segs = Segments(trimmed);
            return segs.Length >= 4 ? "/" + string.Join('/', segs[..2]) : null;
        }
        var parts = Segments(tail);
        if (parts.Length >= 5) return trimmed[..trimmed.LastIndexOf('/', trimmed.LastIndexOf('/') - 1)];
        return string.IsNullOrEmpty(prefix) ? null : prefix;
    }

    private static (string Prefix, string? Tail) SplitAtLastProvider(string id)
    {
        var i = id.LastIndexOf("/providers/", StringComparison.OrdinalIgnoreCase);
        if (i < 0)
        {
            if (id.StartsWith("providers/", StringComparison.OrdinalIgnoreCase)) return ("", id["providers/".Length..]);
            return (id, null);
        }
        return (id[..i], id[(i + "/providers/".Length)..]);
    }

    private static string[] Segments(string s) => s.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static string? SegmentAfter(string id, string key)
    {
        var segs = Segments(id);
        for (var i = 0; i < segs.Length - 1; i++)
            if (segs[i].Equals(key, StringComparison.OrdinalIgnoreCase)) return segs[i + 1];
        return null;
    }
}
