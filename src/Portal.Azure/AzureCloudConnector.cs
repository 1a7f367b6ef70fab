using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>
/// <see cref="ICloudConnector"/> on the Azure SDK: Azure.Identity's ClientSecretCredential for Entra ID,
/// ArmClient (+ Compute) for ARM, and an Azure.Core pipeline with pinned api-versions for the providers
/// that have no served SDK package (network, authorization). Thread-safe; use one instance.
/// </summary>
public sealed partial class AzureCloudConnector : ICloudConnector, IDisposable
{
    private readonly AzureConnectorOptions _options;
    private readonly SemaphoreSlim _armGate;
    private readonly ConcurrentDictionary<CloudKind, Lazy<HttpPipelineTransport?>> _transports = new();
    private readonly ConcurrentDictionary<string, CachedClients> _clients = new(StringComparer.Ordinal);

    public AzureCloudConnector(AzureConnectorOptions? options = null)
    {
        _options = options ?? new AzureConnectorOptions();
        _armGate = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentArmRequests));
    }

    /// <summary>What this connector has sent to Azure so far.</summary>
    public ArmRequestMetrics Metrics { get; } = new();

    // ------------------------------------------------------------------------------------------ ICloudConnector

    public async Task<CloudResult<CredentialIdentity>> ValidateCredentialAsync(CloudCredential credential, CancellationToken cancellationToken = default)
    {
        if (CheckInput(credential) is { } bad) return bad;
        try
        {
            // A fresh credential (no cached token): validation must really ask Entra ID.
            var (cred, env) = CreateCredential(credential);
            var token = await cred.GetTokenAsync(new TokenRequestContext([env.DefaultScope]), cancellationToken).ConfigureAwait(false);
            return CloudResult<CredentialIdentity>.Ok(ReadIdentity(token));
        }
        catch (Exception ex)
        {
            ThrowIfCallerCancelled(ex, cancellationToken);
            return AzureErrorTranslator.Translate(ex, credential);
        }
    }

    public Task<CloudResult<IReadOnlyList<SubscriptionInfo>>> ListSubscriptionsAsync(CloudCredential credential, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<SubscriptionInfo>>(credential, async c =>
        {
            var list = new List<SubscriptionInfo>();
            await foreach (var sub in c.Arm.GetSubscriptions().GetAllAsync(cancellationToken).ConfigureAwait(false))
                list.Add(ToInfo(sub.Data));
            return list;
        }, cancellationToken);

    public Task<CloudResult<SubscriptionInfo>> GetSubscriptionAsync(CloudCredential credential, string subscriptionId, CancellationToken cancellationToken = default) =>
        RunAsync(credential, async c =>
        {
            var sub = await c.Arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(subscriptionId))
                .GetAsync(cancellationToken).ConfigureAwait(false);
            return ToInfo(sub.Value.Data);
        }, cancellationToken, subscriptionId);

    public Task<CloudResult<IReadOnlyList<RegionInfo>>> ListRegionsAsync(CloudCredential credential, string subscriptionId, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<RegionInfo>>(credential, async c =>
        {
            var sub = c.Arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(subscriptionId));
            var list = new List<RegionInfo>();
            await foreach (var loc in sub.GetLocationsAsync(includeExtendedLocations: null, cancellationToken).ConfigureAwait(false))
            {
                var type = loc.Metadata?.RegionType?.ToString();
                if (type != null && !type.Equals("Physical", StringComparison.OrdinalIgnoreCase)) continue; // logical regions (e.g. "global") host no VMs
                list.Add(new RegionInfo(
                    loc.Name,
                    loc.DisplayName ?? loc.Name,
                    loc.RegionalDisplayName,
                    loc.Metadata?.GeographyGroup,
                    loc.Metadata?.PairedRegions?.FirstOrDefault()?.Name));
            }
            return list.OrderBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
        }, cancellationToken, subscriptionId);

    public Task<CloudResult<PermissionSet>> GetPermissionsAsync(CloudCredential credential, string subscriptionId, CancellationToken cancellationToken = default) =>
        RunAsync(credential, async c =>
        {
            var entries = new List<PermissionEntry>();
            var path = $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/permissions?api-version={_options.AuthorizationApiVersion}";
            await foreach (var item in ListRawAsync(c, path, cancellationToken).ConfigureAwait(false))
                entries.Add(new PermissionEntry(Strings(item, "actions"), Strings(item, "notActions")));
            return new PermissionSet(entries);
        }, cancellationToken, subscriptionId);

    public Task<CloudResult<VmInventory>> ListVirtualMachinesAsync(CloudCredential credential, string subscriptionId, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(credential, async c =>
        {
            var sw = Stopwatch.StartNew();
            using var scope = OperationScope.Begin();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var ct = linked.Token;
            var subPath = $"/subscriptions/{subscriptionId}";
            var net = _options.NetworkApiVersion;

            // One token before the fan-out, so the four lists share it instead of racing to Entra ID
            // (CAE-enabled, as Azure.Core's bearer policy asks: Azure.Identity caches CAE and non-CAE tokens apart).
            await c.TokenCredential.GetTokenAsync(new TokenRequestContext([c.Scope], isCaeEnabled: true), ct).ConfigureAwait(false);

            // Four paged lists, at once (bounded by the connector's ARM gate), then one join in memory.
            var vmsTask = ListVmDataAsync(c, subscriptionId, progress, ct);
            var nicsTask = Auxiliary(ListNicsAsync(c, $"{subPath}/providers/Microsoft.Network/networkInterfaces?api-version={net}", ct));
            var pipsTask = Auxiliary(ListPublicIpsAsync(c, $"{subPath}/providers/Microsoft.Network/publicIPAddresses?api-version={net}", ct));
            var vnetsTask = Auxiliary(ListSubnetNsgsAsync(c, $"{subPath}/providers/Microsoft.Network/virtualNetworks?api-version={net}", ct));

            List<VirtualMachineData> vms;
            try
            {
                vms = await vmsTask.ConfigureAwait(false);
            }
            catch
            {
                await linked.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(nicsTask, pipsTask, vnetsTask).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                throw;
            }
            var (nics, nicError) = await nicsTask.ConfigureAwait(false);
            var (pips, pipError) = await pipsTask.ConfigureAwait(false);
            var (subnets, vnetError) = await vnetsTask.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested(); // a cancelled detail list is not a partial success

            var warnings = new List<CloudError>();
            foreach (var e in new[] { nicError, pipError, vnetError })
            {
                if (e == null) continue;
                var err = AzureErrorTranslator.Translate(e, credential);
                // Missing permission for a detail list: keep the VMs, say what is missing. Anything else
                // (throttling, network, outage) fails the listing so a sync keeps its last good data.
                if (err.Code is CloudErrorCodes.AuthorizationFailed or CloudErrorCodes.LinkedAuthorizationFailed) warnings.Add(err);
                else throw new ListingFailedException(err);
            }

            var result = VmJoin.Join(subscriptionId, vms, nics ?? [], pips ?? new Dictionary<string, string>(), subnets ?? new Dictionary<string, string?>());
            return new VmInventory(subscriptionId, result, warnings, scope.Count, sw.Elapsed);
        }, cancellationToken, subscriptionId);

    public Task<CloudResult<IReadOnlyList<NsgInfo>>> ListNetworkSecurityGroupsAsync(CloudCredential credential, string subscriptionId, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<NsgInfo>>(credential, async c =>
        {
            var list = new List<NsgInfo>();
            var path = $"/subscriptions/{subscriptionId}/providers/Microsoft.Network/networkSecurityGroups?api-version={_options.NetworkApiVersion}";
            await foreach (var item in ListRawAsync(c, path, cancellationToken).ConfigureAwait(false))
                list.Add(NsgReader.Read(item, subscriptionId));
            return list;
        }, cancellationToken, subscriptionId);

    public Task<CloudResult<ResourceConfigurationSnapshot>> ListResourceConfigurationsAsync(CloudCredential credential, string subscriptionId, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(credential, c => new ResourceConfigurationReader(c.Pipeline, c.ArmEndpoint, c.Credential, c.TokenCredential, c.Scope,
                new ResourceConfigurationPlan(_options.NetworkApiVersion), _options.MaxConcurrentArmRequests)
            .ReadAsync(subscriptionId, progress, cancellationToken), cancellationToken, subscriptionId);

    // ------------------------------------------------------------------------------------------ VM listing parts

    private static async Task<List<VirtualMachineData>> ListVmDataAsync(CachedClients c, string subscriptionId, IProgress<int>? progress, CancellationToken ct)
    {
        var sub = c.Arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(subscriptionId));
        var list = new List<VirtualMachineData>();
        // statusOnly=true: each VM comes with its instance view (power state) in the same page.
        await foreach (var page in sub.GetVirtualMachinesAsync(statusOnly: "true", filter: null, cancellationToken: ct).AsPages().ConfigureAwait(false))
        {
            foreach (var vm in page.Values) list.Add(vm.Data);
            progress?.Report(list.Count);
        }
        return list;
    }

    private static async Task<(T? Value, Exception? Error)> Auxiliary<T>(Task<T> task) where T : class
    {
        try
        {
            return (await task.ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (task.IsCanceled)
        {
            return (null, null);
        }
        catch (Exception ex)
        {
            return (null, ex);
        }
    }

    private async Task<List<VmJoin.Nic>> ListNicsAsync(CachedClients c, string path, CancellationToken ct)
    {
        var list = new List<VmJoin.Nic>();
        await foreach (var item in ListRawAsync(c, path, ct).ConfigureAwait(false))
            list.Add(VmJoin.ReadNic(item));
        return list;
    }

    private async Task<Dictionary<string, string>> ListPublicIpsAsync(CachedClients c, string path, CancellationToken ct)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var item in ListRawAsync(c, path, ct).ConfigureAwait(false))
        {
            var id = Str(item, "id");
            var ip = item.TryGetProperty("properties", out var p) ? Str(p, "ipAddress") : null;
            if (id != null && !string.IsNullOrEmpty(ip)) map[id] = ip;
        }
        return map;
    }

    /// <summary>Subnet id → the NSG on that subnet (null when none).</summary>
    private async Task<Dictionary<string, string?>> ListSubnetNsgsAsync(CachedClients c, string path, CancellationToken ct)
    {
        var map = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        await foreach (var item in ListRawAsync(c, path, ct).ConfigureAwait(false))
        {
            if (!item.TryGetProperty("properties", out var p) || !p.TryGetProperty("subnets", out var subnets) || subnets.ValueKind != JsonValueKind.Array) continue;
            foreach (var s in subnets.EnumerateArray())
            {
                var id = Str(s, "id");
                if (id == null) continue;
                string? nsg = null;
                if (s.TryGetProperty("properties", out var sp) && sp.TryGetProperty("networkSecurityGroup", out var n) && n.ValueKind == JsonValueKind.Object)
                    nsg = Str(n, "id");
                map[id] = nsg;
            }
        }
        return map;
    }

    // ------------------------------------------------------------------------------------------ raw ARM paging

    /// <summary>GETs an ARM collection and follows nextLink exactly as given, yielding each item of "value".</summary>
    private async IAsyncEnumerable<JsonElement> ListRawAsync(CachedClients c, string pathAndQuery, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        Uri? next = new(c.ArmEndpoint, pathAndQuery);
        var pages = 0;
        while (next != null)
        {
            if (++pages > 10_000) throw new InvalidOperationException("ARM returned more than 10,000 pages; stopping.");
            using var message = c.Pipeline.CreateMessage();
            message.Request.Method = RequestMethod.Get;
            message.Request.Uri.Reset(next);
            message.Request.Headers.Add("Accept", "application/json");
            await c.Pipeline.SendAsync(message, ct).ConfigureAwait(false);
            var response = message.Response;
            if (response.Status >= 400) throw new ListingFailedException(AzureErrorTranslator.FromResponse(response, c.Credential));
            using var doc = JsonDocument.Parse(response.Content.ToMemory());
            next = null;
            if (doc.RootElement.TryGetProperty("nextLink", out var nl) && nl.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(nl.GetString()))
                next = new Uri(nl.GetString()!, UriKind.Absolute);
            if (doc.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                foreach (var item in value.EnumerateArray())
                    yield return item.Clone();
        }
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private async Task<CloudResult<T>> RunAsync<T>(CloudCredential credential, Func<CachedClients, Task<T>> body, CancellationToken ct, string? subscriptionId = null)
    {
        if (CheckInput(credential) is { } bad) return bad;
        if (subscriptionId != null && !Guid.TryParse(subscriptionId, out _))
            return CloudErrorCatalog.Create(CloudErrorCodes.InvalidSubscriptionId, $"The provided subscription identifier '{subscriptionId}' is malformed or invalid.");
        try
        {
            var clients = GetClients(credential);
            return CloudResult<T>.Ok(await body(clients).ConfigureAwait(false));
        }
        catch (ListingFailedException lf)
        {
            return lf.Error;
        }
        catch (Exception ex)
        {
            ThrowIfCallerCancelled(ex, ct);
            return AzureErrorTranslator.Translate(ex, credential);
        }
    }

    /// <summary>The caller's cancellation surfaces as a plain OperationCanceledException, never wrapped in an SDK exception.</summary>
    private static void ThrowIfCallerCancelled(Exception ex, CancellationToken ct)
    {
        if (!ct.IsCancellationRequested) return;
        if (ex is OperationCanceledException) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex).Throw();
        throw new OperationCanceledException("The operation was cancelled.", ct);
    }

    private static CloudError? CheckInput(CloudCredential? credential)
    {
        if (credential is null) return CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, "No credential was given.");
        if (string.IsNullOrWhiteSpace(credential.TenantId)) return CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, "The tenant ID is empty.");
        if (string.IsNullOrWhiteSpace(credential.ClientId)) return CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, "The client ID is empty.");
        if (string.IsNullOrEmpty(credential.ClientSecret)) return CloudErrorCatalog.Create(CloudErrorCodes.MissingSecret, "The client secret is empty.");
        return null;
    }

    private CachedClients GetClients(CloudCredential credential)
    {
        var key = CacheKey(credential);
        if (_clients.TryGetValue(key, out var existing))
        {
            existing.Touch();
            return existing;
        }
        var created = CreateClients(credential);
        var winner = _clients.GetOrAdd(key, created);
        winner.Touch();
        if (_clients.Count > _options.MaxCachedClients)
        {
            foreach (var old in _clients.OrderBy(kv => kv.Value.LastUsed).Take(_clients.Count - _options.MaxCachedClients).ToList())
                _clients.TryRemove(old.Key, out _);
        }
        return winner;
    }

    private static string CacheKey(CloudCredential c)
    {
        var secretHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(c.ClientSecret)));
        return $"{c.Cloud}|{c.TenantId.ToLowerInvariant()}|{c.ClientId.ToLowerInvariant()}|{secretHash}";
    }

    private CachedClients CreateClients(CloudCredential credential)
    {
        var (cred, env) = CreateCredential(credential);
        var arm = new ArmClient(cred, defaultSubscriptionId: null, CreateArmOptions(credential.Cloud, env));
        // Same options (transport, retry, counting, gate) for the raw pipeline; same scope so the token is shared.
        var pipeline = HttpPipelineBuilder.Build(CreateArmOptions(credential.Cloud, env), new BearerTokenAuthenticationPolicy(cred, env.DefaultScope));
        return new CachedClients(credential, cred, env.DefaultScope, arm, pipeline, env.Endpoint);
    }

    private (ClientSecretCredential Credential, ArmEnvironment Environment) CreateCredential(CloudCredential credential)
    {
        var o = new ClientSecretCredentialOptions();
        ApplyRetry(o.Retry, _options.IdentityRetry);
        o.Diagnostics.ApplicationId = _options.ApplicationId;
        // The token request's body carries the secret: never log content, never enable MSAL's PII logging.
        o.Diagnostics.IsLoggingContentEnabled = false;
        o.IsUnsafeSupportLoggingEnabled = false;
        o.AddPolicy(new TokenRequestPolicy(Metrics), HttpPipelinePosition.PerRetry);
        var (authority, env, overridden) = ResolveEndpoints(credential.Cloud);
        o.AuthorityHost = authority;
        if (overridden)
        {
            o.DisableInstanceDiscovery = true; // a simulator or private endpoint is not in Entra's instance list
            if (Transport(credential.Cloud) is { } t) o.Transport = t;
        }
        return (new ClientSecretCredential(credential.TenantId, credential.ClientId, credential.ClientSecret, o), env);
    }

    /// <summary>Entra authority and ARM environment for a cloud: the override when one is set, else Azure's own.</summary>
    internal (Uri Authority, ArmEnvironment Arm, bool Overridden) ResolveEndpoints(CloudKind cloud)
    {
        if (_options.EndpointOverrides.TryGetValue(cloud, out var ov))
            return (ov.AuthorityHost, new ArmEnvironment(ov.ArmEndpoint, ov.ArmAudience), true);
        return cloud == CloudKind.AzureChina
            ? (AzureAuthorityHosts.AzureChina, ArmEnvironment.AzureChina, false)
            : (AzureAuthorityHosts.AzurePublicCloud, ArmEnvironment.AzurePublicCloud, false);
    }

    private ArmClientOptions CreateArmOptions(CloudKind cloud, ArmEnvironment env)
    {
        var o = new ArmClientOptions { Environment = env };
        ApplyRetry(o.Retry, _options.ArmRetry);
        o.Diagnostics.ApplicationId = _options.ApplicationId;
        o.AddPolicy(new ArmRequestPolicy(Metrics, _armGate), HttpPipelinePosition.PerRetry);
        o.AddPolicy(new ArmHostPolicy(env.Endpoint), HttpPipelinePosition.PerCall);
        if (Transport(cloud) is { } t) o.Transport = t;
        return o;
    }

    private HttpPipelineTransport? Transport(CloudKind cloud) =>
        _transports.GetOrAdd(cloud, k => new Lazy<HttpPipelineTransport?>(() =>
            _options.EndpointOverrides.TryGetValue(k, out var ov) ? new HttpClientTransport(ov.CreateHandler()) : null)).Value;

    private static void ApplyRetry(RetryOptions target, AzureRetrySettings s)
    {
        target.Mode = RetryMode.Exponential;
        target.MaxRetries = s.MaxRetries;
        target.Delay = s.Delay;
        target.MaxDelay = s.MaxDelay;
        target.NetworkTimeout = s.NetworkTimeout;
    }

    private static SubscriptionInfo ToInfo(SubscriptionData d) =>
        new(d.SubscriptionId ?? d.Id?.SubscriptionId ?? "", d.DisplayName ?? d.SubscriptionId ?? "", d.State?.ToString() ?? "Unknown", d.TenantId?.ToString());

    private static CredentialIdentity ReadIdentity(AccessToken token)
    {
        string? tid = null, appid = null, oid = null, name = null;
        try
        {
            var parts = token.Token.Split('.');
            if (parts.Length == 3)
            {
                var payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
                using var doc = JsonDocument.Parse(Convert.FromBase64String(payload));
                var r = doc.RootElement;
                tid = Str(r, "tid");
                appid = Str(r, "appid") ?? Str(r, "azp");
                oid = Str(r, "oid");
                name = Str(r, "app_displayname");
            }
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            // an opaque token: identity unknown, the credential still works
        }
        return new CredentialIdentity(tid, appid, oid, name, token.ExpiresOn);
    }

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];

    public void Dispose()
    {
        _clients.Clear();
        foreach (var t in _transports.Values)
            if (t.IsValueCreated && t.Value is IDisposable d) d.Dispose();
        _armGate.Dispose();
    }

    private sealed class CachedClients(CloudCredential credential, TokenCredential tokenCredential, string scope, ArmClient arm, HttpPipeline pipeline, Uri armEndpoint)
    {
        private long _lastUsed = Environment.TickCount64;
        public CloudCredential Credential { get; } = credential;
        public TokenCredential TokenCredential { get; } = tokenCredential;
        public string Scope { get; } = scope;
        public ArmClient Arm { get; } = arm;
        public HttpPipeline Pipeline { get; } = pipeline;
        public Uri ArmEndpoint { get; } = armEndpoint;
        public long LastUsed => Interlocked.Read(ref _lastUsed);
        public void Touch() => Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
    }
}
