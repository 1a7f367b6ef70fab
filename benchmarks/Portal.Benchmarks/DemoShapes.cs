using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks;

/// <summary>
/// Grows the demo tenant's resource configurations (as the real connector read them from AzureSim) to any size: every
/// resource-group-scoped resource is copied once per unit into resource group "{name}-u{unit}" (ids and the references between
/// them move together, so NICs still point at their NSGs), and some well-known settings are varied per copy so the checks see
/// a mix of passing and failing values rather than one tenant repeated. Subscription-level resources (Defender plans, alerts,
/// role definitions…) appear once.
/// </summary>
public static partial class DemoShapes
{
    [GeneratedRegex(@"(/resourceGroups/)([^/""]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceGroupSegment();

    /// <summary>Settings a copy may change, with the values it picks from (only where the setting exists in the copy).</summary>
    private static readonly (string Path, JsonNode?[] Values)[] Variations =
    [
        ("properties.minimumTlsVersion", ["TLS1_0", "TLS1_1", "TLS1_2", "TLS1_2"]),
        ("properties.allowBlobPublicAccess", [true, false, false]),
        ("properties.supportsHttpsTrafficOnly", [true, true, false]),
        ("properties.networkAcls.defaultAction", ["Allow", "Deny"]),
        ("properties.enablePurgeProtection", [true, false]),
        ("properties.enableRbacAuthorization", [true, false]),
        ("properties.httpsOnly", [true, false]),
        ("properties.ftpsState", ["AllAllowed", "FtpsOnly", "Disabled"]),
        ("properties.minTlsVersion", ["1.0", "1.1", "1.2"]),
        ("properties.minimalTlsVersion", ["1.0", "1.2"]),
        ("properties.publicNetworkAccess", ["Enabled", "Disabled"]),
        ("properties.securityRules[*].properties.sourceAddressPrefix", ["*", "Internet", "10.0.0.0/8", "VirtualNetwork", "203.0.113.0/24"]),
        ("properties.securityRules[*].properties.destinationPortRange", ["22", "3389", "443", "1433", "8080"]),
    ];

    public static List<JsonElement> Grow(IReadOnlyList<JsonElement> demo, int target, int seed = 42)
    {
        var random = new Random(seed);
        var grouped = demo.Where(InResourceGroup).Select(e => e.GetRawText()).ToList();
        var result = demo.Where(e => !InResourceGroup(e)).ToList();
        if (grouped.Count == 0) throw new InvalidOperationException("The demo read returned no resource-group resources.");
        for (var unit = 0; result.Count < target; unit++)
        {
            foreach (var text in grouped)
            {
                if (result.Count >= target) break;
                var copy = JsonNode.Parse(ResourceGroupSegment().Replace(text, m => m.Groups[1].Value + m.Groups[2].Value + "-u" + unit))!;
                foreach (var (path, values) in Variations)
                    if (random.NextDouble() < 0.3) Set(copy, path.Split('.'), values, random);
                result.Add(JsonSerializer.SerializeToElement(copy));
            }
        }
        return result;
    }

    private static bool InResourceGroup(JsonElement e) =>
        e.TryGetProperty("id", out var id) && id.GetString() is { } s && s.Contains("/resourceGroups/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Sets the existing value at <paramref name="path"/> ("a.b[*].c": every element of array b) to a random pick.</summary>
    private static void Set(JsonNode node, ReadOnlySpan<string> path, JsonNode?[] values, Random random)
    {
        var segment = path[0];
        var all = segment.EndsWith("[*]", StringComparison.Ordinal);
        var name = all ? segment[..^3] : segment;
        if (node is not JsonObject obj || !obj.TryGetPropertyValue(name, out var child) || child is null) return;
        if (path.Length == 1)
        {
            if (!all) obj[name] = values[random.Next(values.Length)]?.DeepClone();
            return;
        }
        if (!all) { Set(child, path[1..], values, random); return; }
        if (child is JsonArray array)
            foreach (var item in array)
                if (item is not null) Set(item, path[1..], values, random);
    }
}
