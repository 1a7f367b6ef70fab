using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portal.Cspm;
using Portal.Domain.Auditing;

namespace Portal.Domain.Risks;

/// <summary>One cloud resource's configuration as the portal last synced it (the input of the risk scan).</summary>
public sealed class CloudResource
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>ARM resource id, lower-cased for matching (Azure ids are case-insensitive). The original casing is in <see cref="Json"/>.</summary>
    public string ResourceId { get; set; } = "";
    /// <summary>Full ARM type, e.g. "Microsoft.Storage/storageAccounts".</summary>
    public string Type { get; set; } = "";
    /// <summary>The catalog's service name for the type ("Network", "Storage", "SQL"…), see <see cref="ResourceServices"/>.</summary>
    public string Service { get; set; } = "";
    public string Name { get; set; } = "";
    public string SubscriptionId { get; set; } = "";
    public string? ResourceGroup { get; set; }
    public string? Location { get; set; }
    public Dictionary<string, string> Tags { get; set; } = [];
    /// <summary>The whole ARM object as returned by the read, as JSON text.</summary>
    public string Json { get; set; } = "";
    /// <summary>SHA-256 (hex) of the configuration with object keys sorted: equal hashes mean the same configuration.</summary>
    public string ConfigHash { get; set; } = "";
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }
    /// <summary>True when the resource is gone from Azure; kept with the time it was last seen.</summary>
    public bool Removed { get; set; }
    public DateTime? RemovedAt { get; set; }

    /// <summary>Builds the stored form of one ARM object (id, type, name and tags as <see cref="ResourceSet.FromArmJson"/> reads them).</summary>
    public static CloudResource FromArm(Guid accountId, JsonElement armObject, DateTime now)
    {
        var config = ResourceSet.FromArmJson(armObject);
        var json = armObject.GetRawText();
        return new CloudResource
        {
            AccountId = accountId,
            ResourceId = config.Id.ToLowerInvariant(),
            Type = config.Type,
            Service = ResourceServices.Of(config.Type),
            Name = config.Name,
            SubscriptionId = config.SubscriptionId.ToLowerInvariant(),
            ResourceGroup = config.ResourceGroup,
            Location = config.Location,
            Tags = new Dictionary<string, string>(config.Tags, StringComparer.OrdinalIgnoreCase),
            Json = json,
            ConfigHash = ConfigurationHash.Of(armObject),
            FirstSeen = now,
            LastSeen = now,
        };
    }

    /// <summary>The stored configuration as the rule catalog reads it.</summary>
    public ResourceConfig ToConfig()
    {
        using var doc = JsonDocument.Parse(Json);
        return ResourceSet.FromArmJson(doc.RootElement);
    }

    /// <summary>Tag value by name (tag names are case-insensitive in Azure).</summary>
    public string? Tag(string key)
    {
        foreach (var (k, v) in Tags)
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }
}

public enum ResourceChangeKind { Added, Changed, Removed, Returned }

