using Portal.Domain.Accounts;
using Portal.Domain.Response;

namespace Portal.Web.Model;

/// <summary>
/// A containment problem as a user reads it: the code scripts see in the API (validation, no_free_priority…) or Azure's own code,
/// what it means and the fix, in the product's words (no "InvalidInput", no quoted field names).
/// </summary>
public sealed record ContainmentProblemView(string Code, string Title, string Detail, string? Fix)
{
    /// <summary>The isolation finds no free priority before the allow rules: the quarantine NSG is the way out.</summary>
    public bool OffersQuarantine { get; init; }

    public const string ReasonMissing = "Give a reason for the audit trail.";

    public static ContainmentProblemView For(OnboardingProblem p) => p.Code switch
    {
        ContainmentProblems.Invalid => new("validation", "Check the form", Words(p.Detail), null),
        ContainmentProblems.NotFound => new("not_found", p.Title, p.Detail, p.Fix),
        ContainmentProblems.Protected => new("protected_target", p.Title, p.Detail, "Protected targets are listed on the Response page's Protected targets tab."),
        ContainmentProblems.MissingPermissions => new("missing_permissions", p.Title, p.Detail, p.Fix),
        ContainmentProblems.FeatureDisabled => new("feature_disabled", p.Title, p.Detail, p.Fix ?? "An admin turns on the Response feature on the account."),
        ContainmentProblems.Conflict => new("conflict", p.Title, p.Detail, p.Fix),
        ContainmentProblems.NoFreePriority => new("no_free_priority", "No free priority before the allow rules", p.Detail,
            "Use a quarantine NSG: it takes the place of the NIC's NSG while the VM is isolated, and the current NSG is put back on release.") { OffersQuarantine = true },
        ContainmentProblems.PlanBlocked => new("plan_blocked", "The deny rule cannot go before the allow rules", p.Detail,
            "Free a priority below the allow rule in that NSG, or isolate the VM from its host page (isolation can use a quarantine NSG)."),
        ContainmentProblems.NoNsg => new("no_nsg", p.Title, p.Detail, p.Fix),
        _ => new(p.Code, p.Title, p.Detail, p.Fix),
    };

    /// <summary>The validator's field names ('reason', 'managementCidr'…) in the words of the form.</summary>
    public static string Words(string detail)
    {
        if (detail.StartsWith("'reason' is required", StringComparison.Ordinal)) return ReasonMissing;
        return detail
            .Replace("'reason'", "The reason", StringComparison.Ordinal)
            .Replace("'managementCidr'", "The management exception", StringComparison.Ordinal)
            .Replace("'target' must be a VM resource id", "Pick a VM", StringComparison.Ordinal)
            .Replace("'scope'", "The scope", StringComparison.Ordinal)
            .Replace("'powerAction'", "The power action", StringComparison.Ordinal)
            .Replace("'action'", "The action", StringComparison.Ordinal);
    }
}
