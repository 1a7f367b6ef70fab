using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace AzureSim;

public sealed class SimTenant
{
    public required string Id { get; init; }
    public string DisplayName { get; init; } = "";
    public string DefaultDomain { get; init; } = "";
}

public sealed class SimSubscription
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string DisplayName { get; init; } = "";
    public string State { get; set; } = "Enabled";
    public Dictionary<string, string> Tags { get; init; } = new();
}

public sealed class SimSecret
{
    public required string Value { get; init; }
    public string KeyId { get; init; } = Guid.NewGuid().ToString();
    public DateTimeOffset ExpiresOn { get; set; }
}

public sealed class SimClient
{
    public required string ClientId { get; init; }
    public required string ObjectId { get; init; }
    public required string TenantId { get; init; }
    public string DisplayName { get; init; } = "";
    public List<SimSecret> Secrets { get; } = [];
}

/// <summary>The live, thread-safe state of a simulator instance.</summary>
public sealed class SimState
{
    private readonly object _gate = new();
    internal object Gate => _gate;
    internal CloudProfile Cloud { get; }
    private volatile FaultOptions _faults;
    private readonly Random _random;
    private int _requestCount;

    // identity
    private readonly Dictionary<string, SimTenant> _tenants = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SimSubscription> _subs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SimClient> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SimRoleDefinition> _roleDefs = [];
    private readonly List<SimRoleAssignment> _assignments = [];

    // resources: id (lower) -> object; per type index (lower type) -> sorted ids
    private readonly Dictionary<string, JsonObject> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _byType = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, JsonObject> _groups = new(StringComparer.OrdinalIgnoreCase); // "/subscriptions/s/resourcegroups/rg" lower -> rg json

