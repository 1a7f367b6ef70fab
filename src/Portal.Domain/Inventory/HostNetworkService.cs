using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Security;

namespace Portal.Domain.Inventory;

/// <summary>An NSG on a host's path, and where it is attached (the host's NIC or the NIC's subnet).</summary>
public sealed record HostNsg(NsgInfo Nsg, string AttachedTo);

/// <summary>A host as Azure shows it right now: the VM (power state, NICs, Azure's casing of its id) and the NSGs on its path.
/// Vm is null when the VM could not be read (the page then falls back to the inventory's view).</summary>
public sealed record HostLiveView(VmInfo? Vm, IReadOnlyList<HostNsg> Path);

/// <summary>Reads, live from Azure, the NSGs that filter a host's traffic.</summary>
public sealed class HostNetworkService(ICloudConnector cloud, IAccountStore accounts, ISecretProtector secrets)
{
    public async Task<Outcome<IReadOnlyList<HostNsg>>> NetworkPathAsync(Host host, CancellationToken ct = default)
    {
        if (host.NsgIds.Count == 0) return new List<HostNsg>();
        var account = await accounts.GetAsync(host.AccountId, ct);
        if (account is null) return new OnboardingProblem("NotFound", "Account removed", "The host's account no longer exists.");
        CloudCredential credential;
        try { credential = account.OpenCredential(secrets); }
        catch (SecretUnreadableException ex) { return new OnboardingProblem("SecretUnreadable", "Secret unreadable", ex.Message); }
        var nsgs = await cloud.ListNetworkSecurityGroupsAsync(credential, host.SubscriptionId, ct);
        if (!nsgs.IsSuccess) return OnboardingProblem.FromCloud(nsgs.Error);
        var wanted = host.NsgIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var nics = host.NicIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return nsgs.Value.Where(n => wanted.Contains(n.Id))
            .Select(n => new HostNsg(n, n.NicIds.Any(nics.Contains) ? "network interface" : "subnet"))
            .OrderBy(n => n.AttachedTo == "subnet")
            .ToList();
    }

    /// <summary>
    /// Reads the VM itself and then each NSG on its path, so a page shows what a containment just changed (a new NSG on the NIC,
    /// a quarantine NSG, the power state) instead of the inventory of the last sync. Falls back to the inventory's NSG list
    /// when the VM cannot be read (e.g. it was deleted meanwhile).
    /// </summary>
    public async Task<Outcome<HostLiveView>> LiveAsync(Host host, CancellationToken ct = default)
    {
        var account = await accounts.GetAsync(host.AccountId, ct);
        if (account is null) return new OnboardingProblem("NotFound", "Account removed", "The host's account no longer exists.");
        CloudCredential credential;
        try { credential = account.OpenCredential(secrets); }
        catch (SecretUnreadableException ex) { return new OnboardingProblem("SecretUnreadable", "Secret unreadable", ex.Message); }

        var vm = await cloud.GetVirtualMachineAsync(credential, host.ResourceId, ct);
        if (!vm.IsSuccess && vm.Error.Code is not (CloudErrorCodes.NotSupported or CloudErrorCodes.ResourceNotFound))
            return OnboardingProblem.FromCloud(vm.Error);
        var live = vm.IsSuccess ? vm.Value : null;
        var nsgIds = live?.NsgIds ?? host.NsgIds;
        var nicNsgs = live?.Nics.Select(n => n.NsgId).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var nics = (live?.NicIds ?? host.NicIds).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var path = new List<HostNsg>();
        foreach (var id in nsgIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var nsg = await cloud.GetNetworkSecurityGroupAsync(credential, id, ct);
            if (!nsg.IsSuccess)
            {
                if (nsg.Error.Code == CloudErrorCodes.ResourceNotFound) continue;   // detached and deleted between the two reads
                return OnboardingProblem.FromCloud(nsg.Error);
            }
            var onNic = nicNsgs?.Contains(nsg.Value.Id) ?? nsg.Value.NicIds.Any(nics.Contains);
            path.Add(new HostNsg(nsg.Value, onNic ? "network interface" : "subnet"));
        }
        return new HostLiveView(live, path.OrderBy(n => n.AttachedTo == "subnet").ToList());
    }
}
