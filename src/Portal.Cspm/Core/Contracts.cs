using System.Text.Json;

namespace Portal.Cspm;

public enum Severity { Low, Medium, High, Critical }

/// <summary>One synced ARM resource. <see cref="Json"/> is the whole ARM object as returned by GET.</summary>
public sealed record ResourceConfig(string Id, string Type, string Name, string? Location, string SubscriptionId, string? ResourceGroup,
    IReadOnlyDictionary<string, string> Tags, JsonElement Json);

/// <summary>The synced resources of one subscription.</summary>
public interface IResourceSet
{
    /// <summary>Resources of one type (case-insensitive), e.g. "Microsoft.Storage/storageAccounts".</summary>
    IEnumerable<ResourceConfig> OfType(string type);

    /// <summary>One resource by ARM id (case-insensitive).</summary>
    ResourceConfig? Get(string id);

    /// <summary>Child (or extension) resources of <paramref name="parentId"/> with the given full type,
    /// e.g. ChildrenOf(serverId, "Microsoft.Sql/servers/firewallRules") or ChildrenOf(vaultId, "Microsoft.Insights/diagnosticSettings").</summary>
    IEnumerable<ResourceConfig> ChildrenOf(string parentId, string childType);

    /// <summary>The subscriptions this set describes (used by subscription-level checks, which report against "/subscriptions/{id}").
    /// Default: the synced subscription objects ("Microsoft.Resources/subscriptions"). <see cref="ResourceSet"/> also counts the
    /// subscription of every resource it holds.</summary>
    IEnumerable<string> SubscriptionIds => OfType(ResourceTypes.Subscription).Select(s => s.SubscriptionId).Distinct(StringComparer.OrdinalIgnoreCase);
}

public sealed record CheckMetadata(string Id, string Title, Severity Severity, string Service,
    string ResourceType, string Description, string Risk, string RemediationPortal, string RemediationCli, IReadOnlyList<string> Cis);

public enum CheckStatus { Passed, Failed }

/// <summary>Evidence names the setting that decided the result and its value, e.g. "properties.minimumTlsVersion = TLS1_0".</summary>
public sealed record CheckResult(string CheckId, string ResourceId, CheckStatus Status, string Evidence);

public interface ICheck
{
    CheckMetadata Metadata { get; }
    IEnumerable<CheckResult> Evaluate(IResourceSet resources);
}
