using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AzureSim;

/// <summary>One ARM request after authentication.</summary>
internal sealed class ArmCall
{
    public required HttpContext Http { get; init; }
    public required string Method { get; init; }
    public required string[] Segs { get; init; }
    public required string ApiVersion { get; init; }
    public required SimClient Caller { get; init; }
    public required string Tid { get; init; }
    public required string Base { get; init; }
    public JsonNode? Body { get; set; }
    public string Q(string k) => Http.Request.Query[k].ToString();
    public bool IsGet => Method == "GET" || Method == "HEAD";
}

/// <summary>A parsed resource path: {scope}/providers/{ns}/{type}/{name}[/{type}/{name}...][/{action or collection}].</summary>
internal sealed class RPath
{
    public required string Scope { get; init; }          // "" (tenant), /subscriptions/x, /subscriptions/x/resourceGroups/y, or a resource id
    public required string Ns { get; init; }
    public required List<string> Types { get; init; }
    public required List<string> Names { get; init; }
    public string? Action { get; set; }
    public bool IsCollection => Types.Count == Names.Count + 1;
    public string FullType => Ns + "/" + string.Join('/', Types);
    public string ParentType => Ns + "/" + string.Join('/', Types.Take(Names.Count));
    public string Id
    {
        get
        {
            var sb = new StringBuilder(Scope).Append("/providers/").Append(Ns);
            for (var i = 0; i < Names.Count; i++) sb.Append('/').Append(Types[i]).Append('/').Append(Names[i]);
            return sb.ToString();
        }
    }
    /// <summary>Id of the parent resource (for a child) or of the resource itself for a collection of children.</summary>
    public string CollectionParentId
    {
        get
        {
            if (Names.Count == 0) return Scope;
            var sb = new StringBuilder(Scope).Append("/providers/").Append(Ns);
            for (var i = 0; i < Names.Count; i++) sb.Append('/').Append(Types[i]).Append('/').Append(Names[i]);
            return sb.ToString();
        }
    }
    public string Name => Names.Count > 0 ? Names[^1] : "";
    public string? SubscriptionId => ScopeParts.Sub;
    public string? ResourceGroup => ScopeParts.Rg;
    public (string? Sub, string? Rg) ScopeParts => ArmPaths.SubAndRg(Scope);
}

internal static class ArmPaths
{
    public static (string? Sub, string? Rg) SubAndRg(string id)
    {
        var s = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? sub = null, rg = null;
        if (s.Length >= 2 && s[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)) sub = s[1];
        if (s.Length >= 4 && s[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)) rg = s[3];
        return (sub, rg);
    }

    /// <summary>Parses segments at/after a "providers" segment. Returns null when the path has no provider part.</summary>
    public static RPath? Parse(string[] segs)
    {
        var p = -1;
        for (var i = segs.Length - 2; i >= 0; i--)
            if (segs[i].Equals("providers", StringComparison.OrdinalIgnoreCase)) { p = i; break; }
        if (p < 0) return null;
        var scope = p == 0 ? "" : "/" + string.Join('/', segs.Take(p));
        var ns = segs[p + 1];
        var rest = segs.Skip(p + 2).ToList();
        var types = new List<string>();
        var names = new List<string>();
        for (var i = 0; i < rest.Count; i++)
        {
            if (i % 2 == 0) types.Add(rest[i]); else names.Add(rest[i]);
        }
        return new RPath { Scope = NormalizeScope(scope), Ns = ns, Types = types, Names = names };
    }

    /// <summary>Canonical casing of the well-known scope segments.</summary>
    public static string NormalizeScope(string scope)
    {
        var s = scope.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (s.Length >= 1 && s[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)) s[0] = "subscriptions";
        if (s.Length >= 3 && s[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)) s[2] = "resourceGroups";
        if (s.Length >= 5 && s[4].Equals("providers", StringComparison.OrdinalIgnoreCase)) s[4] = "providers";
        return s.Length == 0 ? "" : "/" + string.Join('/', s);
    }
}

/// <summary>The ARM front door: faults, authentication, throttling, routing.</summary>
internal sealed partial class ArmServer(SimState state, Func<Uri> baseUri)
{
    private readonly SimState S = state;
    private string Base => baseUri().ToString().TrimEnd('/');

