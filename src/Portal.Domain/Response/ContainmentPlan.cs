using Portal.Domain.Cloud;

namespace Portal.Domain.Response;

public enum RuleChangeKind { Create, Update, Delete, Unchanged }

/// <summary>One rule write the plan makes in one NSG (Unchanged: the rule already says what is wanted).</summary>
public sealed record RuleChange(string NsgId, string NsgName, RuleChangeKind Kind, NsgRuleInfo? Before, NsgRuleInfo? After,
    IReadOnlyList<string> AddedPrefixes, IReadOnlyList<string> RemovedPrefixes)
{
    public string RuleName => (After ?? Before)!.Name;
}

/// <summary>The rule changes for one NSG, or why none can be made there.</summary>
public sealed record NsgPlan(string NsgId, string NsgName, IReadOnlyList<RuleChange> Changes, string? Problem);

public enum IsolationMode
{
    /// <summary>Deny-all rules (and the management exception) added to the NIC's own NSG.</summary>
    RulesInNicNsg,
    /// <summary>The NIC had no NSG: a portal NSG is created with the rules and attached.</summary>
    NewNicNsg,
    /// <summary>No free priority precedes the allow rules of the NIC's NSG: a quarantine NSG replaces it on the NIC (the previous one is remembered).</summary>
    QuarantineNsg,
}

/// <summary>How one NIC of the VM gets isolated.</summary>
/// <param name="NsgId">The NSG that will carry the rules (existing, or the id the new one will have).</param>
/// <param name="PreviousNsgId">The NIC's NSG before (restored on undo when it is replaced).</param>
/// <param name="Conflict">Set when the rules cannot precede the allow rules of the NIC's NSG and no quarantine was asked for.</param>
public sealed record NicIsolationPlan(string NicId, IsolationMode Mode, string NsgId, string NsgName, string? PreviousNsgId,
    NsgCreateSpec? Create, IReadOnlyList<NsgRuleInfo> Rules, string? Conflict);

/// <summary>Everything an action will do, shown before it runs (the preview) and followed when it runs.</summary>
public sealed record ContainmentPlan(ContainmentKind Kind, IReadOnlyList<NsgPlan> Nsgs, IReadOnlyList<NicIsolationPlan> Nics,
    IReadOnlyList<NicAccess> AccessBefore, IReadOnlyList<NicAccess> AccessAfter, IReadOnlyList<string> Notes)
{
    /// <summary>Problems that stop the action (an NSG over Azure's limits, no free priority without the quarantine alternative).</summary>
    public IReadOnlyList<string> Problems =>
        [.. Nsgs.Where(n => n.Problem is not null).Select(n => $"{n.NsgName}: {n.Problem}"), .. Nics.Where(n => n.Conflict is not null).Select(n => n.Conflict!)];

    /// <summary>True when some NIC needs the quarantine alternative to be isolated.</summary>
    public bool NeedsQuarantine => Nics.Any(n => n.Conflict is not null);
}
