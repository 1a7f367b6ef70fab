using Portal.Cspm;
using Portal.Domain.Response;

namespace Portal.Domain.Playbooks;

/// <summary>Turns a playbook's actions into concrete steps for one trigger: the alert's address becomes the block_ip target,
/// the alert's VM the isolate/power target and the block scope. Pure.</summary>
public static class PlaybookPlanner
{
    /// <param name="fallbackSubscriptions">Where VM-relative block scopes go when the alert names no VM (and the action has no
    /// <see cref="PlaybookAction.ScopeId"/>): the subscriptions of the accounts with the Response feature.</param>
    /// <returns>The steps, or why the playbook cannot act on this trigger.</returns>
    public static (List<PlaybookRunStep> Steps, string? Error) Plan(IReadOnlyList<PlaybookAction> actions, string? attackerIp, string? vmResourceId,
        IReadOnlyList<string> fallbackSubscriptions)
    {
        var steps = new List<PlaybookRunStep>();
        for (var i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            var label = $"Action {i + 1} ({a.Kind})";
            switch (a.Kind)
            {
                case ContainmentKind.BlockIp:
                {
                    if (attackerIp is null) return ([], $"{label} blocks the attacker IP, but the trigger has none.");
                    IEnumerable<string> scopes;
                    if (a.Scope == BlockIpScope.Fixed) scopes = [a.ScopeId!];
                    else if (vmResourceId is not null)
                        scopes = [a.Scope == BlockIpScope.AlertVm ? vmResourceId : ResourceGroupScope(vmResourceId)];
                    else if (a.ScopeId is not null) scopes = [a.ScopeId];
                    else if (fallbackSubscriptions.Count > 0) scopes = fallbackSubscriptions.Select(ArmId.SubscriptionScope);
                    else return ([], $"{label}: the alert names no VM and no account has the Response feature, so there is no scope to block in.");
                    steps.AddRange(scopes.Select(scope => new PlaybookRunStep
                    {
                        Kind = a.Kind, Target = attackerIp, Scope = scope, BothDirections = a.BothDirections,
                    }));
                    break;
                }
                case ContainmentKind.Isolate:
                case ContainmentKind.Power:
                    if (vmResourceId is null) return ([], $"{label} acts on the alert's VM, but the trigger names none.");
                    steps.Add(new PlaybookRunStep
                    {
                        Kind = a.Kind, Target = vmResourceId,
                        ManagementCidr = a.Kind == ContainmentKind.Isolate ? a.ManagementCidr : null,
                        PowerAction = a.Kind == ContainmentKind.Power ? a.PowerAction : null,
                    });
                    break;
                default:
                    return ([], $"{label} is not a known action.");
            }
        }
        return (steps.Select((s, i) => s with { Index = i }).ToList(), null);
    }

    /// <summary>"/subscriptions/s/resourceGroups/rg/providers/…" → "/subscriptions/s/resourceGroups/rg".</summary>
    public static string ResourceGroupScope(string resourceId)
    {
        var i = resourceId.IndexOf("/providers/", StringComparison.OrdinalIgnoreCase);
        return i > 0 ? resourceId[..i] : resourceId;
    }
}