/// <summary>One step in a resource's history: when it appeared, changed configuration, disappeared or came back.
/// <see cref="Json"/> is the configuration from that moment on (null for <see cref="ResourceChangeKind.Removed"/>).</summary>
public sealed class ResourceChange
{
    public long Id { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>Lower-cased ARM id.</summary>
    public string ResourceId { get; set; } = "";
    public DateTime ChangedAt { get; set; }
    public ResourceChangeKind Kind { get; set; }
    public string? ConfigHash { get; set; }
    public string? Json { get; set; }
}

/// <summary>The few fields of a resource the risk pages show next to a result, without its configuration.</summary>
public sealed record ResourceRef(Guid AccountId, string ResourceId, string Name, string Type, IReadOnlyDictionary<string, string> Tags);

public sealed record ResourceQuery
{
    public Guid? AccountId { get; init; }
    /// <summary>Exact ARM type (case-insensitive).</summary>
    public string? Type { get; init; }
    /// <summary>Catalog service name ("Network", "Storage"…), case-insensitive.</summary>
    public string? Service { get; init; }
    public string? SubscriptionId { get; init; }
    /// <summary>Matches name, resource group, type, resource id or a tag ("key=value").</summary>
    public string? Search { get; init; }
    public bool IncludeRemoved { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>What one resource sync of a subscription changed (a resource that came back after removal counts as added).</summary>
public sealed record ResourceSyncOutcome(int Seen, int Added, int Changed, int Unchanged, int Removed)
{
    public static readonly ResourceSyncOutcome None = new(0, 0, 0, 0, 0);
    public ResourceSyncOutcome Plus(ResourceSyncOutcome o) => new(Seen + o.Seen, Added + o.Added, Changed + o.Changed, Unchanged + o.Unchanged, Removed + o.Removed);
}

public interface IResourceStore
{
    /// <summary>Replaces the account's view of one subscription with <paramref name="seen"/> (ARM objects): new resources are added,
    /// known ones updated, and resources of that subscription not seen any more are marked removed (never deleted). A history row
    /// is written whenever a resource appears, its configuration hash changes, it is removed or it comes back. One transaction.
    /// Stored resources of <paramref name="unreadTypes"/> (types the read could not see, e.g. 403) are kept as they are, not marked
    /// removed: not being able to read a type says nothing about whether its resources still exist.</summary>
    Task<ResourceSyncOutcome> ApplySyncAsync(Guid accountId, string subscriptionId, IReadOnlyList<JsonElement> seen, DateTime now,
        CancellationToken ct = default, IReadOnlyCollection<string>? unreadTypes = null);
    Task<PagedResult<CloudResource>> QueryAsync(ResourceQuery query, CancellationToken ct = default);
    Task<CloudResource?> GetAsync(Guid id, CancellationToken ct = default);
    Task<CloudResource?> GetByResourceIdAsync(Guid accountId, string resourceId, CancellationToken ct = default);
    /// <summary>The resource's history, newest first.</summary>
    Task<IReadOnlyList<ResourceChange>> HistoryAsync(Guid accountId, string resourceId, CancellationToken ct = default);
    /// <summary>Every resource of the account that is not removed (the input of a scan).</summary>
    Task<IReadOnlyList<CloudResource>> ListCurrentAsync(Guid accountId, CancellationToken ct = default);
    /// <summary>Name, type and tags of the given resources (lower-cased ids; non-removed ones), keyed by account and id.
    /// Ids not stored are absent.</summary>
    Task<IReadOnlyDictionary<(Guid AccountId, string ResourceId), ResourceRef>> LookupAsync(IReadOnlyCollection<string> resourceIds, Guid? accountId = null, CancellationToken ct = default);
    /// <summary>Non-removed resources per service.</summary>
    Task<IReadOnlyDictionary<string, int>> CountByServiceAsync(Guid? accountId = null, CancellationToken ct = default);
    /// <summary>Resources per service and ARM type (the Cloud resources page's type filter), removed ones only when asked.</summary>
    Task<IReadOnlyList<ResourceTypeCount>> CountByTypeAsync(Guid? accountId = null, bool includeRemoved = false, CancellationToken ct = default);
    /// <summary>The latest scan results that name this resource (any check), of one account.</summary>
    Task<IReadOnlyList<RiskResult>> ResultsOfAsync(Guid accountId, string resourceId, CancellationToken ct = default);
}

public sealed record ResourceTypeCount(string Service, string Type, int Count);

/// <summary>Maps an ARM type to the service names the rule catalog uses (<see cref="CheckMetadata.Service"/>).</summary>
public static class ResourceServices
{
    private static readonly Dictionary<string, string> ByProvider = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Network"] = "Network",
        ["Microsoft.Storage"] = "Storage",
        ["Microsoft.KeyVault"] = "KeyVault",
        ["Microsoft.Sql"] = "SQL",
        ["Microsoft.DBforPostgreSQL"] = "SQL",
        ["Microsoft.DBforMySQL"] = "SQL",
        ["Microsoft.DocumentDB"] = "SQL",
        ["Microsoft.Compute"] = "Compute",
        ["Microsoft.Web"] = "AppService",
        ["Microsoft.Insights"] = "Monitor",
        ["Microsoft.OperationalInsights"] = "Monitor",
        ["Microsoft.Security"] = "Defender",
        ["Microsoft.Authorization"] = "IAM",
        ["Microsoft.Resources"] = "Subscription",
    };

    public static string Of(string type)
    {
        var slash = type.IndexOf('/');
        var provider = slash < 0 ? type : type[..slash];
        if (ByProvider.TryGetValue(provider, out var s)) return s;
        return provider.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase) ? provider["Microsoft.".Length..] : provider;
    }
}

/// <summary>A stable hash of an ARM object: keys sorted at every level, no whitespace, so the order ARM returns properties in does
/// not count as a change.</summary>
public static class ConfigurationHash
{
    public static string Of(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteCanonical(writer, element);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    public static string Of(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Of(doc.RootElement);
    }

    private static void WriteCanonical(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    w.WritePropertyName(p.Name);
                    WriteCanonical(w, p.Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var x in e.EnumerateArray()) WriteCanonical(w, x);
                w.WriteEndArray();
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }
}