    /// <summary>VM power transitions in flight (when OperationDuration &gt; 0): id → (final state, when it is reached).</summary>
    internal Dictionary<string, (string Final, DateTimeOffset At)> PendingPower { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Current power state of a VM (normalized id), settling a finished transition first. Call under Gate.</summary>
    internal string PowerOf(string key)
    {
        if (PendingPower.TryGetValue(key, out var p) && DateTimeOffset.UtcNow >= p.At)
        {
            PowerStates[key] = p.Final;
            PendingPower.Remove(key);
        }
        return PowerStates.GetValueOrDefault(key) ?? "PowerState/running";
    }

    /// <summary>Moves a VM to a power state, through a transitional state while OperationDuration lasts. Call under Gate.</summary>
    internal void SetPower(string key, string transitional, string final)
    {
        if (OperationDuration > TimeSpan.Zero)
        {
            PowerStates[key] = transitional;
            PendingPower[key] = (final, DateTimeOffset.UtcNow + OperationDuration);
        }
        else
        {
            PowerStates[key] = final;
            PendingPower.Remove(key);
        }
    }

    /// <summary>VM id (normalized) → power state code ("PowerState/running").</summary>
    internal Dictionary<string, string> PowerStates { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What each disk, snapshot and image holds (the bytes its export serves). See README "Disk contents".</summary>
    public DiskContentStore DiskContents { get; } = new();

    /// <summary>SAS grants of beginGetAccess (the blob endpoint checks them).</summary>
    internal SasGrants Sas { get; } = new();

    /// <summary>The blob endpoint (exported disks), e.g. https://127.0.0.1:PORT/.</summary>
    public Uri? BlobEndpoint => Sas.Endpoint;

    /// <summary>SAS URLs currently valid (granted and not revoked; expired ones included until revoked).</summary>
    public int ActiveSasCount => Sas.Count;

    // long running operations
    internal ConcurrentDictionary<string, SimOperation> Operations { get; } = new(StringComparer.OrdinalIgnoreCase);

    // fault queues
    private readonly List<QueuedFault> _queued = [];
    private readonly Dictionary<string, (double Tokens, DateTime Last)> _buckets = new();

    internal RSA SigningKey { get; } = RSA.Create(2048);
    internal string KeyId { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');

    internal SimState(CloudProfile cloud, FaultOptions faults, int? randomSeed, int pageSize, TimeSpan tokenLifetime)
    {
        Cloud = cloud;
        _faults = faults.Clone();
        _random = randomSeed.HasValue ? new Random(randomSeed.Value) : new Random();
        PageSize = pageSize;
        TokenLifetime = tokenLifetime;
        _roleDefs.AddRange(Rbac.BuiltIns);
    }

    /// <summary>Current fault settings; assign a new instance to change them at runtime.</summary>
    public FaultOptions Faults { get => _faults; set => _faults = value.Clone(); }

    /// <summary>Page size for paged list operations (nextLink).</summary>
    public int PageSize { get; set; }

    public TimeSpan TokenLifetime { get; set; }

    /// <summary>Delay before a long-running operation reports Succeeded (0 = done on first poll).</summary>
    public TimeSpan OperationDuration { get; set; } = TimeSpan.Zero;

    public int RequestCount => Volatile.Read(ref _requestCount);
    internal void CountRequest() => Interlocked.Increment(ref _requestCount);

    public int ResourceCount { get { lock (_gate) return _resources.Count; } }

    // ------------------------------------------------------------------ identity
    internal void AddTenant(SimTenant t) { lock (_gate) _tenants[t.Id] = t; }
    internal void AddSubscription(SimSubscription s) { lock (_gate) _subs[s.Id] = s; }
    internal void AddClient(SimClient c) { lock (_gate) _clients[c.ClientId] = c; }
    internal void AddRoleDefinition(SimRoleDefinition r) { lock (_gate) _roleDefs.Add(r); }
    internal void AddAssignment(SimRoleAssignment a) { lock (_gate) _assignments.Add(a); }

    public IReadOnlyList<SimTenant> Tenants { get { lock (_gate) return _tenants.Values.ToList(); } }
    public IReadOnlyList<SimSubscription> Subscriptions { get { lock (_gate) return _subs.Values.ToList(); } }
    public IReadOnlyList<SimClient> ClientRecords { get { lock (_gate) return _clients.Values.ToList(); } }
    public IReadOnlyList<SimRoleDefinition> RoleDefinitions { get { lock (_gate) return _roleDefs.ToList(); } }
    public IReadOnlyList<SimRoleAssignment> RoleAssignments { get { lock (_gate) return _assignments.ToList(); } }

    internal SimTenant? FindTenant(string idOrDomain)
    {
        lock (_gate)
        {
            if (_tenants.TryGetValue(idOrDomain, out var t)) return t;
            return _tenants.Values.FirstOrDefault(x => x.DefaultDomain.Equals(idOrDomain, StringComparison.OrdinalIgnoreCase));
        }
    }

    internal SimSubscription? FindSubscription(string id) { lock (_gate) return _subs.GetValueOrDefault(id); }
    public SimClient? FindClient(string clientId) { lock (_gate) return _clients.GetValueOrDefault(clientId); }
    internal SimClient? FindClientByObjectId(string oid) { lock (_gate) return _clients.Values.FirstOrDefault(c => c.ObjectId.Equals(oid, StringComparison.OrdinalIgnoreCase)); }

    internal SimRoleDefinition? FindRole(string idOrName)
    {
        lock (_gate)
            return _roleDefs.FirstOrDefault(r => r.Id.Equals(idOrName, StringComparison.OrdinalIgnoreCase))
                ?? _roleDefs.FirstOrDefault(r => r.RoleName.Equals(idOrName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Makes every secret of the client expire now (Entra then answers AADSTS7000222).</summary>
    public void ExpireSecretNow(string clientId)
    {
        lock (_gate)
        {
            var c = _clients.GetValueOrDefault(clientId) ?? throw new KeyNotFoundException($"Unknown client '{clientId}'.");
            foreach (var s in c.Secrets) s.ExpiresOn = DateTimeOffset.UtcNow.AddSeconds(-1);
        }
    }

    /// <summary>Adds a new secret to a client (like "New client secret" in the portal) and returns its value.</summary>
    public string AddSecret(string clientId, TimeSpan lifetime)
    {
        lock (_gate)
        {
            var c = _clients.GetValueOrDefault(clientId) ?? throw new KeyNotFoundException($"Unknown client '{clientId}'.");
            var value = "sim" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(27)).Replace('+', '~').Replace('/', '_');
            c.Secrets.Add(new SimSecret { Value = value, ExpiresOn = DateTimeOffset.UtcNow + lifetime });
            return value;
        }
    }

    /// <summary>Assigns a role (built-in name, custom role name or definition GUID) to a client at a scope.</summary>
    public string AssignRole(string clientId, string role, string scope)
    {
        lock (_gate)
        {
            var c = _clients.GetValueOrDefault(clientId) ?? throw new KeyNotFoundException($"Unknown client '{clientId}'.");
            var r = FindRole(role) ?? throw new KeyNotFoundException($"Unknown role '{role}'.");
            var id = DeterministicGuid($"{c.ObjectId}|{r.Id}|{scope.ToLowerInvariant()}");
            if (!_assignments.Any(a => a.Id == id))
                _assignments.Add(new SimRoleAssignment { Id = id, PrincipalId = c.ObjectId, RoleDefinitionId = r.Id, Scope = scope });
            return id;
        }
    }

    /// <summary>Removes all role assignments of a client (optionally only one role).</summary>
    public int RemoveRoleAssignments(string clientId, string? role = null)
    {
        lock (_gate)
        {
            var c = _clients.GetValueOrDefault(clientId) ?? throw new KeyNotFoundException($"Unknown client '{clientId}'.");
            var r = role == null ? null : FindRole(role);
            return _assignments.RemoveAll(a => a.PrincipalId == c.ObjectId && (r == null || a.RoleDefinitionId == r.Id));
        }
    }

    internal bool RemoveAssignmentById(string id) { lock (_gate) return _assignments.RemoveAll(a => a.Id.Equals(id, StringComparison.OrdinalIgnoreCase)) > 0; }

    internal List<(SimRoleAssignment A, SimRoleDefinition R)> AssignmentsFor(string principalObjectId)
    {
        lock (_gate)
        {
            return _assignments.Where(a => a.PrincipalId.Equals(principalObjectId, StringComparison.OrdinalIgnoreCase))
                .Select(a => (a, _roleDefs.FirstOrDefault(r => r.Id.Equals(a.RoleDefinitionId, StringComparison.OrdinalIgnoreCase))))
                .Where(x => x.Item2 != null).Select(x => (x.a, x.Item2!)).ToList();
        }
    }

    /// <summary>True when the principal may perform <paramref name="action"/> at <paramref name="scope"/>.</summary>
    public bool IsAuthorized(string principalObjectId, string action, string scope) =>
        AssignmentsFor(principalObjectId).Any(x => Rbac.IsAtOrBelow(scope, x.A.Scope) && x.R.Allows(action));

    /// <summary>Issues an access token as the token endpoint would (tests use it for audience/expiry cases).</summary>
    public string IssueToken(string clientId, string audience, TimeSpan? lifetime = null, string? tenantId = null)
    {
        var c = FindClient(clientId) ?? throw new KeyNotFoundException(clientId);
        return Jwt.Issue(this, c, tenantId ?? c.TenantId, audience, lifetime ?? TokenLifetime, DateTimeOffset.UtcNow);
    }

    // ------------------------------------------------------------------ resources
    internal static string TypeOf(JsonObject o) => o.Str("type") ?? "";

    /// <summary>Returns a copy of a resource by id, or null.</summary>
    public JsonObject? GetResource(string id)
    {
        lock (_gate) return _resources.TryGetValue(Norm(id), out var o) ? o.Clone() : null;
    }

    internal JsonObject? GetLive(string id) => _resources.TryGetValue(Norm(id), out var o) ? o : null;

    /// <summary>All resources of a type (copies), ordered by id.</summary>
    public IReadOnlyList<JsonObject> ListResources(string type)
    {
        lock (_gate) return _byType.TryGetValue(type, out var d) ? d.Values.Select(v => v.Clone()).ToList() : [];
    }

    internal IEnumerable<JsonObject> ListLive(string type) =>
        _byType.TryGetValue(type, out var d) ? d.Values : Enumerable.Empty<JsonObject>();

    internal IEnumerable<JsonObject> AllLive() => _resources.Values;

    /// <summary>Stores (adds or replaces) a resource object; its "id" and "type" must be set.</summary>
    public void PutResource(JsonObject resource)
    {
        lock (_gate) PutLive(resource);
    }

    internal void PutLive(JsonObject resource)
    {
        var id = resource.Str("id") ?? throw new ArgumentException("resource without id");
        var type = TypeOf(resource);
        var key = Norm(id);
        if (_resources.TryGetValue(key, out var old) && _byType.TryGetValue(TypeOf(old), out var od)) od.Remove(key);
        _resources[key] = resource;
        if (!_byType.TryGetValue(type, out var d)) _byType[type] = d = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        d[key] = resource;
    }

    public bool DeleteResource(string id)
    {
        lock (_gate) return DeleteLive(id);
    }

    internal bool DeleteLive(string id)
    {
        var key = Norm(id);
        if (!_resources.Remove(key, out var old)) return false;
        if (_byType.TryGetValue(TypeOf(old), out var d)) d.Remove(key);
        // a deleted disk or snapshot takes its content and its export SAS URLs with it
        DiskContents.Remove(key);
        Sas.Revoke(key);
        // children (separately stored child resources, e.g. SQL firewall rules)
        foreach (var child in _resources.Keys.Where(k => k.StartsWith(key + "/", StringComparison.Ordinal)).ToList())
        {
            _resources.Remove(child, out var co);
            if (co != null && _byType.TryGetValue(TypeOf(co), out var cd)) cd.Remove(child);
        }
        return true;
    }

    internal static string Norm(string id) => id.TrimEnd('/').ToLowerInvariant();

    // resource groups
    internal static string RgKey(string sub, string rg) => $"/subscriptions/{sub}/resourcegroups/{rg}".ToLowerInvariant();
    internal JsonObject? GetGroupLive(string sub, string rg) => _groups.GetValueOrDefault(RgKey(sub, rg));
    internal IEnumerable<JsonObject> GroupsLive(string sub) =>
        _groups.Where(kv => kv.Key.StartsWith($"/subscriptions/{sub.ToLowerInvariant()}/", StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value);
    internal void PutGroupLive(string sub, string rg, JsonObject o) => _groups[RgKey(sub, rg)] = o;
    internal bool DeleteGroupLive(string sub, string rg)
    {
        if (!_groups.Remove(RgKey(sub, rg))) return false;
        var prefix = RgKey(sub, rg) + "/";
        foreach (var k in _resources.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) DeleteLive(k);
        return true;
    }

    public JsonObject? GetResourceGroup(string subscriptionId, string name) { lock (_gate) return GetGroupLive(subscriptionId, name)?.Clone(); }

    // ------------------------------------------------------------------ convenience for tests / portal demo
    /// <summary>The VM's power state code, e.g. "PowerState/running".</summary>
    public string? GetPowerState(string vmId)
    {
        lock (_gate) return PowerStates.ContainsKey(Norm(vmId)) ? PowerOf(Norm(vmId)) : null;
    }

    /// <summary>Effective security rules of a NIC (NIC NSG + subnet NSG), as ARM's effectiveNetworkSecurityGroups returns them.</summary>
    public JsonObject ComputeEffectiveSecurityGroups(string nicId)
    {
        lock (_gate) return Network.EffectiveGroups(this, nicId) ?? throw new KeyNotFoundException(nicId);
    }

    // ------------------------------------------------------------------ faults
    /// <summary>Answer the next <paramref name="count"/> ARM requests (whose path contains <paramref name="pathContains"/>) with 429.</summary>
    public void ThrottleNext(int count, string? pathContains = null)
    {
        lock (_queued) _queued.Add(new QueuedFault(429, count, pathContains));
    }

    /// <summary>Answer the next <paramref name="count"/> ARM requests (matching) with a 5xx status.</summary>
    public void FailNext(int count, int statusCode = 500, string? pathContains = null)
    {
        lock (_queued) _queued.Add(new QueuedFault(statusCode, count, pathContains));
    }

    public void ClearQueuedFaults() { lock (_queued) _queued.Clear(); }

    internal int? TakeQueuedFault(string pathAndQuery, bool requirePath = false)
    {
        lock (_queued)
        {
            foreach (var f in _queued)
            {
                if (f.Remaining > 0 && ((f.PathContains == null && !requirePath) || f.PathContains != null && pathAndQuery.Contains(f.PathContains, StringComparison.OrdinalIgnoreCase)))
                {
                    f.Remaining--;
                    if (f.Remaining == 0) _queued.Remove(f);
                    return f.Status;
                }
            }
        }
        return null;
    }

    internal double NextRandom() { lock (_random) return _random.NextDouble(); }

    /// <summary>Token bucket per subscription x principal x kind. Returns remaining (or -1 when exhausted).</summary>
    internal int ConsumeBucket(string sub, string principal, string kind, bool enforce)
    {
        var (cap, refill) = kind == "reads" ? (250.0, 25.0) : (200.0, 10.0);
        var key = $"{sub}|{principal}|{kind}".ToLowerInvariant();
        lock (_buckets)
        {
            var now = DateTime.UtcNow;
            var (tokens, last) = _buckets.TryGetValue(key, out var b) ? b : (cap, now);
            tokens = Math.Min(cap, tokens + (now - last).TotalSeconds * refill);
            if (tokens < 1 && enforce)
            {
                _buckets[key] = (tokens, now);
                return -1;
            }
            tokens = Math.Max(0, tokens - 1);
            _buckets[key] = (tokens, now);
            return (int)Math.Floor(tokens);
        }
    }

    internal static string DeterministicGuid(string input)
    {
        var h = MD5.HashData(System.Text.Encoding.UTF8.GetBytes(input));
        h[6] = (byte)((h[6] & 0x0F) | 0x30);
        h[8] = (byte)((h[8] & 0x3F) | 0x80);
        return new Guid(h).ToString();
    }

    private sealed class QueuedFault(int status, int remaining, string? pathContains)
    {
        public int Status { get; } = status;
        public int Remaining { get; set; } = remaining;
        public string? PathContains { get; } = pathContains;
    }
}

internal sealed class SimOperation
{
    public required string Id { get; init; }
    public required string SubscriptionId { get; init; }
    public required string ProviderNamespace { get; init; }
    public required string Location { get; init; }
    public DateTimeOffset Start { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset DoneAt { get; init; }
    public string FinalStatus { get; init; } = "Succeeded";
    /// <summary>Body returned by the Location (monitor) URL once done; null → empty 200.</summary>
    public JsonNode? Result { get; init; }
    public int ResultStatus { get; init; } = 200;
    public JsonObject? Error { get; init; }
}
