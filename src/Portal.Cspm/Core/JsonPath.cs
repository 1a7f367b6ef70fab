using System.Globalization;
using System.Text.Json;

namespace Portal.Cspm;

/// <summary>Small, allocation-light readers over ARM JSON. Paths are dotted ("properties.networkAcls.defaultAction");
/// property names match exactly first and then case-insensitively (ARM casing is not always consistent).</summary>
public static class JsonPath
{
    public static JsonElement? At(this JsonElement e, string path)
    {
        var cur = e;
        var start = 0;
        while (start <= path.Length)
        {
            var dot = path.IndexOf('.', start);
            var part = dot < 0 ? path.AsSpan(start) : path.AsSpan(start, dot - start);
            if (cur.ValueKind != JsonValueKind.Object) return null;
            if (cur.TryGetProperty(part, out var next)) cur = next;
            else
            {
                var found = false;
                foreach (var p in cur.EnumerateObject())
                    if (p.Name.AsSpan().Equals(part, StringComparison.OrdinalIgnoreCase)) { cur = p.Value; found = true; break; }
                if (!found) return null;
            }
            if (dot < 0) break;
            start = dot + 1;
        }
        return cur.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : cur;
    }

    public static string? Str(this JsonElement e, string path) => e.At(path) is { } v ? AsString(v) : null;

    public static bool? Bool(this JsonElement e, string path)
    {
        if (e.At(path) is not { } v) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(v.GetString(), out var b) => b,
            _ => null
        };
    }

    public static double? Num(this JsonElement e, string path)
    {
        if (e.At(path) is not { } v) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        return v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    public static IEnumerable<JsonElement> Arr(this JsonElement e, string path) =>
        e.At(path) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : Enumerable.Empty<JsonElement>();

    /// <summary>Strings of an array property, or the single string value when ARM gives a scalar.</summary>
    public static IEnumerable<string> Strs(this JsonElement e, string path)
    {
        if (e.At(path) is not { } v) yield break;
        if (v.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in v.EnumerateArray())
                if (AsString(x) is { Length: > 0 } s) yield return s;
        }
        else if (AsString(v) is { Length: > 0 } s) yield return s;
    }

    private static string? AsString(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.GetRawText()
    };

    /// <summary>"path = value" for evidence, with "(absent)" for a missing setting.</summary>
    public static string Show(this ResourceConfig r, string path) => $"{path} = {r.Json.Str(path) ?? "(absent)"}";

    public static bool Is(this string? s, string value) => string.Equals(s, value, StringComparison.OrdinalIgnoreCase);
}
