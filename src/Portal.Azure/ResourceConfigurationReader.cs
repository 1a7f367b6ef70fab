using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>
/// Reads the configuration of a subscription's resources through raw ARM GETs on the connector's pipeline (its retry,
/// request counting and ARM gate), following <see cref="ResourceConfigurationPlan"/>: the subscription, then every
/// subscription-level list at once (bounded), then the child reads of what came back, level by level (SQL databases'
/// TDE and diagnostic settings are the third level). One instance per read.
/// </summary>
internal sealed class ResourceConfigurationReader
{
    private const string SubscriptionApiVersion = "2022-12-01";
    private const string VmExtensionType = "Microsoft.Compute/virtualMachines/extensions";
    private const string IndexType = "(index of VM extensions)";
    private const int MaxLevels = 5;

    private static readonly HashSet<string> UnavailableCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "MissingSubscriptionRegistration", "InvalidResourceNamespace", "InvalidResourceType", "NoRegisteredProviderFound",
    };

    private readonly HttpPipeline _pipeline;
    private readonly Uri _armEndpoint;
    private readonly CloudCredential _credential;
    private readonly TokenCredential _tokenCredential;
    private readonly string _scope;
    private readonly ResourceConfigurationPlan _plan;
    private readonly int _parallelism;

    private readonly ConcurrentDictionary<string, JsonElement> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Label, string Code), (CloudError First, int Count)> _warnings = new();
    private readonly ConcurrentDictionary<string, byte> _unavailable = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _progressGate = new();
    private IProgress<int>? _progress;
    private int _read;
    private HashSet<string>? _vmsWithExtensions;

    public ResourceConfigurationReader(HttpPipeline pipeline, Uri armEndpoint, CloudCredential credential, TokenCredential tokenCredential,
        string scope, ResourceConfigurationPlan plan, int parallelism)
    {
        _pipeline = pipeline;
        _armEndpoint = armEndpoint;
        _credential = credential;
        _tokenCredential = tokenCredential;
        _scope = scope;
        _plan = plan;
        _parallelism = Math.Max(1, parallelism);
    }

    private sealed record Job(string Label, string Type, string PathAndQuery, bool Single = false, bool MissingScopeIsEmpty = false, bool Optional = false);

    private enum Disposition { Empty, Warning, Unavailable, Fail }

    public async Task<ResourceConfigurationSnapshot> ReadAsync(string subscriptionId, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        using var scope = OperationScope.Begin();
        _progress = progress;
        var subPath = $"/subscriptions/{subscriptionId}";

        // One token before the fan-out, so the lists share it instead of racing to Entra ID.
        await _tokenCredential.GetTokenAsync(new TokenRequestContext([_scope], isCaeEnabled: true), cancellationToken).ConfigureAwait(false);

        // The subscription itself: the scope of the subscription-level checks. Any failure here fails the read.
        using (var sub = await GetAsync($"{subPath}?api-version={SubscriptionApiVersion}", cancellationToken).ConfigureAwait(false))
            Add(sub.RootElement);

        var jobs = new List<Job>();
        foreach (var l in _plan.SubscriptionLists)
        {
            var q = $"{subPath}/providers/{l.Type}?api-version={l.ApiVersion}";
            if (l.Filter != null) q += "&$filter=" + Uri.EscapeDataString(l.Filter);
            jobs.Add(new Job(l.Type, l.Type, q, Optional: l.Optional));
        }
        if (_plan.IndexVmExtensions)
            jobs.Add(new Job(VmExtensionType, IndexType,
                $"{subPath}/resources?$filter={Uri.EscapeDataString($"resourceType eq '{VmExtensionType}'")}&api-version={ResourceConfigurationPlan.Resources}"));

        for (var level = 0; jobs.Count > 0 && level < MaxLevels; level++)
        {
            var found = new ConcurrentBag<(string Type, JsonElement Item)>();
            var options = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(jobs, options, async (job, ct) =>
            {
                foreach (var item in await RunAsync(job, ct).ConfigureAwait(false))
                    found.Add((job.Type, item));
            }).ConfigureAwait(false);
            jobs = found.SelectMany(f => ChildJobs(f.Type, f.Item)).ToList();
        }
        cancellationToken.ThrowIfCancellationRequested();

        var resources = _resources.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).Select(kv => kv.Value).ToList();
        var warnings = _warnings.OrderBy(w => w.Key.Label, StringComparer.Ordinal).ThenBy(w => w.Key.Code, StringComparer.Ordinal)
            .Select(w =>
            {
                var attempts = _attempts.GetValueOrDefault(w.Key.Label, w.Value.Count);
                var what = attempts == 1 ? "could not be read" : $"could not be read in {w.Value.Count} of {attempts} requests";
                return w.Value.First with { Message = $"{w.Key.Label} {what} ({w.Key.Code}): {w.Value.First.Message}" };
            }).ToList();
        return new ResourceConfigurationSnapshot(subscriptionId, resources, warnings, scope.Count, sw.Elapsed)
        {
            UnreadTypes = _warnings.Keys.Select(k => k.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            UnavailableTypes = _unavailable.Keys.Order(StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>The child reads of one resource, per the plan.</summary>
    private IEnumerable<Job> ChildJobs(string parentType, JsonElement parent)
    {
        var id = AzureCloudConnector.Str(parent, "id");
        if (string.IsNullOrEmpty(id)) yield break;
        if (parentType == IndexType) yield break;
        foreach (var c in _plan.Children)
        {
            if (!c.ParentType.Equals(parentType, StringComparison.OrdinalIgnoreCase)) continue;
            if (c.When != null && !c.When(parent)) continue;
            // VM extensions: only for the VMs the generic-resources index says have any (when the index could be read).
            if (c.ChildType.Equals(VmExtensionType, StringComparison.OrdinalIgnoreCase) && _vmsWithExtensions is { } withExt && !withExt.Contains(id)) continue;
            // Singleton children are stored under their parent's type for follow-ups (e.g. config/web has none).
            yield return new Job(c.Label, c.ChildType, $"{id.TrimEnd('/')}/{c.RelativePath}?api-version={c.ApiVersion}", c.Single, c.MissingScopeIsEmpty);
        }
    }

    /// <summary>Runs one read. Returns what it found (already stored), or nothing when the read became a warning.</summary>
    private async Task<List<JsonElement>> RunAsync(Job job, CancellationToken ct)
    {
        _attempts.AddOrUpdate(job.Label, 1, (_, n) => n + 1);
        var items = new List<JsonElement>();
        try
        {
            if (job.Single)
            {
                using var doc = await GetAsync(job.PathAndQuery, ct).ConfigureAwait(false);
                if (doc.RootElement.ValueKind == JsonValueKind.Object) items.Add(doc.RootElement.Clone());
                Report(items.Count);
            }
            else
            {
                await foreach (var page in ListPagesAsync(job.PathAndQuery, ct).ConfigureAwait(false))
                {
                    items.AddRange(page);
                    if (job.Type != IndexType) Report(page.Count);
                }
            }
        }
        catch (ListingFailedException lf)
        {
            switch (Classify(lf.Error, job))
            {
                case Disposition.Empty:
                    return [];
                case Disposition.Unavailable:
                    _unavailable.TryAdd(job.Label, 0);
                    return [];
                case Disposition.Warning:
                    _warnings.AddOrUpdate((job.Label, lf.Error.Code), (lf.Error, 1), (_, w) => (w.First, w.Count + 1));
                    if (job.Type == IndexType) _vmsWithExtensions = null; // fall back to one extension list per VM
                    return [];
                default:
                    throw;
            }
        }

        if (job.Type == IndexType)
        {
            var vms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in items)
                if (AzureCloudConnector.Str(e, "id") is { } extId && extId.LastIndexOf("/extensions/", StringComparison.OrdinalIgnoreCase) is var i and > 0)
                    vms.Add(extId[..i]);
            _vmsWithExtensions = vms;
            return [];
        }

        var kept = new List<JsonElement>(items.Count);
        foreach (var e in items)
            if (AzureCloudConnector.Str(e, "id") is { Length: > 0 } && Add(e)) kept.Add(e);
        return kept;
    }

    private static Disposition Classify(CloudError e, Job job)
    {
        var code = e.Code;
        var azureCode = e.AzureCode ?? e.Code;
        if (UnavailableCodes.Contains(code) || UnavailableCodes.Contains(azureCode)) return Disposition.Unavailable;
        if (e.HttpStatus == 404 && job.MissingScopeIsEmpty && (code.Equals("ParentResourceNotFound", StringComparison.OrdinalIgnoreCase) || azureCode.Equals("ParentResourceNotFound", StringComparison.OrdinalIgnoreCase)))
            return Disposition.Empty;
        if (code is CloudErrorCodes.SubscriptionNotFound or CloudErrorCodes.InvalidToken or CloudErrorCodes.WrongTenant) return Disposition.Fail;
        if (e.HttpStatus == 403 || code is CloudErrorCodes.AuthorizationFailed or CloudErrorCodes.LinkedAuthorizationFailed) return Disposition.Warning;
        if (e.HttpStatus == 404) return Disposition.Warning;
        if (job.Optional && e.HttpStatus is >= 400 and < 500 and not 401 and not 429) return Disposition.Warning;
        return Disposition.Fail;
    }

    /// <summary>Stores a resource (first copy of an id wins). False when the id was already there.</summary>
    private bool Add(JsonElement e)
    {
        var id = AzureCloudConnector.Str(e, "id");
        return !string.IsNullOrEmpty(id) && _resources.TryAdd(id.TrimEnd('/'), e.ValueKind == JsonValueKind.Object ? e.Clone() : e);
    }

    private void Report(int count)
    {
        if (count == 0 || _progress == null) return;
        lock (_progressGate)
        {
            _read += count;
            _progress.Report(_read);
        }
    }

    // ------------------------------------------------------------------------------------------ raw ARM GETs

    private async Task<JsonDocument> GetAsync(string pathAndQuery, CancellationToken ct) =>
        await SendAsync(new Uri(_armEndpoint, pathAndQuery), ct).ConfigureAwait(false);

    /// <summary>GETs an ARM collection and follows nextLink exactly as given, one page at a time.</summary>
    private async IAsyncEnumerable<List<JsonElement>> ListPagesAsync(string pathAndQuery, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        Uri? next = new(_armEndpoint, pathAndQuery);
        var pages = 0;
        while (next != null)
        {
            if (++pages > 10_000) throw new InvalidOperationException("ARM returned more than 10,000 pages; stopping.");
            var page = new List<JsonElement>();
            using (var doc = await SendAsync(next, ct).ConfigureAwait(false))
            {
                var root = doc.RootElement;
                next = null;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    if (root.TryGetProperty("nextLink", out var nl) && nl.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(nl.GetString()))
                        next = new Uri(nl.GetString()!, UriKind.Absolute);
                    if (root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
                        foreach (var item in value.EnumerateArray())
                            if (item.ValueKind == JsonValueKind.Object) page.Add(item.Clone());
                }
            }
            yield return page;
        }
    }

    private async Task<JsonDocument> SendAsync(Uri uri, CancellationToken ct)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.Add("Accept", "application/json");
        await _pipeline.SendAsync(message, ct).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status >= 400) throw new ListingFailedException(AzureErrorTranslator.FromResponse(response, _credential));
        var body = response.Content?.ToMemory() ?? ReadOnlyMemory<byte>.Empty;
        return body.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(body);
    }
}
