using Portal.Cspm;
using Portal.Domain.Inventory;

namespace Portal.Domain.Playbooks;

/// <summary>Decides whether a playbook reacts to an alert or to a failed check. Pure: no store, no clock.</summary>
public static class PlaybookMatcher
{
    /// <summary>True when <paramref name="playbook"/> is enabled, triggered by alerts and its conditions hold for the alert
    /// (with the alert's VM as the inventory knows it, for tag conditions).</summary>
    public static bool Matches(Playbook playbook, Alert alert, Host? vm) =>
        playbook.Enabled && playbook.TriggerKind == PlaybookTriggerKind.Alert
        && Holds(playbook.Conditions, alert.Severity, alert.Source, alert.AttackerIp is not null, alert.VmResourceId is not null, vm?.Tags);

    /// <summary>True when <paramref name="playbook"/> is enabled, triggered by this check at this severity, and its conditions hold
    /// for the resource (a risk has no source or attacker address: those conditions never hold).</summary>
    public static bool Matches(Playbook playbook, string checkId, Severity severity, string resourceId, IReadOnlyDictionary<string, string>? tags) =>
        playbook.Enabled && playbook.TriggerKind == PlaybookTriggerKind.ConfigurationRisk
        && string.Equals(playbook.TriggerCheckId, checkId, StringComparison.OrdinalIgnoreCase)
        && (playbook.TriggerMinSeverity is null || severity >= playbook.TriggerMinSeverity)
        && Holds(playbook.Conditions, severity, null, false, IsVm(resourceId), tags);

    public static bool IsVm(string resourceId) =>
        resourceId.Contains("/providers/Microsoft.Compute/virtualMachines/", StringComparison.OrdinalIgnoreCase);

    private static bool Holds(PlaybookConditions c, Severity severity, string? source, bool hasIp, bool hasVm, IReadOnlyDictionary<string, string>? tags)
    {
        if (c.MinSeverity is { } min && severity < min) return false;
        if (c.SourceEquals is { } s && !string.Equals(s.Trim(), source?.Trim(), StringComparison.OrdinalIgnoreCase)) return false;
        if (c.AttackerIpPresent && !hasIp) return false;
        if (c.VmPresent && !hasVm) return false;
        if (c.VmTagEquals is { } tag && !HasTag(tags, tag)) return false;
        return true;
    }

    private static bool HasTag(IReadOnlyDictionary<string, string>? tags, string keyValue)
    {
        if (tags is null) return false;
        var eq = keyValue.IndexOf('=');
        if (eq <= 0) return false;
        var key = keyValue[..eq].Trim();
        var value = keyValue[(eq + 1)..].Trim();
        return tags.Any(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase) && string.Equals(t.Value.Trim(), value, StringComparison.Ordinal));
    }
}
