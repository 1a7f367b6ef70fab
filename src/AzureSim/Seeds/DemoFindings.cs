using System.Reflection;
using System.Text.Json;

namespace AzureSim.Seeds;

/// <summary>One failure the CSPM catalog must report against the demo seed: the check, the resource (its id after
/// "/subscriptions/{subscriptionId}/", or "" for the subscription itself) and the README rows (R01...) it comes from.</summary>
public sealed record DemoFinding(IReadOnlyList<string> Risks, string Check, string Resource)
{
    /// <summary>The full resource id in subscription <paramref name="subscriptionId"/>.</summary>
    public string ResourceId(string subscriptionId) =>
        Resource.Length == 0 ? $"/subscriptions/{subscriptionId}" : $"/subscriptions/{subscriptionId}/{Resource}";
}

/// <summary>demo-findings.json, embedded: the one machine-readable list of the demo seed's expected CSPM failures
/// (see Seeds/README.md, "Expected findings").</summary>
public static class DemoFindings
{
    private sealed record Entry(List<string> Risks, string Check, string Resource);

    public static IReadOnlyList<DemoFinding> Load()
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("AzureSim.Seeds.demo-findings.json")
            ?? throw new InvalidOperationException("Embedded demo-findings.json missing.");
        var entries = JsonSerializer.Deserialize<List<Entry>>(s, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return entries.Select(e => new DemoFinding(e.Risks, e.Check, e.Resource)).ToList();
    }
}
