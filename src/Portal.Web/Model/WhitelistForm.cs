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
    /// <summary>A refusal that belongs to no one field (unknown check, entry gone).</summary>
    public string? Error { get; set; }
    public string? ReasonError { get; set; }
    public string? ScopeError { get; set; }
    public string? ExpiryError { get; set; }
    public bool HasErrors => Error is not null || ReasonError is not null || ScopeError is not null || ExpiryError is not null;

    public void ClearErrors() => Error = ReasonError = ScopeError = ExpiryError = null;

    /// <summary>Runs the service's validation before saving; its message lands on the field it is about, in the user's words
    /// ("A reason is required: …", not "'reason' is required"). False when something must be fixed first.</summary>
    public bool Validate(DateTime now)
    {
        ClearErrors();
        var (problem, _, _) = WhitelistService.Validate(ToRequest(), now);
        if (problem is null) return true;
        ApplyProblem(problem.Detail);
        return false;
    }

    /// <summary>Puts a refusal of the service on its field.</summary>
    public void ApplyProblem(string detail)
    {
        var words = InUserWords(detail);
        if (detail.Contains("'reason'", StringComparison.Ordinal)) ReasonError = words;
        else if (detail.Contains("'expiresOn'", StringComparison.Ordinal)) ExpiryError = words;
        else if (detail.Contains("scope", StringComparison.OrdinalIgnoreCase) || detail.Contains(" is not a", StringComparison.Ordinal)
                 && !detail.Contains("check of the catalog", StringComparison.Ordinal)) ScopeError = words;
        else Error = words;
    }

    /// <summary>The service names the API's fields; the form names what the user sees.</summary>
    public static string InUserWords(string detail) => detail
        .Replace("'reason' is required", "A reason is required", StringComparison.Ordinal)
        .Replace("'reason' must", "The reason must", StringComparison.Ordinal)
        .Replace("'expiresOn' must", "The expiry date must", StringComparison.Ordinal)
        .Replace("'scope.value' is required.", "Give the scope: a resource id, resource group, subscription or tag.", StringComparison.Ordinal)
        .Replace("'scope.value' must", "The scope must", StringComparison.Ordinal)
        .Replace("'scope.type' must be resource, resourceGroup, subscription or tag.", "Pick a scope: this resource, its resource group, its subscription or a tag.", StringComparison.Ordinal)
        .Replace("'checkId' is required.", "The check is missing.", StringComparison.Ordinal);

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
