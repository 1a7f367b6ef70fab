using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;

namespace Portal.Web.Model;

/// <summary>A whitelist scope in words: "Resource" + "nsg-jump-eus" (with its id for the tooltip), "Subscription" + "Fabrikam Production".</summary>
public sealed record ScopeWords(string Kind, string Name, string? Id)
{
    public override string ToString() => $"{Kind}: {Name}";
}

/// <summary>Names for the ids whitelist scopes hold (stored lower-cased): resource names from the synced resources, subscription
/// names from the accounts. Read once per page of entries.</summary>
public sealed class ScopeNames
{
    private readonly Dictionary<string, string> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _subscriptions = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<ScopeNames> LoadAsync(IEnumerable<(WhitelistScopeType Type, string Value)> scopes, IResourceStore resources, IAccountStore accounts,
        CancellationToken ct = default)
    {
        var names = new ScopeNames();
        foreach (var a in await accounts.ListAsync(ct))
            foreach (var s in a.Subscriptions)
                if (!string.IsNullOrWhiteSpace(s.DisplayName)) names._subscriptions.TryAdd(s.SubscriptionId, s.DisplayName);
        var ids = scopes.Where(s => s.Type == WhitelistScopeType.Resource).Select(s => s.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (ids.Count > 0)
            foreach (var r in (await resources.LookupAsync(ids, null, ct)).Values)
                names._resources.TryAdd(r.ResourceId, r.Name);
        return names;
    }

    public ScopeWords Describe(WhitelistScopeType type, string value) => type switch
    {
        WhitelistScopeType.Resource => new("Resource", _resources.GetValueOrDefault(value) ?? RiskView.NameOf(value), value),
        WhitelistScopeType.ResourceGroup => new("Resource group", ArmId.ResourceGroupOf(value) ?? RiskView.NameOf(value),
            ArmId.SubscriptionOf(value) is { } sub ? $"{value} (subscription {SubscriptionName(sub)})" : value),
        WhitelistScopeType.Subscription => new("Subscription", SubscriptionName(value), value),
        _ => new("Tag", value, null),
    };

    private string SubscriptionName(string id) => _subscriptions.GetValueOrDefault(id) ?? id;
}
