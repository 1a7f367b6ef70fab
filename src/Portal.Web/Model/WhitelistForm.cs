using Portal.Cspm;
using Portal.Domain.Risks;

namespace Portal.Web.Model;

/// <summary>The add / edit form of a whitelist entry. Adding from a failed resource prefills the scope with that resource and
/// offers its resource group, subscription and tags as broader scopes.</summary>
public sealed class WhitelistForm
{
    public Guid? EntryId { get; init; }
    public string CheckId { get; set; } = "";
    public WhitelistScopeType ScopeType { get; set; } = WhitelistScopeType.Resource;
    public string ScopeValue { get; set; } = "";
    public string Reason { get; set; } = "";
    /// <summary>Date (UTC) after which the entry stops covering; the entry lasts until the end of that day.</summary>
    public DateTime? ExpiresOn { get; set; }
    public string? Error { get; set; }

    /// <summary>The resource the form was opened from, with the scope each type would take for it.</summary>
    public string? ResourceId { get; init; }
    public string? ResourceName { get; init; }
    public IReadOnlyDictionary<string, string> ResourceTags { get; init; } = new Dictionary<string, string>();

    public static WhitelistForm ForResource(string checkId, string resourceId, string? name, IReadOnlyDictionary<string, string>? tags) => new()
    {
        CheckId = checkId, ResourceId = resourceId, ResourceName = name, ScopeValue = resourceId,
        ResourceTags = tags ?? new Dictionary<string, string>(),
    };

    public static WhitelistForm ForEntry(WhitelistEntry e) => new()
    {
        EntryId = e.Id, CheckId = e.CheckId, ScopeType = e.ScopeType, ScopeValue = e.ScopeValue, Reason = e.Reason,
        ExpiresOn = e.ExpiresOn?.Date,
    };

    /// <summary>Switches the scope type; opened from a resource, the value follows (its group, its subscription, its first tag).</summary>
    public void ChangeScope(WhitelistScopeType type)
    {
        ScopeType = type;
        if (ResourceId is null) return;
        ScopeValue = type switch
        {
            WhitelistScopeType.Resource => ResourceId,
            WhitelistScopeType.ResourceGroup => ArmId.ResourceGroupOf(ResourceId) is { } rg ? $"{ArmId.SubscriptionScope(ArmId.SubscriptionOf(ResourceId) ?? "")}/resourceGroups/{rg}" : "",
            WhitelistScopeType.Subscription => ArmId.SubscriptionOf(ResourceId) ?? "",
            _ => ResourceTags.Select(t => $"{t.Key}={t.Value}").FirstOrDefault() ?? "",
        };
    }

    /// <summary>A date picked in the form means "through that day" (UTC).</summary>
    public WhitelistRequest ToRequest() => new(CheckId, ScopeType, ScopeValue, Reason,
        ExpiresOn is { } d ? DateTime.SpecifyKind(d.Date.AddDays(1).AddTicks(-1), DateTimeKind.Utc) : null);

    public static string ScopeLabel(WhitelistScopeType t) => t switch
    {
        WhitelistScopeType.Resource => "This resource",
        WhitelistScopeType.ResourceGroup => "Resource group",
        WhitelistScopeType.Subscription => "Subscription",
        _ => "Tag",
    };
}
