using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Cspm;

namespace Portal.Cspm.Tests;

/// <summary>Test payload helpers: official ARM examples (Fixtures/azure-api-examples, copied from shared/azure-api-examples)
/// loaded as mutable JSON, edited per test, and turned into resource sets.</summary>
public static class Arm
{
    public const string Sub = "00000000-0000-0000-0000-000000000000";
    public const string SubScope = "/subscriptions/" + Sub;
    public const string Rg = SubScope + "/resourceGroups/rg1";

    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "azure-api-examples");

    /// <summary>The 200 response body of an example file (a fresh copy).</summary>
    public static JsonNode Body(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, file)))!["responses"]!["200"]!["body"]!.DeepClone();

    /// <summary>Item <paramref name="index"/> of a list example ("value" array).</summary>
    public static JsonNode Item(string file, int index = 0) => Body(file)["value"]![index]!.DeepClone();

    public static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    /// <summary>Sets (or with null, removes) a dotted path, creating intermediate objects.</summary>
    public static JsonNode With(this JsonNode node, string path, object? value)
    {
        var parts = path.Split('.');
        var cur = node.AsObject();
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (cur[parts[i]] is not JsonObject next) { next = new JsonObject(); cur[parts[i]] = next; }
            cur = next;
        }
        if (value is null) cur.Remove(parts[^1]);
        else cur[parts[^1]] = value switch
        {
            JsonNode n => n.DeepClone(),
            string s => JsonValue.Create(s),
            bool b => JsonValue.Create(b),
            int n => JsonValue.Create(n),
            long n => JsonValue.Create(n),
            double d => JsonValue.Create(d),
            _ => JsonSerializer.SerializeToNode(value)
        };
        return node;
    }

    public static JsonNode Copy(this JsonNode node) => node.DeepClone();

    public static ResourceConfig Res(JsonNode node) => ResourceSet.FromArmJson(JsonSerializer.SerializeToElement(node));

    public static ResourceSet Set(params JsonNode[] nodes) => new(nodes.Select(Res));

    public static ResourceSet Set(IEnumerable<JsonNode> nodes) => new(nodes.Select(Res));

    public static JsonArray Array(params object[] items) => new(items.Select(i => i is JsonNode n ? n.DeepClone() : JsonValue.Create(i)).ToArray<JsonNode?>());
}
