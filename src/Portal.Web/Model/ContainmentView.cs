using Portal.Domain.Cloud;
using Portal.Domain.Response;

namespace Portal.Web.Model;

/// <summary>How containment actions read on the pages: labels, badges and one-line descriptions.</summary>
public static class ContainmentView
{
    public static string StatusBadge(ContainmentStatus s) => s switch
    {
        ContainmentStatus.Succeeded => "text-bg-success",
        ContainmentStatus.Failed or ContainmentStatus.Rejected => "text-bg-danger",
        ContainmentStatus.Running or ContainmentStatus.Undoing => "text-bg-primary",
        ContainmentStatus.Requested or ContainmentStatus.AwaitingApproval => "text-bg-info",
        _ => "text-bg-secondary",
    };

    public static string StatusText(ContainmentStatus s) => s switch
    {
        ContainmentStatus.AwaitingApproval => "awaiting approval",
        _ => s.ToString().ToLowerInvariant(),
    };

    /// <summary>Still moving: the page keeps reading it until it is final and released by its worker.</summary>
    public static bool IsLive(ContainmentAction a) => !a.IsFinal || a.ClaimedBy is not null;

    public static string KindLabel(ContainmentKind k) => k switch
    {
        ContainmentKind.BlockIp => "Block IP",
        ContainmentKind.Isolate => "Isolate VM",
        _ => "Power",
    };

    public static string KindIcon(ContainmentKind k) => k switch
    {
        ContainmentKind.BlockIp => "fa-solid fa-ban",
        ContainmentKind.Isolate => "fa-solid fa-link-slash",
        _ => "fa-solid fa-power-off",
    };

    public static string PowerLabel(VmPowerAction p) => p switch
    {
        VmPowerAction.PowerOff => "Power off",
        VmPowerAction.Deallocate => "Deallocate",
        VmPowerAction.Restart => "Restart",
        _ => "Start",
    };

    /// <summary>What undo does for the action, in the words of its button.</summary>
    public static string UndoLabel(ContainmentAction a) => a.Kind switch
    {
        ContainmentKind.BlockIp => "Unblock",
        ContainmentKind.Isolate => "Release isolation",
        _ => a.PowerAction switch
        {
            VmPowerAction.Start => "Reverse (power off)",
            _ => "Reverse (start)",
        },
    };

    public static bool CanUndo(ContainmentAction a) =>
        a.IsFinal && a.IsInForce && !(a.Kind == ContainmentKind.Power && a.PowerAction == VmPowerAction.Restart);

    /// <summary>"web-eus-02", "resource group rg-prod", "subscription 1234…" for a scope or VM id.</summary>
    public static string ScopeLabel(string? id)
    {
        var scope = ResourceIds.Parse(id);
        return scope switch
        {
            null => id ?? "",
            { Kind: ResourceIds.ScopeKind.Vm } => $"VM {ResourceIds.NameOf(id!)}",
            { Kind: ResourceIds.ScopeKind.ResourceGroup } s => $"resource group {ResourceIds.NameOf(id!)}",
            var s => $"subscription {s.Value.SubscriptionId}",
        };
    }

    /// <summary>One line: "Block 203.0.113.7 (both directions) at VM web-eus-02", "Isolate app-eus-01", "Power off dev-wus2-01".</summary>
    public static string Describe(ContainmentAction a) => a.Kind switch
    {
        ContainmentKind.BlockIp => $"Block {a.Target}{(a.BothDirections ? " (both directions)" : "")} at {ScopeLabel(a.Scope)}",
        ContainmentKind.Isolate => $"Isolate {ResourceIds.NameOf(a.Target)}{(a.ManagementCidr is null ? "" : $" except {a.ManagementCidr}")}",
        _ => $"{PowerLabel(a.PowerAction ?? VmPowerAction.Start)} {ResourceIds.NameOf(a.Target)}",
    };

    /// <summary>What undo will change, read from the undo record (shown before an undo is confirmed).</summary>
    public static IReadOnlyList<string> UndoPlan(ContainmentAction a) => a.UndoItems.Where(u => !u.Undone).Select(u => u.Kind switch
    {
        UndoKind.BlockPrefixes => $"Remove {string.Join(", ", u.Prefixes ?? [])} from rule {u.RuleName} in {ResourceIds.NameOf(u.ResourceId)} (the rule goes when its list is empty)",
        UndoKind.RuleCreated => $"Delete rule {u.RuleName} from {ResourceIds.NameOf(u.ResourceId)}",
        UndoKind.NsgCreated => $"Delete the portal's NSG {ResourceIds.NameOf(u.ResourceId)}",
        UndoKind.NicNsgChanged => u.PreviousNsgId is null
            ? $"Detach the portal's NSG from NIC {ResourceIds.NameOf(u.ResourceId)}"
            : $"Give NIC {ResourceIds.NameOf(u.ResourceId)} its previous NSG {ResourceIds.NameOf(u.PreviousNsgId)} again",
        _ => $"Bring {ResourceIds.NameOf(u.ResourceId)} back to {u.PreviousPowerState ?? "its previous state"}",
    }).ToList();

    public static string AccessBadge(AccessLevel level) => level switch
    {
        AccessLevel.Allowed => "text-bg-warning",
        AccessLevel.Partial => "text-bg-info",
        _ => "text-bg-success",
    };

    public static string When(DateTime? at) => at is { } t ? $"{t:yyyy-MM-dd HH:mm:ss} UTC" : "—";
}
