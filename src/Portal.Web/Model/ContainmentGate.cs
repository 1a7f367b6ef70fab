using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Response;
using Host = Portal.Domain.Inventory.Host;

namespace Portal.Web.Model;

/// <summary>Whether a user may contain a host from its page, and if not, every reason why (shown next to the disabled buttons).</summary>
public sealed record ContainmentGate(IReadOnlyList<string> Reasons)
{
    public bool Allowed => Reasons.Count == 0;

    public static ContainmentGate For(Host host, CloudAccount? account, bool isAnalyst, ProtectedTargetSet protectedSet)
    {
        var reasons = new List<string>();
        if (!isAnalyst) reasons.Add("Your role can look but not act: containment needs the Analyst or Admin role.");
        if (host.Removed) reasons.Add("This VM is gone from Azure.");
        if (account is null) reasons.Add("The host's cloud account no longer exists.");
        else if (!account.Has(CloudFeature.Response))
            reasons.Add($"The account {account.Name} does not have the Response feature: an admin enables it (and grants its permissions) on the account.");
        else if (account.Readiness.FirstOrDefault(r => r.Feature == CloudFeature.Response) is { Ready: false } r)
            reasons.Add($"The app registration of {account.Name} lacks permissions for response: {string.Join(", ", r.MissingActions)}.");
        if (protectedSet.ProtectingVm(host.ResourceId, host.Tags) is { } p)
            reasons.Add($"{host.Name} is a protected target ({p.Kind.ToString().ToLowerInvariant()} {p.Value}{(p.Note is null ? "" : $", {p.Note}")}): it can never be isolated or powered by the portal.");
        return new ContainmentGate(reasons);
    }

    /// <summary>The power actions that make sense from the VM's current state.</summary>
    public static IReadOnlyList<VmPowerAction> PowerActionsFor(string powerState) => powerState.ToLowerInvariant() switch
    {
        "running" or "starting" => [VmPowerAction.PowerOff, VmPowerAction.Deallocate, VmPowerAction.Restart],
        "stopped" or "stopping" => [VmPowerAction.Start, VmPowerAction.Deallocate],
        "deallocated" or "deallocating" => [VmPowerAction.Start],
        _ => [VmPowerAction.Start, VmPowerAction.PowerOff, VmPowerAction.Deallocate, VmPowerAction.Restart],
    };
}
