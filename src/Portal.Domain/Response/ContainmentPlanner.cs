using Portal.Domain.Cloud;

namespace Portal.Domain.Response;

/// <summary>
/// Pure planning of block_ip and isolate over NSGs as read from Azure: which rules to write, at which priorities, and what the
/// VM's effective access is before and after. The executor re-plans on fresh reads (and on etag conflicts), so a plan is
/// always made against the NSG's current rules.
/// </summary>
public static class ContainmentPlanner
{
    private static readonly TrafficDirection[] Both = [TrafficDirection.Inbound, TrafficDirection.Outbound];

    // ---------------- block_ip

    /// <summary>Adds <paramref name="prefixes"/> to the portal's deny rule of each direction in one NSG (creating or moving the rule as needed).</summary>
    public static NsgPlan PlanBlock(NsgInfo nsg, IReadOnlyList<AddressPrefix> prefixes, bool bothDirections)
    {
        var changes = new List<RuleChange>();
        var rules = nsg.Rules.ToList();
        foreach (var direction in bothDirections ? Both : [TrafficDirection.Inbound])
        {
            var name = PortalRules.BlockRuleName(direction);
            var existing = rules.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            var current = existing is null ? [] : direction == TrafficDirection.Inbound ? existing.SourceAddressPrefixes : existing.DestinationAddressPrefixes;
            var added = prefixes.Select(p => p.ToString()).Where(p => !ContainsPrefix(current, p)).Distinct().ToList();
            var list = current.Concat(added).ToList();

            var ignore = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name };
            int priority;
            if (existing is not null && existing.Priority < PortalRules.FirstAllowPriority(rules, direction, ignore)) priority = existing.Priority;
            else if (PortalRules.FreePriorities(rules, direction, 1, ignore) is [var free]) priority = free;
            else
                return new NsgPlan(nsg.Id, nsg.Name, changes,
                    $"no free {direction.ToString().ToLowerInvariant()} priority precedes its first allow rule (priority {PortalRules.FirstAllowPriority(rules, direction, ignore)}): every number from {PortalRules.MinPriority} below it is taken.");

            if (existing is null && rules.Count >= PortalRules.MaxRulesPerNsg)
                return new NsgPlan(nsg.Id, nsg.Name, changes, $"it already has {rules.Count} security rules, Azure's maximum of {PortalRules.MaxRulesPerNsg} per NSG.");
            var prefixTotal = PortalRules.PrefixCount(rules) + added.Count;
            if (prefixTotal > PortalRules.MaxPrefixesPerNsg)
                return new NsgPlan(nsg.Id, nsg.Name, changes, $"its rules would hold {prefixTotal} address prefixes, above Azure's limit of {PortalRules.MaxPrefixesPerNsg} per NSG; unblock addresses or block a wider range.");

            var description = $"Addresses blocked by the security portal ({direction.ToString().ToLowerInvariant()}). Managed by the portal: use its undo to remove entries.";
            var after = direction == TrafficDirection.Inbound
                ? PortalRules.Rule(name, priority, direction, false, list, ["*"], description)
                : PortalRules.Rule(name, priority, direction, false, ["*"], list, description);
            var kind = existing is null ? RuleChangeKind.Create : added.Count == 0 && existing.Priority == priority && existing.Access.Equals("Deny", StringComparison.OrdinalIgnoreCase) ? RuleChangeKind.Unchanged : RuleChangeKind.Update;
            changes.Add(new RuleChange(nsg.Id, nsg.Name, kind, existing, after, added, []));
            rules = Replace(rules, after);
        }
        return new NsgPlan(nsg.Id, nsg.Name, changes, null);
    }

    /// <summary>Removes exactly <paramref name="prefixes"/> from the portal's rule; the rule is deleted when its list becomes empty.</summary>
    public static RuleChange PlanUnblock(NsgInfo nsg, string ruleName, IReadOnlyList<string> prefixes)
    {
        var existing = nsg.Rules.FirstOrDefault(r => r.Name.Equals(ruleName, StringComparison.OrdinalIgnoreCase));
        if (existing is null) return new RuleChange(nsg.Id, nsg.Name, RuleChangeKind.Unchanged, null, null, [], []);
        var inbound = PortalRules.Is(existing.Direction, TrafficDirection.Inbound);
        var current = inbound ? existing.SourceAddressPrefixes : existing.DestinationAddressPrefixes;
        var removed = current.Where(c => ContainsPrefix(prefixes, c)).ToList();
        if (removed.Count == 0) return new RuleChange(nsg.Id, nsg.Name, RuleChangeKind.Unchanged, existing, existing, [], []);
        var left = current.Where(c => !ContainsPrefix(prefixes, c)).ToList();
        if (left.Count == 0) return new RuleChange(nsg.Id, nsg.Name, RuleChangeKind.Delete, existing, null, [], removed);
        var after = inbound ? existing with { SourceAddressPrefixes = left, Etag = null } : existing with { DestinationAddressPrefixes = left, Etag = null };
        return new RuleChange(nsg.Id, nsg.Name, RuleChangeKind.Update, existing, after, [], removed);
    }

    public static bool ContainsPrefix(IEnumerable<string> list, string prefix)
    {
        var wanted = AddressPrefix.TryParse(prefix)?.ToString() ?? prefix;
        return list.Any(x => string.Equals(AddressPrefix.TryParse(x)?.ToString() ?? x, wanted, StringComparison.OrdinalIgnoreCase));
    }

    // ---------------- isolate

    /// <summary>
    /// Per NIC of the VM: deny-all inbound and outbound (after an optional allow for the management range) at priorities that
    /// precede every allow rule of the NIC's NSG. Only the NIC's NSG is changed: inbound traffic has to pass the NIC NSG after the
    /// subnet NSG and outbound traffic passes it first, so it is enough, and other VMs of the subnet keep working. In an NSG that
    /// also serves other NICs or subnets the rules are limited to the VM's private addresses.
    /// </summary>
    public static IReadOnlyList<NicIsolationPlan> PlanIsolate(VmInfo vm, IReadOnlyDictionary<string, NsgInfo> nsgs, AddressPrefix? management, bool useQuarantine)
    {
        var plans = new List<NicIsolationPlan>();
        var vmNics = vm.Nics.Select(n => n.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var vmIps = vm.Nics.SelectMany(n => n.PrivateIps).Distinct().ToList();
        foreach (var nic in vm.Nics)
        {
            var existing = nic.NsgId is { } id ? nsgs.GetValueOrDefault(id) : null;
            if (nic.NsgId is not null && existing is null)
                throw new ArgumentException($"The NSG {nic.NsgId} of {nic.Id} was not read.", nameof(nsgs));
            if (existing is null)
            {
                plans.Add(NewNsg(vm, nic, IsolationMode.NewNicNsg, PortalRules.IsolationNsgName(vm.Name), management, null));
                continue;
            }
            var shared = existing.SubnetIds.Count > 0 || existing.NicIds.Any(n => !vmNics.Contains(n));
            var local = shared && vmIps.Count > 0 ? vmIps : ["*"];
            var ignore = Both.SelectMany(d => new[] { PortalRules.IsolationRuleName(vm.Id, true, d), PortalRules.IsolationRuleName(vm.Id, false, d) })
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            var needed = management is null ? 1 : 2;
            var inbound = PortalRules.FreePriorities(existing.Rules, TrafficDirection.Inbound, needed, ignore);
            var outbound = PortalRules.FreePriorities(existing.Rules, TrafficDirection.Outbound, needed, ignore);
            var newRules = existing.Rules.Count(r => !ignore.Contains(r.Name)) + 2 * needed;
            if (inbound is not null && outbound is not null && newRules <= PortalRules.MaxRulesPerNsg)
            {
                plans.Add(new NicIsolationPlan(nic.Id, IsolationMode.RulesInNicNsg, existing.Id, existing.Name, existing.Id, null,
                    IsolationRules(vm, local, management, inbound, outbound), null));
                continue;
            }
            var why = newRules > PortalRules.MaxRulesPerNsg
                ? $"the NSG {existing.Name} of {ResourceIds.NameOf(nic.Id)} would exceed Azure's {PortalRules.MaxRulesPerNsg} rules"
                : $"no free priority in the NSG {existing.Name} of {ResourceIds.NameOf(nic.Id)} precedes its allow rules (first inbound allow at {PortalRules.FirstAllowPriority(existing.Rules, TrafficDirection.Inbound, ignore)}, first outbound allow at {PortalRules.FirstAllowPriority(existing.Rules, TrafficDirection.Outbound, ignore)})";
            plans.Add(useQuarantine
                ? NewNsg(vm, nic, IsolationMode.QuarantineNsg, PortalRules.QuarantineNsgName(vm.Name), management, existing.Id)
                : new NicIsolationPlan(nic.Id, IsolationMode.QuarantineNsg, "", PortalRules.QuarantineNsgName(vm.Name), existing.Id, null, [],
                    $"Cannot isolate {vm.Name} with rules: {why}. Alternative: attach a quarantine NSG ({PortalRules.QuarantineNsgName(vm.Name)}) to the network interface instead of {existing.Name}; undo puts {existing.Name} back. Ask again with the quarantine option to do that."));
        }
        return plans;
    }

    private static NicIsolationPlan NewNsg(VmInfo vm, VmNicInfo nic, IsolationMode mode, string name, AddressPrefix? management, string? previous)
    {
        var id = $"/subscriptions/{vm.SubscriptionId}/resourceGroups/{vm.ResourceGroup}/providers/Microsoft.Network/networkSecurityGroups/{name}";
        var spec = new NsgCreateSpec(vm.SubscriptionId, vm.ResourceGroup, name, vm.Location, PortalRules.PortalNsgTags(vm.Id));
        var priorities = management is null ? new[] { PortalRules.MinPriority } : [PortalRules.MinPriority, PortalRules.MinPriority + 10];
        return new NicIsolationPlan(nic.Id, mode, id, name, previous ?? nic.NsgId, spec, IsolationRules(vm, ["*"], management, priorities, priorities), null);
    }

    private static IReadOnlyList<NsgRuleInfo> IsolationRules(VmInfo vm, IReadOnlyList<string> local, AddressPrefix? management, IReadOnlyList<int> inbound, IReadOnlyList<int> outbound)
    {
        var rules = new List<NsgRuleInfo>();
        var what = $"Isolation of VM {vm.Name} by the security portal";
        foreach (var (direction, priorities) in new[] { (TrafficDirection.Inbound, inbound), (TrafficDirection.Outbound, outbound) })
        {
            var i = 0;
            IReadOnlyList<string> Peer(string p) => [p];
            if (management is { } m)
                rules.Add(direction == TrafficDirection.Inbound
                    ? PortalRules.Rule(PortalRules.IsolationRuleName(vm.Id, true, direction), priorities[i++], direction, true, Peer(m.ToString()), local, $"{what}: management range allowed in.")
                    : PortalRules.Rule(PortalRules.IsolationRuleName(vm.Id, true, direction), priorities[i++], direction, true, local, Peer(m.ToString()), $"{what}: management range allowed out."));
            rules.Add(direction == TrafficDirection.Inbound
                ? PortalRules.Rule(PortalRules.IsolationRuleName(vm.Id, false, direction), priorities[i], direction, false, ["*"], local, $"{what}: all inbound traffic denied.")
                : PortalRules.Rule(PortalRules.IsolationRuleName(vm.Id, false, direction), priorities[i], direction, false, local, ["*"], $"{what}: all outbound traffic denied."));
        }
        return rules;
    }

    // ---------------- preview helpers

    /// <summary>The NSG with <paramref name="rule"/> added or replacing the rule of the same name (null: removed).</summary>
    public static NsgInfo WithRule(NsgInfo nsg, string name, NsgRuleInfo? rule) =>
        nsg with { Rules = rule is null ? nsg.Rules.Where(r => !r.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList() : Replace(nsg.Rules.ToList(), rule) };

    /// <summary>Effective access of each NIC of the VM with the given NSGs (by id) and, where given, changed NIC associations.</summary>
    public static IReadOnlyList<NicAccess> Access(VmInfo vm, IReadOnlyDictionary<string, NsgInfo> nsgs, IReadOnlyList<AccessPeer> peers, IReadOnlyDictionary<string, string?>? nicNsgOverride = null) =>
        vm.Nics.Select(nic =>
        {
            var nicNsgId = nicNsgOverride is not null && nicNsgOverride.TryGetValue(nic.Id, out var o) ? o : nic.NsgId;
            var subnetNsg = nic.SubnetNsgIds.Select(id => nsgs.GetValueOrDefault(id)).FirstOrDefault(n => n is not null);
            var nicNsg = nicNsgId is null ? null : nsgs.GetValueOrDefault(nicNsgId);
            return NsgEvaluator.Evaluate(nic, subnetNsg, nicNsg, peers);
        }).ToList();

    /// <summary>The NSG the isolation plan creates, as it will look (for the preview and for verification).</summary>
    public static NsgInfo Planned(NicIsolationPlan plan, VmInfo vm) =>
        new(plan.NsgId, plan.NsgName, vm.SubscriptionId, vm.ResourceGroup, vm.Location, plan.Rules, [], [plan.NicId], [], plan.Create?.Tags ?? new Dictionary<string, string>());

    private static List<NsgRuleInfo> Replace(List<NsgRuleInfo> rules, NsgRuleInfo rule)
    {
        var list = rules.Where(r => !r.Name.Equals(rule.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        list.Add(rule);
        return list.OrderBy(r => r.Direction).ThenBy(r => r.Priority).ToList();
    }
}
