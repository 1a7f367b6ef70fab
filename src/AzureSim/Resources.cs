using System.Text.Json.Nodes;

namespace AzureSim;

/// <summary>Microsoft.Resources: tenants, subscriptions, locations, providers, resource groups, generic resource lists.</summary>
internal static class Resources
{
    public static ArmResult ListTenants(ArmServer s, ArmCall c)
    {
        var t = s.State.FindTenant(c.Tid);
        var items = t == null ? [] : new List<JsonNode> { TenantJson(t) };
        return s.Page(c, items);
    }

    private static JsonObject TenantJson(SimTenant t) => J.O(
        ("id", $"/tenants/{t.Id}"), ("tenantId", t.Id), ("countryCode", "US"), ("displayName", t.DisplayName),
        ("domains", J.Strs([t.DefaultDomain])), ("tenantCategory", "Home"), ("defaultDomain", t.DefaultDomain), ("tenantType", "AAD"));

    public static JsonObject SubscriptionJson(SimSubscription sub) => J.O(
        ("id", $"/subscriptions/{sub.Id}"),
        ("authorizationSource", "RoleBased"),
        ("managedByTenants", new JsonArray()),
        ("tags", J.O(sub.Tags.Select(kv => (kv.Key, (JsonNode?)kv.Value)).ToArray())),
        ("subscriptionId", sub.Id),
        ("tenantId", sub.TenantId),
        ("displayName", sub.DisplayName),
        ("state", sub.State),
        ("subscriptionPolicies", J.O(("locationPlacementId", "Public_2014-09-01"), ("quotaId", "EnterpriseAgreement_2014-09-01"), ("spendingLimit", "Off"))));

    public static ArmResult ListSubscriptions(ArmServer s, ArmCall c)
    {
        var items = s.State.Subscriptions
            .Where(x => x.TenantId.Equals(c.Tid, StringComparison.OrdinalIgnoreCase) && s.HasAnyAccess(c, x.Id))
            .OrderBy(x => x.Id).Select(x => (JsonNode)SubscriptionJson(x)).ToList();
        return s.Page(c, items);
    }

    public static ArmResult GetSubscription(ArmServer s, ArmCall c, string sub)
    {
        if (c.Method != "GET") return ArmResult.Error(405, "MethodNotAllowed", $"The requested resource does not support http method '{c.Method}'.");
        if (!s.HasAnyAccess(c, sub)) return s.AuthorizationFailed(c, "Microsoft.Resources/subscriptions/read", $"/subscriptions/{sub}");
        return ArmResult.Ok(SubscriptionJson(s.State.FindSubscription(sub)!));
    }

    public static ArmResult ListLocations(ArmServer s, ArmCall c, string sub)
    {
        if (!s.HasAnyAccess(c, sub)) return s.AuthorizationFailed(c, "Microsoft.Resources/subscriptions/locations/read", $"/subscriptions/{sub}");
        var list = s.State.Cloud.Regions.Select(r => (JsonNode)J.O(
            ("id", $"/subscriptions/{sub}/locations/{r.Name}"),
            ("name", r.Name),
            ("type", "Region"),
            ("displayName", r.Display),
            ("regionalDisplayName", $"({r.Geo}) {r.Display}"),
            ("metadata", J.O(
                ("regionType", "Physical"), ("regionCategory", "Recommended"), ("geography", r.Geo), ("geographyGroup", r.Geo),
                ("longitude", r.Lon), ("latitude", r.Lat), ("physicalLocation", r.Physical),
                ("pairedRegion", J.A([J.O(("name", r.Paired), ("id", $"/subscriptions/{sub}/locations/{r.Paired}"))])))))).ToList();
        return ArmResult.Ok(J.O(("value", J.A(list))));
    }

