using System.Text.Json.Nodes;

namespace AzureSim;

internal sealed partial class ArmServer
{
    private ArmResult RouteResource(ArmCall c, RPath rp)
    {
        if (rp.Ns.Equals("Microsoft.Authorization", StringComparison.OrdinalIgnoreCase))
            return Authz.Handle(this, c, rp);
        return RouteGeneric(c, rp);
    }

    /// <summary>Generic resource handling by the type registry (also used for Microsoft.Authorization/locks).</summary>
    public ArmResult RouteGeneric(ArmCall c, RPath rp)
    {
        if (Types.Namespaces.All(n => !n.Equals(rp.Ns, StringComparison.OrdinalIgnoreCase)))
            return ArmResult.Error(400, "InvalidResourceNamespace", $"The resource namespace '{rp.Ns}' is invalid.");
        if (rp.Types.Count == 0)
            return ArmResult.Error(404, "NotFound", $"The requested path '{c.Http.Request.Path}' is not found.");

        if (rp.IsCollection && Types.Find(rp.FullType) == null && rp.Names.Count > 0)
        {
            rp.Action = rp.Types[^1];
            rp.Types.RemoveAt(rp.Types.Count - 1);
        }
        var ti = Types.Find(rp.FullType);
        if (ti == null)
            return ArmResult.Error(400, "InvalidResourceType", $"The resource type '{string.Join('/', rp.Types)}' could not be found in the namespace '{rp.Ns}' for api version '{c.ApiVersion}'.");
        var type = ti.Type;

        var (sub, rg) = rp.ScopeParts;
        if (sub == null && ti.Kind != TypeKind.Extension)
            return ArmResult.Error(400, "InvalidScope", $"The scope '{rp.Scope}' is invalid for resource type '{type}'.");

        if (rp.Action != null)
            return Action(c, rp, ti);

        if (rp.IsCollection)
        {
            if (c.Method != "GET") return MethodNotAllowed(c);
            var action = type + "/read";
            var collScope = rp.CollectionParentId;
            var (allowed, visible) = ReadFilter(c, action, collScope == "" ? "/" : collScope);
            if (!allowed) return AuthorizationFailed(c, action, collScope);
            if (rg != null && State.GetResourceGroup(sub!, rg) == null) return ArmErrors.ResourceGroupNotFound(rg);
            if (rp.Names.Count > 0)
            {
                var parentCheck = ParentExists(rp);
                if (parentCheck != null) return parentCheck;
            }
            lock (State.Gate)
            {
                var items = ListItems(rp, ti).Where(o => visible(o.Str("id") ?? "")).ToList<JsonNode>();
                return Page(c, items, map: n => Present(c, ti, (JsonObject)n));
            }
        }

        // single resource
        var id = rp.Id;
        var a = ActionFor(type, c.Method);
        var denied = Authorize(c, a, id);
        if (denied != null) return denied;
        if (rg != null && State.GetResourceGroup(sub!, rg) == null) return ArmErrors.ResourceGroupNotFound(rg);
        if (rp.Names.Count > 1 || ti.Kind == TypeKind.Extension && rp.Scope.Contains("/providers/", StringComparison.OrdinalIgnoreCase))
        {
            var parentCheck = ParentExists(rp);
            if (parentCheck != null) return parentCheck;
        }

        if (ti.Kind == TypeKind.Embedded) return Network.Embedded(this, c, rp, ti);

        switch (c.Method)
        {
            case "GET":
            case "HEAD":
            {
                JsonObject? o;
                lock (State.Gate)
                    o = State.GetLive(id) is { } live ? Present(c, ti, live)
                        : Others.DefaultSiteConfigChild(new Ctx(State, id, rp.Name, null, sub ?? "", rg, c.Tid), ti) is { } d ? Present(c, ti, d) : null;
                if (o == null) return NotFound(rp);
                return ArmResult.Ok(o);
            }
            case "PUT":
                return Put(c, rp, ti);
            case "PATCH":
                return Patch(c, rp, ti);
            case "DELETE":
                return Delete(c, rp, ti);
            default:
                return MethodNotAllowed(c);
        }
    }

    private static ArmResult MethodNotAllowed(ArmCall c) =>
        ArmResult.Error(405, "MethodNotAllowed", $"The requested resource does not support http method '{c.Method}'.");

