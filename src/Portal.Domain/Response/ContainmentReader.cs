using Portal.Domain.Cloud;

namespace Portal.Domain.Response;

/// <summary>What an action works on, as read live from Azure: the VM (isolate, power, block on a VM) and the NSGs that apply.</summary>
public sealed record ContainmentTargets(VmInfo? Vm, IReadOnlyDictionary<string, NsgInfo> Nsgs)
{
    /// <summary>The NSGs block_ip writes to: every NSG read (NIC and subnet NSGs of the VM, or every NSG of the scope).</summary>
    public IReadOnlyList<NsgInfo> BlockNsgs => Nsgs.Values.OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();
}

/// <summary>Reads the targets of an action from Azure and builds its plan (the preview, and the executor's fresh plan).</summary>
public static class ContainmentReader
{
    public static async Task<CloudResult<ContainmentTargets>> ReadAsync(ICloudConnector cloud, CloudCredential credential, ContainmentAction action, CancellationToken ct)
    {
        var vmId = action.Kind == ContainmentKind.BlockIp ? (ResourceIds.IsVm(action.Scope) ? action.Scope : null) : action.Target;
        var nsgs = new Dictionary<string, NsgInfo>(StringComparer.OrdinalIgnoreCase);
        if (vmId is null)
        {
            var scope = ResourceIds.Parse(action.Scope)!.Value;
            var all = await cloud.ListNetworkSecurityGroupsAsync(credential, scope.SubscriptionId, ct);
            if (!all.IsSuccess) return all.Error;
            foreach (var n in all.Value.Where(n => scope.ResourceGroup is null || n.ResourceGroup.Equals(scope.ResourceGroup, StringComparison.OrdinalIgnoreCase)))
                nsgs[n.Id] = n;
            return CloudResult<ContainmentTargets>.Ok(new ContainmentTargets(null, nsgs));
        }
        var vm = await cloud.GetVirtualMachineAsync(credential, vmId, ct);
        if (!vm.IsSuccess) return vm.Error;
        if (action.Kind == ContainmentKind.Power) return CloudResult<ContainmentTargets>.Ok(new ContainmentTargets(vm.Value, nsgs));
        foreach (var id in vm.Value.Nics.SelectMany(n => n.SubnetNsgIds.Prepend(n.NsgId ?? "")).Where(id => id.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var nsg = await cloud.GetNetworkSecurityGroupAsync(credential, id, ct);
            if (!nsg.IsSuccess) return nsg.Error;
            nsgs[nsg.Value.Id] = nsg.Value;
        }
        return CloudResult<ContainmentTargets>.Ok(new ContainmentTargets(vm.Value, nsgs));
    }

    /// <summary>The plan for the action against the targets as read, with the VM's effective access before and after.</summary>
    public static ContainmentPlan Plan(ContainmentAction action, ContainmentTargets targets)
    {
        var notes = new List<string>();
        switch (action.Kind)
        {
            case ContainmentKind.BlockIp:
            {
                var prefix = AddressPrefix.TryParse(action.Target)!;
                var plans = targets.BlockNsgs.Select(n => ContainmentPlanner.PlanBlock(n, [prefix], action.BothDirections)).ToList();
                if (plans.Count == 0) notes.Add("No network security group protects this scope: there is nothing to put the deny rule in.");
                if (targets.Vm is not { } vm) return new ContainmentPlan(action.Kind, plans, [], [], [], notes);
                // On one VM's path a deny in either NSG is enough (both must allow): an NSG whose allow rules start at the lowest
                // priority is skipped when every NIC still passes another NSG that takes the rule.
                var usable = plans.Where(p => p.Problem is null).Select(p => p.NsgId).ToHashSet(StringComparer.OrdinalIgnoreCase);
                if (usable.Count > 0 && vm.Nics.All(n => n.SubnetNsgIds.Prepend(n.NsgId ?? "").Any(usable.Contains)))
                    plans = plans.Select(p =>
                    {
                        if (p.Problem is null) return p;
                        notes.Add($"{p.NsgName} is skipped ({p.Problem}); the other NSG on the VM's path carries the block.");
                        return p with { Problem = null, Changes = [] };
                    }).ToList();
                var after = targets.Nsgs.ToDictionary(kv => kv.Key, kv => plans.Where(p => p.NsgId.Equals(kv.Key, StringComparison.OrdinalIgnoreCase))
                    .SelectMany(p => p.Changes).Aggregate(kv.Value, (n, c) => ContainmentPlanner.WithRule(n, c.RuleName, c.After)), StringComparer.OrdinalIgnoreCase);
                var peers = Peers(action);
                return new ContainmentPlan(action.Kind, plans, [], ContainmentPlanner.Access(vm, targets.Nsgs, peers), ContainmentPlanner.Access(vm, after, peers), notes);
            }
            case ContainmentKind.Isolate:
            {
                var vm = targets.Vm!;
                if (vm.Nics.Count == 0) notes.Add($"{vm.Name} has no network interface: there is nothing to isolate.");
                var management = action.ManagementCidr is null ? null : AddressPrefix.TryParse(action.ManagementCidr);
                var nics = ContainmentPlanner.PlanIsolate(vm, targets.Nsgs, management, action.UseQuarantineNsg);
                var (after, overrides) = ApplyIsolation(vm, targets.Nsgs, nics);
                var peers = Peers(action);
                return new ContainmentPlan(action.Kind, [], nics, ContainmentPlanner.Access(vm, targets.Nsgs, peers), ContainmentPlanner.Access(vm, after, peers, overrides), notes);
            }
            default:
            {
                var vm = targets.Vm!;
                notes.Add($"{vm.Name} is {vm.PowerState}; {action.PowerAction} will leave it {ExpectedPowerState(action.PowerAction!.Value)}.");
                if (action.PowerAction == VmPowerAction.Restart) notes.Add("A restart cannot be undone.");
                return new ContainmentPlan(action.Kind, [], [], [], [], notes);
            }
        }
    }

    /// <summary>The NSGs after the isolation plan (rules added, NSGs created) and the NIC associations it changes.</summary>
    public static (Dictionary<string, NsgInfo> Nsgs, Dictionary<string, string?> NicNsg) ApplyIsolation(VmInfo vm, IReadOnlyDictionary<string, NsgInfo> nsgs, IReadOnlyList<NicIsolationPlan> plans)
    {
        var after = new Dictionary<string, NsgInfo>(nsgs, StringComparer.OrdinalIgnoreCase);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in plans.Where(p => p.Conflict is null))
        {
            if (p.Mode == IsolationMode.RulesInNicNsg)
                after[p.NsgId] = p.Rules.Aggregate(after[p.NsgId], (n, r) => ContainmentPlanner.WithRule(n, r.Name, r));
            else
            {
                after[p.NsgId] = ContainmentPlanner.Planned(p, vm);
                overrides[p.NicId] = p.NsgId;
            }
        }
        return (after, overrides);
    }

    /// <summary>Who the access is shown for: any Internet address, the virtual network, and the blocked or management range.</summary>
    public static IReadOnlyList<AccessPeer> Peers(ContainmentAction action) => NsgEvaluator.StandardPeers(action.Kind switch
    {
        ContainmentKind.BlockIp => [new AccessPeer($"Blocked {action.Target}", action.Target)],
        ContainmentKind.Isolate when action.ManagementCidr is { } m => [new AccessPeer($"Management {m}", m)],
        _ => [],
    });

    public static string ExpectedPowerState(VmPowerAction action) => action switch
    {
        VmPowerAction.PowerOff => "stopped",
        VmPowerAction.Deallocate => "deallocated",
        _ => "running",
    };
}
