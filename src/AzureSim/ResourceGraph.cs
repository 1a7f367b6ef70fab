using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzureSim;

/// <summary>
/// Azure Resource Graph, a small subset of KQL: <c>Resources | where f =~ 'v' [and ...] | project a, b | order by f [asc|desc] | limit N</c>.
/// Pages of at most 1000 rows with $skipToken; no $skipToken when the query uses limit/take.
/// </summary>
internal static class ResourceGraph
{
    public static ArmResult Query(ArmServer s, ArmCall c)
    {
        if (c.Method != "POST") return ArmResult.Error(405, "MethodNotAllowed", $"The requested resource does not support http method '{c.Method}'.");
        var body = c.Body as JsonObject;
        var query = body.Str("query");
        if (string.IsNullOrWhiteSpace(query))
            return ArmResult.Error(400, "BadRequest", "Please provide below info when asking for support: timestamp = " + DateTime.UtcNow.ToString("o") + ", correlationId = " + Guid.NewGuid() + ".",
                J.A([J.O(("code", "InvalidQuery"), ("message", "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying."))]));
        var subs = (body!.Node("subscriptions") as JsonArray)?.Select(x => x?.ToString() ?? "").ToList()
            ?? s.State.Subscriptions.Where(x => x.TenantId == c.Tid).Select(x => x.Id).ToList();

        var stages = query.Split('|').Select(x => x.Trim()).ToList();
        var table = stages[0].ToLowerInvariant();
        if (table != "resources")
            return Invalid($"Table '{stages[0]}' is not supported by this simulator (only 'Resources').");

        List<JsonObject> rows;
        lock (s.State.Gate)
        {
            rows = Types.All.Where(t => t.Kind is TypeKind.Tracked or TypeKind.TrackedChild)
                .SelectMany(t => s.State.ListLive(t.Type))
                .Where(o => subs.Any(sub => (o.Str("id") ?? "").StartsWith($"/subscriptions/{sub}/", StringComparison.OrdinalIgnoreCase)))
                .Where(o => s.State.IsAuthorized(c.Caller.ObjectId, $"{o.Str("type")}/read", o.Str("id")!))
                .Select(o => Row(o)).ToList();
        }
        int? limit = null;
        string[]? project = null;
        foreach (var st in stages.Skip(1))
        {
            var m = Regex.Match(st, @"^(where|project|order\s+by|sort\s+by|limit|take)\s+(.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline);
            if (!m.Success) return Invalid($"Unsupported operator in '{st}'.");
            var op = m.Groups[1].Value.ToLowerInvariant();
            var arg = m.Groups[2].Value.Trim();
            switch (op)
            {
                case "where":
                    foreach (var cond in Regex.Split(arg, @"\s+and\s+", RegexOptions.IgnoreCase))
                    {
                        var cm = Regex.Match(cond.Trim(), @"^(\w+)\s*(=~|==|!=|!~|contains|startswith)\s*['""]([^'""]*)['""]$", RegexOptions.IgnoreCase);
                        if (!cm.Success) return Invalid($"Unsupported where condition '{cond}'.");
                        var (f, o2, v) = (cm.Groups[1].Value, cm.Groups[2].Value.ToLowerInvariant(), cm.Groups[3].Value);
                        rows = rows.Where(r =>
                        {
                            var val = r.Str(f) ?? "";
                            return o2 switch
                            {
                                "==" => val == v,
                                "=~" => val.Equals(v, StringComparison.OrdinalIgnoreCase),
                                "!=" => val != v,
                                "!~" => !val.Equals(v, StringComparison.OrdinalIgnoreCase),
                                "contains" => val.Contains(v, StringComparison.OrdinalIgnoreCase),
                                _ => val.StartsWith(v, StringComparison.OrdinalIgnoreCase),
                            };
                        }).ToList();
                    }
                    break;
                case "project":
                    project = arg.Split(',').Select(x => x.Trim()).Where(x => x.Length > 0).ToArray();
                    break;
                case "limit":
                case "take":
                    if (!int.TryParse(arg, out var n)) return Invalid($"Invalid limit '{arg}'.");
                    limit = n;
                    break;
                default:
                    var om = Regex.Match(arg, @"^(\w+)(?:\s+(asc|desc))?$", RegexOptions.IgnoreCase);
                    if (!om.Success) return Invalid($"Unsupported order by '{arg}'.");
                    var key = om.Groups[1].Value;
                    rows = om.Groups[2].Value.Equals("asc", StringComparison.OrdinalIgnoreCase)
                        ? rows.OrderBy(r => r.Str(key), StringComparer.OrdinalIgnoreCase).ToList()
                        : rows.OrderByDescending(r => r.Str(key), StringComparer.OrdinalIgnoreCase).ToList();
                    break;
            }
        }
        var total = rows.Count;
        var truncated = false;
        if (limit != null) { truncated = rows.Count > limit; rows = rows.Take(limit.Value).ToList(); total = rows.Count; }
        var opts = body.Node("options") as JsonObject;
        var top = Math.Min(opts.Int("$top") ?? 1000, 1000);
        var skip = opts.Int("$skip") ?? 0;
        var tok = opts.Str("$skipToken");
        if (!string.IsNullOrEmpty(tok)) { try { skip = int.Parse(System.Text.Encoding.UTF8.GetString(B64Url.Decode(tok))); } catch { return Invalid("Invalid $skipToken."); } }
        var page = rows.Skip(skip).Take(top).Select(r => project == null ? r : Project(r, project)).ToList();
        var result = J.O(("totalRecords", total), ("count", page.Count), ("resultTruncated", truncated ? "true" : "false"), ("facets", new JsonArray()), ("data", J.A(page)));
        if (limit == null && skip + page.Count < total) result["$skipToken"] = B64Url.Encode(System.Text.Encoding.UTF8.GetBytes((skip + page.Count).ToString()));
        return ArmResult.Ok(result).With("x-ms-user-quota-remaining", "14").With("x-ms-user-quota-resets-after", "00:00:05");
    }

    private static JsonObject Row(JsonObject o)
    {
        var (sub, rg) = ArmPaths.SubAndRg(o.Str("id")!);
        return J.O(("id", o.Str("id")), ("name", o.Str("name")), ("type", (o.Str("type") ?? "").ToLowerInvariant()), ("tenantId", ""),
            ("kind", o.Str("kind") ?? ""), ("location", o.Str("location")), ("resourceGroup", rg?.ToLowerInvariant()), ("subscriptionId", sub),
            ("managedBy", o.Str("managedBy") ?? ""), ("sku", o.Node("sku")?.DeepClone()), ("properties", o.Node("properties")?.DeepClone()),
            ("tags", o.Node("tags")?.DeepClone() ?? new JsonObject()));
    }

    private static JsonObject Project(JsonObject r, string[] fields)
    {
        var o = new JsonObject();
        foreach (var f in fields) o[f] = J.Get(r, f)?.DeepClone();
        return o;
    }

    private static ArmResult Invalid(string msg) =>
        ArmResult.Error(400, "BadRequest", "Please provide below info when asking for support: timestamp = " + DateTime.UtcNow.ToString("o") + ", correlationId = " + Guid.NewGuid() + ".",
            J.A([J.O(("code", "InvalidQuery"), ("message", "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.")), J.O(("code", "ParserFailure"), ("message", msg))]));
}
