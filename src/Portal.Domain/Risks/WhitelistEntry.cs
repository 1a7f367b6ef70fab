using System.Text.RegularExpressions;
using Portal.Cspm;
using Portal.Domain.Auditing;

namespace Portal.Domain.Risks;

public enum WhitelistScopeType { Resource, ResourceGroup, Subscription, Tag }

/// <summary>What a whitelist entry covers. Values are kept normalised (see <see cref="Normalize"/>):
/// resource → lower-cased ARM id; resourceGroup → "/subscriptions/{s}/resourcegroups/{rg}" lower-cased;
/// subscription → the subscription GUID lower-cased; tag → "key=value" (key trimmed, value as given, trimmed).</summary>
public sealed partial record WhitelistScope(WhitelistScopeType Type, string Value)
{
    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"^/subscriptions/(?<s>[^/]+)/resourceGroups/(?<rg>[-\w._()]{1,90})$", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceGroupPattern();

    [GeneratedRegex(@"^/subscriptions/(?<s>[^/]+)(/resourceGroups/[-\w._()]{1,90})?/providers/[^/]+(/[^/]+/[^/]+)+$", RegexOptions.IgnoreCase)]
    private static partial Regex ResourcePattern();

    [GeneratedRegex(@"^/subscriptions/(?<s>[^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SubscriptionScopePattern();

    /// <summary>Checks a scope as the user typed it and returns its normalised form, or the reason it is not well-formed.</summary>
    public static (WhitelistScope? Scope, string? Error) Normalize(WhitelistScopeType type, string? value)
    {
        var v = (value ?? "").Trim();
        if (v.Length == 0) return (null, "'scope.value' is required.");
        if (v.Length > 1024) return (null, "'scope.value' must be at most 1024 characters.");
        switch (type)
        {
            case WhitelistScopeType.Subscription:
            {
                var m = SubscriptionScopePattern().Match(v.TrimEnd('/'));
                var id = m.Success ? m.Groups["s"].Value : v;
                return GuidPattern().IsMatch(id)
                    ? (new(type, id.ToLowerInvariant()), null)
                    : (null, $"'{v}' is not a subscription: give its ID (a GUID) or '/subscriptions/{{id}}'.");
            }
            case WhitelistScopeType.ResourceGroup:
            {
                var m = ResourceGroupPattern().Match(v.TrimEnd('/'));
                return m.Success && GuidPattern().IsMatch(m.Groups["s"].Value)
                    ? (new(type, v.TrimEnd('/').ToLowerInvariant()), null)
                    : (null, $"'{v}' is not a resource group: give '/subscriptions/{{subscriptionId}}/resourceGroups/{{name}}'.");
            }
            case WhitelistScopeType.Resource:
            {
                var id = v.TrimEnd('/');
                var m = ResourcePattern().Match(id);
                var sub = SubscriptionScopePattern().Match(id);
                return (m.Success && GuidPattern().IsMatch(m.Groups["s"].Value)) || (sub.Success && GuidPattern().IsMatch(sub.Groups["s"].Value))
                    ? (new(type, id.ToLowerInvariant()), null)
                    : (null, $"'{v}' is not an ARM resource id: give '/subscriptions/{{subscriptionId}}/resourceGroups/{{group}}/providers/{{namespace}}/{{type}}/{{name}}'.");
            }
            case WhitelistScopeType.Tag:
            {
                var eq = v.IndexOf('=');
                if (eq <= 0) return (null, $"'{v}' is not a tag: give 'key=value'.");
                var key = v[..eq].Trim();
                var tagValue = v[(eq + 1)..].Trim();
                if (key.Length == 0 || key.Length > 512 || key.IndexOfAny(['<', '>', '%', '&', '\\', '?', '/']) >= 0)
                    return (null, $"'{key}' is not a valid tag name.");
                return (new(type, key + "=" + tagValue), null);
            }
            default:
                return (null, $"Unknown scope type '{type}'.");
        }
    }

    /// <summary>True when the scope covers the resource <paramref name="resourceId"/> (any casing) with <paramref name="tags"/>.</summary>
    public bool Matches(string resourceId, IReadOnlyDictionary<string, string>? tags)
    {
        var id = resourceId.TrimEnd('/');
        switch (Type)
        {
            case WhitelistScopeType.Resource:
                return id.Equals(Value, StringComparison.OrdinalIgnoreCase);
            case WhitelistScopeType.ResourceGroup:
                return id.Equals(Value, StringComparison.OrdinalIgnoreCase)
                    || (id.Length > Value.Length && id[Value.Length] == '/' && id.StartsWith(Value, StringComparison.OrdinalIgnoreCase));
            case WhitelistScopeType.Subscription:
                return string.Equals(ArmId.SubscriptionOf(id), Value, StringComparison.OrdinalIgnoreCase);
            case WhitelistScopeType.Tag:
                if (tags is null) return false;
                var eq = Value.IndexOf('=');
                var key = Value[..eq];
                var value = Value[(eq + 1)..];
                foreach (var (k, v) in tags)
                    if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase) && string.Equals(v.Trim(), value, StringComparison.Ordinal)) return true;
                return false;
            default:
                return false;
        }
    }