    public static JsonObject ProviderJson(SimState st, string? sub, string ns)
    {
        var types = Types.All.Where(t => t.Type.StartsWith(ns + "/", StringComparison.OrdinalIgnoreCase)).ToList();
        var canonicalNs = types.FirstOrDefault()?.Type.Split('/')[0] ?? ns;
        var locs = st.Cloud.Regions.Select(r => r.Display).ToList();
        var rts = types.Select(t => (JsonNode?)J.O(
            ("resourceType", t.Type[(canonicalNs.Length + 1)..]),
            ("locations", t.Kind is TypeKind.Tracked or TypeKind.TrackedChild ? J.Strs(locs) : new JsonArray()),
            ("apiVersions", J.Strs(t.ApiVersions)),
            ("defaultApiVersion", t.ApiVersions.FirstOrDefault(v => !v.Contains("preview")) ?? t.ApiVersions[0]),
            ("capabilities", t.Kind is TypeKind.Tracked ? "CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SupportsTags, SupportsLocation" : "None"))).ToList();
        var o = J.O(
            ("id", sub == null ? $"/providers/{canonicalNs}" : $"/subscriptions/{sub}/providers/{canonicalNs}"),
            ("namespace", canonicalNs),
            ("registrationState", "Registered"),
            ("registrationPolicy", "RegistrationRequired"),
            ("resourceTypes", J.A(rts)));
        return o;
    }

    public static ArmResult ListProviders(ArmServer s, ArmCall c, string? sub)
    {
        if (sub != null && !s.HasAnyAccess(c, sub)) return s.AuthorizationFailed(c, "Microsoft.Resources/subscriptions/providers/read", $"/subscriptions/{sub}");
        var items = Types.Namespaces.OrderBy(n => n).Select(n => (JsonNode)ProviderJson(s.State, sub, n)).ToList();
        return s.Page(c, items, 1000);
    }

    public static ArmResult GetProvider(ArmServer s, ArmCall c, string? sub, string ns)
    {
        if (sub != null && !s.HasAnyAccess(c, sub)) return s.AuthorizationFailed(c, "Microsoft.Resources/subscriptions/providers/read", $"/subscriptions/{sub}");
        if (!Types.Namespaces.Contains(ns, StringComparer.OrdinalIgnoreCase))
            return ArmResult.Error(404, "InvalidResourceNamespace", $"The resource namespace '{ns}' is invalid.");
        return ArmResult.Ok(ProviderJson(s.State, sub, ns));
    }

    // ------------------------------------------------------------------ resource groups
    public static ArmResult ListGroups(ArmServer s, ArmCall c, string sub)
    {
        const string action = "Microsoft.Resources/subscriptions/resourceGroups/read";
        var (allowed, visible) = s.ReadFilter(c, action, $"/subscriptions/{sub}");
        if (!allowed) return s.AuthorizationFailed(c, action, $"/subscriptions/{sub}");
        List<JsonNode> items;
        lock (s.State.Gate) items = s.State.GroupsLive(sub).Where(g => visible(g.Str("id")!)).Select(g => (JsonNode)g.Clone()).ToList();
        return s.Page(c, items);
    }

    public static ArmResult Group(ArmServer s, ArmCall c, string sub, string name)
    {
        var id = $"/subscriptions/{sub}/resourceGroups/{name}";
        var denied = s.Authorize(c, s.ActionFor("Microsoft.Resources/subscriptions/resourceGroups", c.Method), id);
        if (denied != null) return denied;
        var st = s.State;
        lock (st.Gate)
        {
            var g = st.GetGroupLive(sub, name);
            switch (c.Method)
            {
                case "GET":
                    return g == null ? ArmErrors.ResourceGroupNotFound(name) : ArmResult.Ok(g.Clone());
                case "HEAD":
                    return ArmResult.Empty(g == null ? 404 : 204);
                case "PUT":
                {
                    var loc = c.Body.Str("location") ?? g?.Str("location");
                    if (string.IsNullOrEmpty(loc)) return ArmResult.Error(400, "LocationRequired", "The location property is required for this definition.");
                    if (g != null && !string.Equals(loc.Replace(" ", ""), g.Str("location"), StringComparison.OrdinalIgnoreCase))
                        return ArmResult.Error(409, "InvalidResourceGroupLocation", $"Invalid resource group location '{loc}'. The Resource group already exists in location '{g.Str("location")}'.");
                    var created = g == null;
                    var o = GroupJson(sub, name, loc.Replace(" ", "").ToLowerInvariant(), c.Body?.Node("tags") as JsonObject);
                    if (g != null) o["name"] = g.Str("name");
                    st.PutGroupLive(sub, name, o);
                    return ArmResult.Ok(o.Clone(), created ? 201 : 200);
                }
                case "PATCH":
                {
                    if (g == null) return ArmErrors.ResourceGroupNotFound(name);
                    if (c.Body?.Node("tags") is JsonObject tags) g["tags"] = tags.DeepClone();
                    return ArmResult.Ok(g.Clone());
                }
                case "DELETE":
                {
                    if (g == null) return ArmErrors.ResourceGroupNotFound(name);
                    st.DeleteGroupLive(sub, name);
                    Network.RefreshBackReferences(st);
                    var r = ArmResult.Empty(202);
                    var op = s.Accepted(c, sub, "Microsoft.Resources", "global");
                    r.With("Location", $"{c.Base}/subscriptions/{sub}/operationresults/{op.Headers["Azure-AsyncOperation"].Split("/operations/")[1].Split('?')[0]}?api-version={c.ApiVersion}");
                    return r;
                }
            }
        }
        return ArmResult.Error(405, "MethodNotAllowed", $"The requested resource does not support http method '{c.Method}'.");
    }