    public async Task HandleAsync(HttpContext ctx)
    {
        S.CountRequest();
        var req = ctx.Request;
        var pathAndQuery = req.Path.Value + req.QueryString.Value;
        var corr = req.Headers["x-ms-client-request-id"].ToString();
        var reqId = Guid.NewGuid().ToString();
        ctx.Response.Headers["x-ms-request-id"] = reqId;
        ctx.Response.Headers["x-ms-correlation-request-id"] = reqId;
        ctx.Response.Headers["x-ms-routing-request-id"] = "EASTUS:" + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'") + ":" + reqId;
        if (!string.IsNullOrEmpty(corr)) ctx.Response.Headers["x-ms-client-request-id"] = corr;
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";

        ArmResult result;
        try
        {
            result = await ProcessAsync(ctx, pathAndQuery);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = ArmResult.Error(500, "InternalServerError", "Encountered internal server error. Diagnostic information: " + ex.GetType().Name + ": " + ex.Message);
        }
        // HEAD (existence checks): 204 when the resource exists, 404 when not, no body
        if (HttpMethods.IsHead(req.Method)) result = new ArmResult { Status = result.Status == 200 ? 204 : result.Status };
        await result.WriteAsync(ctx);
    }

    private async Task<ArmResult> ProcessAsync(HttpContext ctx, string pathAndQuery)
    {
        var f = S.Faults;
        if (f.LatencyMs > 0) await Task.Delay(f.LatencyMs, ctx.RequestAborted);
        var method = ctx.Request.Method.ToUpperInvariant();
        var segs = (ctx.Request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var subFromPath = segs.Length >= 2 && segs[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? segs[1] : null;

        // injected faults (before auth, as a front-door failure)
        var queued = S.TakeQueuedFault(pathAndQuery);
        if (queued == 429 || (queued == null && f.ThrottleRate > 0 && S.NextRandom() < f.ThrottleRate))
            return Throttled(subFromPath, "unknown", method, f.RetryAfterSeconds);
        if (queued is >= 500 || (queued == null && f.ServerErrorRate > 0 && S.NextRandom() < f.ServerErrorRate))
        {
            var st = queued ?? 500;
            return st == 503
                ? ArmResult.Error(503, "ServiceUnavailable", "The server (leader) is currently unable to handle this request. Please retry.").With("Retry-After", "1")
                : ArmResult.Error(st, "InternalServerError", $"Encountered internal server error. Diagnostic information: timestamp '{DateTime.UtcNow:yyyyMMdd'T'HHmmss'.'fffffff'Z'}', subscription id '{subFromPath}', tracking id '{Guid.NewGuid()}', request correlation id '{Guid.NewGuid()}'.");
        }

        // authentication
        var auth = ctx.Request.Headers.Authorization.ToString();
        var authority = $"{Base}/";
        if (string.IsNullOrEmpty(auth))
            return Unauthorized("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", "The authentication failed because of missing 'Authorization' header.");
        if (!auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Unauthorized("AuthenticationFailedInvalidHeader", "Authentication failed. The 'Authorization' header is provided in an invalid format.", "The authentication failed because of invalid 'Authorization' header.");
        var token = auth[7..].Trim();
        var claims = Jwt.Validate(S, token);
        if (claims == null)
            return Unauthorized("InvalidAuthenticationToken", "The access token is invalid.", "The access token is invalid.");
        var aud = claims.Str("aud") ?? "";
        if (!S.Cloud.AcceptedAudiences.Contains(aud, StringComparer.OrdinalIgnoreCase))
            return Unauthorized("InvalidAuthenticationTokenAudience",
                $"The access token has been obtained for wrong audience or resource '{aud}'. It should exactly match with one of the allowed audiences {string.Join(",", S.Cloud.AcceptedAudiences.Select(a => $"'{a}'"))}.",
                "The access token audience is invalid.");
        var exp = claims.Node("exp")?.GetValue<long>() ?? 0;
        var now = DateTimeOffset.UtcNow;
        if (DateTimeOffset.FromUnixTimeSeconds(exp) <= now)
            return Unauthorized("ExpiredAuthenticationToken",
                $"The access token expiry UTC time '{DateTimeOffset.FromUnixTimeSeconds(exp).UtcDateTime:M/d/yyyy h:mm:ss tt}' is earlier than current UTC time '{now.UtcDateTime:M/d/yyyy h:mm:ss tt}'.",
                "The access token has expired.");
        var tid = claims.Str("tid") ?? "";
        var client = S.FindClient(claims.Str("appid") ?? "");
        if (client == null)
            return Unauthorized("InvalidAuthenticationToken", "The access token is invalid.", "The access token is invalid.");

        var apiVersion = ctx.Request.Query["api-version"].ToString();
        if (string.IsNullOrEmpty(apiVersion)) return ArmErrors.MissingApiVersion();
        if (!System.Text.RegularExpressions.Regex.IsMatch(apiVersion, @"^\d{4}-\d{2}-\d{2}(-preview|-beta|-alpha)?$"))
            return ArmResult.Error(400, "InvalidApiVersionParameter", $"The api-version '{apiVersion}' is invalid. The supported versions are '{string.Join("','", Types.ResourceApiVersions)}'. The supported api-versions are '{string.Join(",", Types.ResourceApiVersions)}'.");

        // subscription & tenant checks
        if (subFromPath != null)
        {
            var sub = S.FindSubscription(subFromPath);
            if (sub == null) return ArmErrors.SubscriptionNotFound(subFromPath);
            if (!sub.TenantId.Equals(tid, StringComparison.OrdinalIgnoreCase))
                return Unauthorized("InvalidAuthenticationTokenTenant",
                    $"The access token is from the wrong issuer 'https://{S.Cloud.StsHost}/{tid}/'. It must match the tenant 'https://{S.Cloud.StsHost}/{sub.TenantId}/' associated with this subscription. Please use the authority (URL) 'https://{S.Cloud.LoginHost}/{sub.TenantId}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.",
                    "The access token is from the wrong issuer.");
            // ARM's token buckets, per subscription x principal x operation kind
            var kind = method is "GET" or "HEAD" ? "reads" : method == "DELETE" ? "deletes" : "writes";
            var remaining = S.ConsumeBucket(subFromPath, client.ObjectId, kind, f.EnforceRateLimits);
            if (remaining < 0) return Throttled(subFromPath, client.ObjectId, method, 1);
            ctx.Response.Headers[$"x-ms-ratelimit-remaining-subscription-{kind}"] = remaining.ToString();
            if (kind != "reads") ctx.Response.Headers["x-ms-ratelimit-remaining-subscription-global-" + kind] = (remaining * 15).ToString();
        }
        else
        {
            ctx.Response.Headers["x-ms-ratelimit-remaining-tenant-reads"] = "11999";
        }

        var call = new ArmCall { Http = ctx, Method = method, Segs = segs, ApiVersion = apiVersion, Caller = client, Tid = tid, Base = Base };
        if (method is "PUT" or "PATCH" or "POST")
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(ctx.RequestAborted);
            if (!string.IsNullOrWhiteSpace(text))
            {
                try { call.Body = JsonNode.Parse(text); }
                catch (JsonException ex)
                {
                    return ArmErrors.InvalidRequestContent($"{ex.Message.Split(" LineNumber")[0]} Path '{ex.Path ?? ""}', line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}.");
                }
            }
            else if (method is "PUT" or "PATCH")
            {
                return ArmResult.Error(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'The request body is empty.'.");
            }
        }
        return Route(call);
    }

    private ArmResult Throttled(string? sub, string principal, string method, int retryAfter)
    {
        var kind = method is "GET" or "HEAD" ? "read" : method == "DELETE" ? "delete" : "write";
        var r = sub != null
            ? ArmResult.Error(429, "SubscriptionRequestsThrottled", $"Number of '{kind}' requests for subscription '{sub}' actor '{principal}' exceeded. Please try again after '{retryAfter}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling")
            : ArmResult.Error(429, "TenantRequestsThrottled", $"Number of '{kind}' requests for tenant actor '{principal}' exceeded. Please try again after '{retryAfter}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling");
        r.With("Retry-After", retryAfter.ToString());
        if (sub != null) r.With($"x-ms-ratelimit-remaining-subscription-{kind}s", "0");
        return r;
    }

    private ArmResult Unauthorized(string code, string message, string description)
    {
        var tenant = S.Tenants.FirstOrDefault()?.Id ?? "common";
        return ArmResult.Error(401, code, message)
            .With("WWW-Authenticate", $"Bearer authorization_uri=\"{Base}/{tenant}\", error=\"invalid_token\", error_description=\"{description}\"");
    }

    // -------------------------------------------------------------------------------------------------- routing
    private ArmResult Route(ArmCall c)
    {
        var s = c.Segs;
        var n = s.Length;
        bool Is(int i, string v) => i < n && s[i].Equals(v, StringComparison.OrdinalIgnoreCase);

        // tenant level
        if (n == 0) return ArmResult.Error(404, "NotFound", "The requested path is not found.");
        if (Is(0, "tenants") && n == 1) return Resources.ListTenants(this, c);
        if (Is(0, "providers") && n == 1) return Resources.ListProviders(this, c, null);
        if (Is(0, "providers") && n == 2) return Resources.GetProvider(this, c, null, s[1]);
        if (Is(0, "providers") && Is(1, "Microsoft.ResourceGraph") && Is(2, "resources")) return ResourceGraph.Query(this, c);

        if (Is(0, "subscriptions"))
        {
            if (n == 1) return Resources.ListSubscriptions(this, c);
            var sub = s[1];
            if (n == 2) return Resources.GetSubscription(this, c, sub);
            if (n == 3 && Is(2, "locations")) return Resources.ListLocations(this, c, sub);
            if (n == 3 && Is(2, "providers")) return Resources.ListProviders(this, c, sub);
            if (n == 4 && Is(2, "providers")) return Resources.GetProvider(this, c, sub, s[3]);
            if (n == 5 && Is(2, "providers") && Is(4, "register")) return Resources.GetProvider(this, c, sub, s[3]);
            if (n == 3 && Is(2, "resources")) return Resources.ListGenericResources(this, c, sub, null);
            if (n == 3 && Is(2, "resourcegroups")) return Resources.ListGroups(this, c, sub);
            if (n == 4 && Is(2, "resourcegroups")) return Resources.Group(this, c, sub, s[3]);
            if (n == 5 && Is(2, "resourcegroups") && Is(4, "resources")) return Resources.ListGenericResources(this, c, sub, s[3]);
            if (n == 4 && Is(2, "operationresults")) return OperationStatus(c, s[3], monitor: true);
            // operation status: /subscriptions/s/providers/{ns}/locations/{loc}/(operations|operationResults|asyncoperations)/{id}
            if (n == 8 && Is(2, "providers") && Is(4, "locations") && (Is(6, "operations") || Is(6, "operationResults") || Is(6, "asyncoperations") || Is(6, "operationStatuses")))
                return OperationStatus(c, s[7], Is(6, "operationResults") || c.Q("monitor") == "true");
        }

        var rp = ArmPaths.Parse(s);
        if (rp == null) return ArmResult.Error(404, "NotFound", $"The requested path '{c.Http.Request.Path}' is not found.");
        return RouteResource(c, rp);
    }

    // -------------------------------------------------------------------------------------------------- authorization helpers
    public string ActionFor(string type, string method) => type + (method switch
    {
        "GET" or "HEAD" => "/read",
        "DELETE" => "/delete",
        _ => "/write",
    });

    public ArmResult? Authorize(ArmCall c, string action, string scope)
    {
        if (S.IsAuthorized(c.Caller.ObjectId, action, scope)) return null;
        return AuthorizationFailed(c, action, scope);
    }

    public ArmResult AuthorizationFailed(ArmCall c, string action, string scope) =>
        ArmResult.Error(403, "AuthorizationFailed",
            $"The client '{c.Caller.ClientId}' with object id '{c.Caller.ObjectId}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.");

    public ArmResult LinkedAuthorizationFailed(ArmCall c, string action, string scope, string linkedAction, string linkedScope) =>
        ArmResult.Error(403, "LinkedAuthorizationFailed",
            $"The client '{c.Caller.ClientId}' with object id '{c.Caller.ObjectId}' has permission to perform action '{action}' on scope '{scope}'; however, it does not have permission to perform action(s) '{linkedAction}' on the linked scope(s) '{linkedScope}' (respectively) or the linked scope(s) are invalid.");

    /// <summary>Any role assignment at or below the subscription (what GET subscription / providers / locations need).</summary>
    public bool HasAnyAccess(ArmCall c, string sub) =>
        S.AssignmentsFor(c.Caller.ObjectId).Any(x => Rbac.IsAtOrBelow(x.A.Scope, "/subscriptions/" + sub) || Rbac.IsAtOrBelow("/subscriptions/" + sub, x.A.Scope));

    /// <summary>For collection reads: full access at scope, or a filter when only narrower scopes grant the read.</summary>
    public (bool Allowed, Func<string, bool> Visible) ReadFilter(ArmCall c, string action, string scope)
    {
        var assigns = S.AssignmentsFor(c.Caller.ObjectId).Where(x => x.R.Allows(action)).ToList();
        if (assigns.Any(x => Rbac.IsAtOrBelow(scope, x.A.Scope))) return (true, _ => true);
        var below = assigns.Where(x => Rbac.IsAtOrBelow(x.A.Scope, scope)).Select(x => x.A.Scope).ToList();
        if (below.Count == 0) return (false, _ => false);
        return (true, id => below.Any(b => Rbac.IsAtOrBelow(id, b)));
    }

    // -------------------------------------------------------------------------------------------------- paging
    public ArmResult Page(ArmCall c, IReadOnlyList<JsonNode> items, int? pageSizeOverride = null, Func<JsonNode, JsonNode>? map = null)
    {
        var size = Math.Max(1, pageSizeOverride ?? S.PageSize);
        var skip = 0;
        var tok = c.Q("$skiptoken");
        if (!string.IsNullOrEmpty(tok))
        {
            try { skip = int.Parse(Encoding.UTF8.GetString(B64Url.Decode(tok)).Split(':')[1]); }
            catch { return ArmResult.Error(400, "InvalidSkipToken", $"The provided skip token '{tok}' is not valid."); }
        }
        // $top: the page size the caller asks for (ARM list APIs page by it and return a nextLink)
        if (int.TryParse(c.Q("$top"), out var t) && t > 0) size = Math.Min(size, t);
        var page = items.Skip(skip).Take(size).Select(i => map != null ? map(i) : i.DeepClone()).ToList();
        var body = new JsonObject { ["value"] = J.A(page) };
        var next = skip + page.Count;
        if (next < items.Count)
        {
            var q = System.Web.HttpUtility.ParseQueryString(c.Http.Request.QueryString.Value ?? "");
            q["$skiptoken"] = B64Url.Encode(Encoding.UTF8.GetBytes("o:" + next));
            var parts = q.AllKeys.Where(k => k != null).Select(k => $"{k}={Uri.EscapeDataString(q[k]!)}");
            body["nextLink"] = $"{S.Faults.ForeignNextLinkBase?.TrimEnd('/') ?? c.Base}{c.Http.Request.Path}?{string.Join('&', parts)}";
        }
        return ArmResult.Ok(body);
    }

    // -------------------------------------------------------------------------------------------------- long-running operations
    public enum LroStyle { AsyncOperation, LocationOnly }

    /// <summary>Creates a finished-or-soon-finished operation and returns the headers ARM sends with it.</summary>
    public ArmResult Accepted(ArmCall c, string sub, string ns, string location, JsonNode? result = null, int status = 202, JsonNode? body = null, bool includeLocation = true, int resultStatus = 200)
    {
        var op = new SimOperation
        {
            Id = Guid.NewGuid().ToString(),
            SubscriptionId = sub,
            ProviderNamespace = ns,
            Location = location,
            DoneAt = DateTimeOffset.UtcNow + S.OperationDuration,
            Result = result,
            ResultStatus = resultStatus,
        };
        S.Operations[op.Id] = op;
        var r = new ArmResult { Status = status, Body = body };
        var baseOp = $"{c.Base}/subscriptions/{sub}/providers/{ns}/locations/{location}";
        var isCompute = ns.Equals("Microsoft.Compute", StringComparison.OrdinalIgnoreCase);
        r.With("Azure-AsyncOperation", $"{baseOp}/operations/{op.Id}?api-version={c.ApiVersion}");
        if (includeLocation)
            r.With("Location", isCompute
                ? $"{baseOp}/operations/{op.Id}?monitor=true&api-version={c.ApiVersion}"
                : $"{baseOp}/operationResults/{op.Id}?api-version={c.ApiVersion}");
        if (S.OperationDuration > TimeSpan.Zero) r.With("Retry-After", Math.Max(1, (int)Math.Ceiling(S.OperationDuration.TotalSeconds)).ToString());
        return r;
    }

    private ArmResult OperationStatus(ArmCall c, string id, bool monitor)
    {
        if (!S.Operations.TryGetValue(id, out var op))
            return ArmResult.Error(404, "NotFound", $"The operation '{id}' could not be found.");
        var done = DateTimeOffset.UtcNow >= op.DoneAt;
        if (monitor)
        {
            if (!done)
                return ArmResult.Empty(202).With("Location", $"{c.Base}{c.Http.Request.Path}{c.Http.Request.QueryString}").With("Retry-After", "1");
            return op.Result != null ? ArmResult.Ok(op.Result.DeepClone(), op.ResultStatus) : ArmResult.Empty(op.ResultStatus);
        }
        var body = J.O(("name", op.Id), ("status", done ? op.FinalStatus : "InProgress"), ("startTime", J.Iso(op.Start)));
        if (done) body["endTime"] = J.Iso(op.DoneAt > op.Start ? op.DoneAt : op.Start);
        if (done && op.Result != null && op.ProviderNamespace.Equals("Microsoft.Compute", StringComparison.OrdinalIgnoreCase))
            body["properties"] = J.O(("output", op.Result.DeepClone()));
        if (op.Error != null) body["error"] = op.Error.DeepClone();
        var r = ArmResult.Ok(body);
        if (!done) r.With("Retry-After", "1");
        return r;
    }

    public SimState State => S;
}