    public ArmResult NotFound(RPath rp)
    {
        var typePath = rp.Ns;
        for (var i = 0; i < rp.Names.Count; i++)
            typePath += "/" + rp.Types[i] + (i < rp.Names.Count - 1 ? "/" + rp.Names[i] : "");
        return ArmErrors.ResourceNotFound(typePath, rp.Name, rp.ResourceGroup);
    }

    private ArmResult? ParentExists(RPath rp)
    {
        // parent of a nested resource, or the resource an extension hangs off
        string parentId;
        string parentName;
        if (rp.Names.Count > (rp.IsCollection ? 0 : 1))
        {
            var names = rp.IsCollection ? rp.Names : rp.Names.Take(rp.Names.Count - 1).ToList();
            var sb = new System.Text.StringBuilder(rp.Scope).Append("/providers/").Append(rp.Ns);
            for (var i = 0; i < names.Count; i++) sb.Append('/').Append(rp.Types[i]).Append('/').Append(names[i]);
            parentId = sb.ToString();
            parentName = names[^1];
        }
        else if (rp.Scope.Contains("/providers/", StringComparison.OrdinalIgnoreCase))
        {
            parentId = rp.Scope;
            parentName = rp.Scope.Split('/')[^1];
        }
        else return null;
        bool exists;
        lock (State.Gate) exists = State.GetLive(parentId) != null;
        if (exists) return null;
        return ArmResult.Error(404, "ParentResourceNotFound", $"Can not perform requested operation on nested resource. Parent resource '{parentName}' not found.");
    }