    public static JsonObject GroupJson(string sub, string name, string location, JsonObject? tags) => J.O(
        ("id", $"/subscriptions/{sub}/resourceGroups/{name}"),
        ("name", name),
        ("type", "Microsoft.Resources/resourceGroups"),
        ("location", location),
        ("tags", tags?.DeepClone() ?? new JsonObject()),
        ("properties", J.O(("provisioningState", "Succeeded"))));

    // ------------------------------------------------------------------ generic resources
    public static ArmResult ListGenericResources(ArmServer s, ArmCall c, string sub, string? rg)
    {
        var scope = rg == null ? $"/subscriptions/{sub}" : $"/subscriptions/{sub}/resourceGroups/{rg}";
        var action = rg == null ? "Microsoft.Resources/subscriptions/resources/read" : "Microsoft.Resources/subscriptions/resourceGroups/resources/read";
        var (allowed, visible) = s.ReadFilter(c, action, scope);
        if (!allowed) return s.AuthorizationFailed(c, action, scope);
        if (rg != null && s.State.GetResourceGroup(sub, rg) == null) return ArmErrors.ResourceGroupNotFound(rg);
        var filter = c.Q("$filter");
        var f = ParseFilter(filter);
        var prefix = scope.ToLowerInvariant() + "/";
        List<JsonNode> items;
        lock (s.State.Gate)
        {
            IEnumerable<JsonObject> src = f.Type != null ? s.State.ListLive(Types.Canonical(f.Type)) : Types.All.Where(t => t.Kind is TypeKind.Tracked or TypeKind.TrackedChild).SelectMany(t => s.State.ListLive(t.Type));
            items = src.Where(o => (o.Str("id") ?? "").StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && visible(o.Str("id")!))
                .Where(o => f.Location == null || string.Equals(o.Str("location"), f.Location, StringComparison.OrdinalIgnoreCase))
                .Where(o => f.TagName == null || (o.Node("tags") is JsonObject t && t.Any(kv => kv.Key.Equals(f.TagName, StringComparison.OrdinalIgnoreCase) && (f.TagValue == null || kv.Value?.ToString() == f.TagValue))))
                .Where(o => f.Name == null || (o.Str("name") ?? "").Contains(f.Name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(o => o.Str("id"), StringComparer.OrdinalIgnoreCase)
                .Select(o =>
                {
                    var g = J.O(("id", o.Str("id")), ("name", o.Str("name")), ("type", o.Str("type")));
                    foreach (var k in new[] { "kind", "sku", "location", "managedBy", "identity", "zones", "tags" })
                        if (o.Node(k) is { } v) g[k] = v.DeepClone();
                    return (JsonNode)g;
                }).ToList();
        }
        return s.Page(c, items, int.TryParse(c.Q("$top"), out var top) && top > 0 ? top : null);
    }

    private sealed record Filter(string? Type, string? Location, string? TagName, string? TagValue, string? Name);

    private static Filter ParseFilter(string filter)
    {
        string? Get(string field)
        {
            var m = System.Text.RegularExpressions.Regex.Match(filter, field + @"\s+eq\s+'([^']*)'", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            return m.Success ? m.Groups[1].Value : null;
        }
        var sub = System.Text.RegularExpressions.Regex.Match(filter, @"substringof\('([^']*)',\s*name\)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        return new Filter(Get("resourceType"), Get("location"), Get("tagName"), Get("tagValue"), sub.Success ? sub.Groups[1].Value : null);
    }
}
