using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Response;
using Portal.Domain.Risks;

namespace Portal.Domain.Playbooks;

/// <summary>Checks a playbook definition before it is stored: every problem named with the field it concerns.</summary>
public static class PlaybookValidation
{
    public const int MaxActions = 10;

    public static OnboardingProblem? Validate(PlaybookDefinition d)
    {
        var name = d.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100) return Invalid("'name' is required, at most 100 characters.");
        if (d.Description is { Length: > 1000 }) return Invalid("'description' must be at most 1000 characters.");
        if (!Enum.IsDefined(d.Approval)) return Invalid("'approval' must be automatic or requiresApproval.");
        var trigger = d.Trigger;
        if (trigger is null || !Enum.IsDefined(trigger.Kind)) return Invalid("'trigger.kind' must be alert or configurationRisk.");
        if (trigger.MinSeverity is { } ts && !Enum.IsDefined(ts)) return Invalid("'trigger.minSeverity' must be low, medium, high or critical.");
        if (trigger.Kind == PlaybookTriggerKind.ConfigurationRisk)
        {
            if (string.IsNullOrWhiteSpace(trigger.CheckId)) return Invalid("'trigger.checkId' is required for a configurationRisk trigger.");
            if (CheckCatalog.Find(trigger.CheckId.Trim()) is null) return Invalid($"'{trigger.CheckId}' is not a check of the catalog.");
        }
        else if (trigger.CheckId is not null) return Invalid("'trigger.checkId' belongs to configurationRisk triggers only.");

        var c = d.Conditions ?? new();
        if (c.MinSeverity is { } cs && !Enum.IsDefined(cs)) return Invalid("'conditions.minSeverity' must be low, medium, high or critical.");
        if (c.SourceEquals is { Length: > 100 }) return Invalid("'conditions.sourceEquals' must be at most 100 characters.");
        if (c.VmTagEquals is { } tag && WhitelistScope.Normalize(WhitelistScopeType.Tag, tag).Error is { } tagError)
            return Invalid($"'conditions.vmTagEquals': {tagError}");
        if (trigger.Kind == PlaybookTriggerKind.ConfigurationRisk && (c.SourceEquals is not null || c.AttackerIpPresent))
            return Invalid("A configurationRisk playbook cannot have 'sourceEquals' or 'attackerIpPresent': a risk has neither.");

        var actions = d.Actions ?? [];
        if (actions.Count is 0 or > MaxActions) return Invalid($"'actions' must list 1 to {MaxActions} actions.");
        for (var i = 0; i < actions.Count; i++)
            if (ValidateAction(actions[i], trigger.Kind) is { } error) return Invalid($"'actions[{i}]': {error}");
        return null;
    }

    private static string? ValidateAction(PlaybookAction a, PlaybookTriggerKind trigger)
    {
        if (a is null || !Enum.IsDefined(a.Kind)) return "'kind' must be blockIp, isolate or power.";
        switch (a.Kind)
        {
            case ContainmentKind.BlockIp:
                if (trigger == PlaybookTriggerKind.ConfigurationRisk) return "a configurationRisk playbook cannot block an IP: a risk has no attacker address.";
                if (!Enum.IsDefined(a.Scope)) return "'scope' must be alertVm, alertResourceGroup or fixed.";
                if (a.Scope == BlockIpScope.Fixed && a.ScopeId is null) return "'scopeId' is required with a fixed scope.";
                if (a.ScopeId is not null && !IsScopeId(a.ScopeId))
                    return $"'scopeId' '{a.ScopeId}' is not a VM, resource group or subscription resource id.";
                break;
            case ContainmentKind.Isolate:
                if (a.ManagementCidr is not null && IpPrefix.Normalize(a.ManagementCidr) is null)
                    return $"'managementCidr' '{a.ManagementCidr}' is not an IP address or CIDR.";
                break;
            case ContainmentKind.Power:
                if (a.PowerAction is not { } p || !Enum.IsDefined(p)) return "'powerAction' must be start, powerOff, deallocate or restart.";
                break;
        }
        return null;
    }

    private static bool IsScopeId(string id) =>
        WhitelistScope.Normalize(WhitelistScopeType.Resource, id).Scope is not null
        || WhitelistScope.Normalize(WhitelistScopeType.ResourceGroup, id).Scope is not null;

    private static OnboardingProblem Invalid(string detail) => OnboardingProblem.Invalid(detail);
}
