using System.Text.Json;
using System.Text.Json.Nodes;

namespace AzureSim;

internal static class J
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static JsonObject O(params (string Key, JsonNode? Value)[] props)
    {
        var o = new JsonObject();
        foreach (var (k, v) in props) o[k] = v;
        return o;
    }

    public static JsonArray A(IEnumerable<JsonNode?> items)
    {
        var a = new JsonArray();
        foreach (var i in items) a.Add(i);
        return a;
    }

    public static JsonArray Strs(IEnumerable<string> items) => A(items.Select(s => (JsonNode?)JsonValue.Create(s)));

    public static JsonObject Ref(string id) => O(("id", id));

    public static string? Str(this JsonNode? n, params string[] path)
    {
        var cur = n;
        foreach (var p in path)
        {
            if (cur is not JsonObject o) return null;
            cur = Get(o, p);
        }
        if (cur is JsonValue v)
        {
            if (v.TryGetValue<string>(out var s)) return s;
            return v.ToJsonString().Trim('"');
        }
        return null;
    }

    public static JsonNode? Node(this JsonNode? n, params string[] path)
    {
        var cur = n;
        foreach (var p in path)
        {
            if (cur is not JsonObject o) return null;
            cur = Get(o, p);
        }
        return cur;
    }

    /// <summary>Case-insensitive property lookup (ARM accepts property names in any case).</summary>
    public static JsonNode? Get(JsonObject o, string name)
    {
        if (o.TryGetPropertyValue(name, out var v)) return v;
        foreach (var kv in o) if (string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)) return kv.Value;
        return null;
    }

    public static JsonObject Props(this JsonObject o)
    {
        if (Get(o, "properties") is JsonObject p) return p;
        var np = new JsonObject();
        o["properties"] = np;
        return np;
    }

    public static int? Int(this JsonNode? n, params string[] path)
    {
        var x = Node(n, path);
        if (x is JsonValue v)
        {
            if (v.TryGetValue<int>(out var i)) return i;
            if (v.TryGetValue<long>(out var l)) return (int)l;
            if (v.TryGetValue<double>(out var d)) return (int)d;
            if (v.TryGetValue<string>(out var s) && int.TryParse(s, out var si)) return si;
        }
        return null;
    }

    public static bool? Bool(this JsonNode? n, params string[] path)
    {
        var x = Node(n, path);
        if (x is JsonValue v)
        {
            if (v.TryGetValue<bool>(out var b)) return b;
            if (v.TryGetValue<string>(out var s) && bool.TryParse(s, out var sb)) return sb;
        }
        return null;
    }

    public static JsonObject Clone(this JsonObject o) => (JsonObject)o.DeepClone();

    /// <summary>Deep merge: values of <paramref name="overlay"/> replace or extend those of <paramref name="target"/>.</summary>
    public static void Merge(JsonObject target, JsonObject overlay)
    {
        foreach (var (k, v) in overlay.ToList())
        {
            var existingKey = target.FirstOrDefault(kv => string.Equals(kv.Key, k, StringComparison.OrdinalIgnoreCase)).Key;
            if (v is JsonObject vo && existingKey != null && target[existingKey] is JsonObject to)
            {
                Merge(to, vo);
            }
            else
            {
                if (existingKey != null) target.Remove(existingKey);
                target[k] = v?.DeepClone();
            }
        }
    }

    /// <summary>Like <see cref="Merge"/>, but moves the overlay's nodes instead of cloning them (the overlay is consumed).</summary>
    public static void MergeMove(JsonObject target, JsonObject overlay)
    {
        foreach (var k in overlay.Select(kv => kv.Key).ToList())
        {
            overlay.Remove(k, out var v);
            JsonNode? existing = null;
            string? existingKey = null;
            if (target.TryGetPropertyValue(k, out existing)) existingKey = k;
            if (v is JsonObject vo && existing is JsonObject to) { MergeMove(to, vo); continue; }
            if (existingKey != null) target.Remove(existingKey);
            target[k] = v;
        }
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'");
}