    public override string ToString() => $"{Type}:{Value}";
}

/// <summary>An accepted risk: results of one check within a scope count as whitelisted, not failed, while the entry is active.</summary>
public sealed class WhitelistEntry
{
    public Guid Id { get; set; }
    public string CheckId { get; set; } = "";
    public WhitelistScopeType ScopeType { get; set; }
    /// <summary>Normalised scope value (see <see cref="WhitelistScope"/>).</summary>
    public string ScopeValue { get; set; } = "";
    public string Reason { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>After this moment (UTC) the entry covers nothing; null = no expiry.</summary>
    public DateTime? ExpiresOn { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime? UpdatedAt { get; set; }
    /// <summary>Set when someone removed the entry; it then covers nothing but stays for the record.</summary>
    public DateTime? RemovedAt { get; set; }
    public string? RemovedBy { get; set; }

    public WhitelistScope Scope => new(ScopeType, ScopeValue);

    public bool IsActive(DateTime now) => RemovedAt is null && (ExpiresOn is null || ExpiresOn > now);

    public WhitelistEntryState State(DateTime now) =>
        RemovedAt is not null ? WhitelistEntryState.Removed : ExpiresOn is { } e && e <= now ? WhitelistEntryState.Expired : WhitelistEntryState.Active;

    /// <summary>True when this entry, at <paramref name="now"/>, whitelists the result of <paramref name="checkId"/> on <paramref name="resourceId"/>
    /// (with the resource's <paramref name="tags"/>, needed only for tag scopes). Expired or removed entries cover nothing.</summary>
    public bool Covers(string checkId, string resourceId, IReadOnlyDictionary<string, string>? tags, DateTime now) =>
        IsActive(now) && string.Equals(CheckId, checkId, StringComparison.OrdinalIgnoreCase) && Scope.Matches(resourceId, tags);

    public bool Covers(CheckResult result, CloudResource? resource, DateTime now) =>
        Covers(result.CheckId, result.ResourceId, resource?.Tags, now);

    public bool Covers(RiskResult result, CloudResource? resource, DateTime now) =>
        Covers(result.CheckId, result.ResourceId, resource?.Tags, now);
}

public enum WhitelistEntryState { Active, Expired, Removed }

public sealed record WhitelistQuery
{
    public string? CheckId { get; init; }
    /// <summary>Matches check id, scope value, reason or who created it.</summary>
    public string? Search { get; init; }
    public bool IncludeRemoved { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

public interface IWhitelistStore
{
    Task AddAsync(WhitelistEntry entry, CancellationToken ct = default);
    /// <summary>Saves every field. Returns false when the entry does not exist.</summary>
    Task<bool> UpdateAsync(WhitelistEntry entry, CancellationToken ct = default);
    Task<WhitelistEntry?> GetAsync(Guid id, CancellationToken ct = default);
    /// <summary>Newest first.</summary>
    Task<PagedResult<WhitelistEntry>> QueryAsync(WhitelistQuery query, CancellationToken ct = default);
    /// <summary>Entries not removed and not expired at <paramref name="now"/> (optionally of some checks only).</summary>
    Task<IReadOnlyList<WhitelistEntry>> ListActiveAsync(DateTime now, IReadOnlyCollection<string>? checkIds = null, CancellationToken ct = default);
}