    private IEnumerable<JsonObject> ListItems(RPath rp, TypeInfo ti)
    {
        if (ti.Kind == TypeKind.Embedded)
        {
            var parent = State.GetLive(rp.CollectionParentId);
            return parent?.Props().Node(ti.EmbeddedArray!) is JsonArray arr
                ? arr.OfType<JsonObject>().Select(r => Network.EmbeddedView(rp.CollectionParentId, ti, r))
                : [];
        }
        var scope = rp.CollectionParentId;
        if (ti.Kind == TypeKind.Extension)
        {
            var prefix = (scope + "/providers/" + ti.Type + "/").ToLowerInvariant();
            return State.ListLive(ti.Type).Where(o => (o.Str("id") ?? "").StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
        }
        var p = scope.ToLowerInvariant() + "/";
        return State.ListLive(ti.Type).Where(o => (o.Str("id") ?? "").StartsWith(p, StringComparison.OrdinalIgnoreCase)
            && (rp.Names.Count > 0 || !IsExtensionOfResource(o.Str("id")!, p)));
    }

    private static bool IsExtensionOfResource(string id, string prefix) => false;

    /// <summary>Copy of a stored resource as returned to a client (adds per-request views).</summary>
    public JsonObject Present(ArmCall c, TypeInfo ti, JsonObject stored)
    {
        var o = stored.Clone();
        if (ti.Type == "Microsoft.Compute/virtualMachines") Compute.PresentVm(this, c, o);
        return o;
    }

    private ArmResult Put(ArmCall c, RPath rp, TypeInfo ti)
    {
        if (c.Body is not JsonObject body)
            return ArmErrors.InvalidRequestContent("Unexpected JSON token. The request body must be a JSON object.");
        var id = ArmPaths.NormalizeScope(rp.Scope) + rp.Id[rp.Scope.Length..];
        var (sub, rg) = rp.ScopeParts;
        JsonObject? existing;
        lock (State.Gate) existing = State.GetLive(id)?.Clone();
        var pre = Precondition(c, existing);
        if (pre != null) return pre;
        var location = body.Str("location") ?? existing?.Str("location");
        if (existing == null && ti.Kind is TypeKind.Tracked or TypeKind.TrackedChild && string.IsNullOrEmpty(location))
            return ArmResult.Error(400, "LocationRequired", "The location property is required for this definition.");
        if (location != null && ti.Kind is TypeKind.Tracked or TypeKind.TrackedChild && !location.Equals("global", StringComparison.OrdinalIgnoreCase)
            && !State.Cloud.Regions.Any(r => r.Name.Equals(location.Replace(" ", ""), StringComparison.OrdinalIgnoreCase)))
            return ArmResult.Error(400, "LocationNotAvailableForResourceType",
                $"The provided location '{location}' is not available for resource type '{ti.Type}'. List of available regions for the resource type is '{string.Join(",", State.Cloud.Regions.Select(r => r.Name))}'.");

        var ctx = new Ctx(State, id, rp.Name, location?.Replace(" ", "").ToLowerInvariant(), sub ?? "", rg, c.Tid);
        // PUT replaces: start from the defaults of a new resource, keep what the service owns, apply the body
        var obj = NewObject(ctx, ti);
        if (existing != null) PreserveReadOnly(existing, obj);
        var incoming = body.Clone();
        foreach (var k in new[] { "id", "name", "type", "etag", "systemData" }) RemoveCi(incoming, k);
        if (ti.Kind is not (TypeKind.Tracked or TypeKind.TrackedChild)) RemoveCi(incoming, "location");
        // PUT replaces tags and the given properties (arrays are replaced wholesale)
        if (J.Get(incoming, "tags") != null) RemoveCi(obj, "tags");
        J.Merge(obj, incoming);
        if (ti.Kind is TypeKind.Tracked or TypeKind.TrackedChild) obj["location"] = ctx.Location;

        ArmResult? err;
        lock (State.Gate)
        {
            err = ValidateWrite(c, ti, obj, existing, rp);
            if (err == null)
            {
                FinishWrite(ctx, ti, obj);
                State.PutLive(obj);
                AfterWrite(ti, obj, existing);
            }
        }
        if (err != null) return err;
        var status = existing == null ? 201 : 200;
        var result = Present(c, ti, obj);
        if (ti.AcceptedPut && sub != null)
            return Accepted(c, sub, rp.Ns, ctx.Location ?? "eastus", status: 202, body: result, includeLocation: true, result: result);
        if (ti.AsyncWrites && sub != null)
        {
            if (rp.Ns.Equals("Microsoft.Network", StringComparison.OrdinalIgnoreCase)) Network.MarkInProgress(State, result);
            return Accepted(c, sub, rp.Ns, ctx.Location ?? "eastus", status: status, body: result, includeLocation: false);
        }
        return ArmResult.Ok(result, status);
    }

    private static readonly string[] ReadOnlyProps =
    [
        "provisioningState", "resourceGuid", "macAddress", "virtualMachine", "vmId", "timeCreated", "uniqueId", "diskState", "diskSizeBytes",
        "creationTime", "primaryEndpoints", "secondaryEndpoints", "keyCreationTime", "primaryLocation", "secondaryLocation", "statusOfPrimary",
        "ipAddress", "ipConfiguration", "hostNames", "defaultHostName", "enabledHostNames", "fullyQualifiedDomainName", "vaultUri",
        "databaseId", "creationDate", "hostedWorkloads", "tapConfigurations", "vnetEncryptionSupported", "outboundIpAddresses",
        "possibleOutboundIpAddresses", "customDomainVerificationId", "lastModifiedTimeUtc",
    ];

    /// <summary>Copies service-owned (read-only) values of an existing resource onto the object a PUT builds.</summary>
    private static void PreserveReadOnly(JsonObject existing, JsonObject target)
    {
        foreach (var k in new[] { "managedBy", "systemData" })
            if (J.Get(existing, k) is { } v) target[k] = v.DeepClone();
        var ep = J.Get(existing, "properties") as JsonObject;
        if (ep == null) return;
        var tp = target.Props();
        foreach (var k in ReadOnlyProps)
            if (J.Get(ep, k) is { } v) { RemoveCi(tp, k); tp[k] = v.DeepClone(); }
    }

    /// <summary>If-Match / If-None-Match against the resource's etag (optimistic concurrency, as Network and other RPs honour it).</summary>
    public static ArmResult? Precondition(ArmCall c, JsonObject? existing)
    {
        var ifMatch = c.Http.Request.Headers.IfMatch.ToString();
        var ifNoneMatch = c.Http.Request.Headers.IfNoneMatch.ToString();
        var etag = existing?.Str("etag");
        bool Fails()
        {
            if (!string.IsNullOrEmpty(ifNoneMatch) && ifNoneMatch.Trim() == "*" && existing != null) return true;
            if (string.IsNullOrEmpty(ifMatch)) return false;
            if (ifMatch.Trim() == "*") return existing == null;
            return existing == null || etag == null || !ifMatch.Split(',').Select(x => x.Trim()).Contains(etag);
        }
        return Fails()
            ? ArmResult.Error(412, "PreconditionFailed", "The condition specified using HTTP conditional header(s) is not met.")
            : null;
    }

    private static void RemoveCi(JsonObject o, string key)
    {
        foreach (var k in o.Select(kv => kv.Key).Where(k => k.Equals(key, StringComparison.OrdinalIgnoreCase)).ToList()) o.Remove(k);
    }

    internal static JsonObject NewObject(Ctx ctx, TypeInfo ti)
    {
        var o = new JsonObject { ["id"] = ctx.Id, ["name"] = ctx.Name, ["type"] = ti.Type };
        if (ti.Kind is TypeKind.Tracked or TypeKind.TrackedChild) { o["location"] = ctx.Location; o["tags"] = new JsonObject(); }
        if (ti.Template != null) J.MergeMove(o, ti.Template(ctx));
        o["id"] = ctx.Id; o["name"] = ctx.Name; o["type"] = ti.Type;
        return o;
    }

    /// <summary>Sets id/name/type/etag and provisioning state after a write.</summary>
    internal static void FinishWrite(Ctx ctx, TypeInfo ti, JsonObject obj)
    {
        obj["id"] = ctx.Id; obj["name"] = ctx.Name; obj["type"] = ti.Type;
        if (ti.Type.StartsWith("Microsoft.Network/", StringComparison.OrdinalIgnoreCase))
            obj["etag"] = $"W/\"{Guid.NewGuid()}\"";
        var p = obj.Props();
        if (ti.Type is not ("Microsoft.Sql/servers/firewallRules" or "Microsoft.Sql/servers/databases/transparentDataEncryption"
            or "Microsoft.Security/pricings" or "Microsoft.Insights/diagnosticSettings" or "Microsoft.Insights/activityLogAlerts"
            or "Microsoft.Sql/servers/auditingSettings" or "Microsoft.Web/sites/config" or "Microsoft.Sql/servers/administrators"
            or "Microsoft.Sql/servers/encryptionProtector" or "Microsoft.Security/securityContacts" or "Microsoft.Security/autoProvisioningSettings"
            or "Microsoft.KeyVault/vaults/keys" or "Microsoft.KeyVault/vaults/secrets" or "Microsoft.Storage/storageAccounts/blobServices"))
            p["provisioningState"] = "Succeeded";
        if (ti.Type == "Microsoft.Network/networkSecurityGroups") Network.NormalizeNsg(obj);
        if (ti.Type == "Microsoft.Storage/storageAccounts") Others.NormalizeStorage(ctx.State, obj);
    }

    private ArmResult? ValidateWrite(ArmCall c, TypeInfo ti, JsonObject obj, JsonObject? existing, RPath rp) => ti.Type switch
    {
        "Microsoft.Network/networkSecurityGroups" => Network.ValidateNsg(obj),
        "Microsoft.Network/networkInterfaces" => Network.ValidateNic(this, c, obj, existing),
        "Microsoft.Compute/snapshots" => Compute.ValidateSnapshot(this, c, obj, existing),
        "Microsoft.Compute/virtualMachines" => Compute.ValidateVm(this, c, obj, existing),
        _ => null,
    };

    private void AfterWrite(TypeInfo ti, JsonObject obj, JsonObject? existing)
    {
        switch (ti.Type)
        {
            case "Microsoft.Network/networkInterfaces":
            case "Microsoft.Network/virtualNetworks":
                Network.RefreshBackReferences(State);
                break;
            case "Microsoft.Compute/snapshots":
            case "Microsoft.Compute/disks":
                Compute.AfterCopyWrite(State, obj, existing);
                break;
            case "Microsoft.Compute/virtualMachines":
                if (!State.PowerStates.ContainsKey(SimState.Norm(obj.Str("id")!))) State.PowerStates[SimState.Norm(obj.Str("id")!)] = "PowerState/running";
                break;
        }
    }

    private ArmResult Patch(ArmCall c, RPath rp, TypeInfo ti)
    {
        if (c.Body is not JsonObject body) return ArmErrors.InvalidRequestContent("The request body must be a JSON object.");
        var id = rp.Id;
        lock (State.Gate)
        {
            var live = State.GetLive(id);
            if (live == null) return NotFound(rp);
            var obj = live.Clone();
            var incoming = body.Clone();
            foreach (var k in new[] { "id", "name", "type", "location" }) RemoveCi(incoming, k);
            if (J.Get(incoming, "tags") != null) RemoveCi(obj, "tags");
            J.Merge(obj, incoming);
            var err = ValidateWrite(c, ti, obj, live, rp);
            if (err != null) return err;
            var (sub, rg) = rp.ScopeParts;
            FinishWrite(new Ctx(State, live.Str("id")!, live.Str("name")!, live.Str("location"), sub ?? "", rg, c.Tid), ti, obj);
            State.PutLive(obj);
            AfterWrite(ti, obj, live);
            return ArmResult.Ok(Present(c, ti, obj));
        }
    }

    private ArmResult Delete(ArmCall c, RPath rp, TypeInfo ti)
    {
        var id = rp.Id;
        var (sub, _) = rp.ScopeParts;
        string? location;
        lock (State.Gate)
        {
            var live = State.GetLive(id);
            var pre = Precondition(c, live);
            if (pre != null) return pre;
            if (live == null) return ArmResult.Empty(204);
            location = live.Str("location");
            var err = ti.Type switch
            {
                "Microsoft.Network/networkSecurityGroups" => Network.CanDeleteNsg(State, live),
                "Microsoft.Network/publicIPAddresses" => Network.CanDeletePip(State, live),
                "Microsoft.Network/networkInterfaces" => Network.CanDeleteNic(State, live),
                _ => null,
            };
            if (err != null) return err;
            State.DeleteLive(id);
            if (ti.Type == "Microsoft.Compute/virtualMachines") { State.PowerStates.Remove(SimState.Norm(id)); State.PendingPower.Remove(SimState.Norm(id)); }
            if (ti.Type.StartsWith("Microsoft.Network/", StringComparison.OrdinalIgnoreCase)) Network.RefreshBackReferences(State);
        }
        if (ti.AsyncWrites && sub != null)
            return Accepted(c, sub, rp.Ns, location?.ToLowerInvariant() ?? "eastus", resultStatus: 204);
        return ArmResult.Empty(200);
    }

    private ArmResult Action(ArmCall c, RPath rp, TypeInfo ti)
    {
        var action = rp.Action!;
        var id = rp.Id;
        var isGet = c.Method is "GET" or "HEAD";
        var rbacAction = isGet ? $"{ti.Type}/{action}/read" : $"{ti.Type}/{action}/action";
        if (ti.Type == "Microsoft.Web/sites/config" && action.Equals("list", StringComparison.OrdinalIgnoreCase)) rbacAction = "Microsoft.Web/sites/config/list/Action";
        var denied = Authorize(c, rbacAction, id);
        if (denied != null) return denied;
        var (sub, rg) = rp.ScopeParts;
        if (rg != null && State.GetResourceGroup(sub!, rg) == null) return ArmErrors.ResourceGroupNotFound(rg);
        bool exists;
        lock (State.Gate) exists = State.GetLive(id) != null;
        if (!exists) return NotFound(rp);

        var key = $"{ti.Type}/{action}".ToLowerInvariant();
        return key switch
        {
            "microsoft.compute/virtualmachines/start" or "microsoft.compute/virtualmachines/poweroff"
                or "microsoft.compute/virtualmachines/deallocate" or "microsoft.compute/virtualmachines/restart"
                when c.Method == "POST" => Compute.PowerAction(this, c, rp, action.ToLowerInvariant()),
            "microsoft.compute/virtualmachines/instanceview" when isGet => Compute.InstanceView(this, c, rp),
            "microsoft.compute/snapshots/begingetaccess" or "microsoft.compute/disks/begingetaccess" when c.Method == "POST" => Compute.BeginGetAccess(this, c, rp),
            "microsoft.compute/snapshots/endgetaccess" or "microsoft.compute/disks/endgetaccess" when c.Method == "POST" => Compute.EndGetAccess(this, c, rp),
            "microsoft.network/networkinterfaces/effectivenetworksecuritygroups" when c.Method == "POST" => Network.EffectiveAction(this, c, rp),
            "microsoft.storage/storageaccounts/listkeys" when c.Method == "POST" => Others.ListKeys(this, c, rp),
            "microsoft.web/sites/config/list" when c.Method == "POST" => Others.ListConfig(this, c, rp),
            _ => ArmResult.Error(404, "NotFound", $"The requested action '{action}' on resource type '{ti.Type}' is not supported."),
        };
    }
}
