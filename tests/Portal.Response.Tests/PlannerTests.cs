using Portal.Domain.Cloud;
using Portal.Domain.Response;

namespace Portal.Response.Tests;

public sealed class PlannerTests
{
    private const string Sub = "4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b";

    internal static NsgRuleInfo Rule(string name, int priority, string access, string direction = "Inbound", string source = "*", string dest = "*", string ports = "*", string protocol = "*") =>
        new(name, priority, direction, access, protocol, [source], ["*"], [dest], [ports], false);

    internal static NsgInfo Nsg(string name, params NsgRuleInfo[] rules) =>
        new($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/{name}", name, Sub, "rg", "eastus", rules, [], [], [], new Dictionary<string, string>());

    private static AddressPrefix P(string s) => AddressPrefix.TryParse(s)!;

    [Fact]
    public void Block_rule_takes_the_lowest_free_priority_before_the_first_allow_and_skips_taken_numbers()
    {
        var nsg = Nsg("n", Rule("a", 100, "Deny"), Rule("b", 101, "Deny"), Rule("web", 103, "Allow"), Rule("out", 100, "Allow", "Outbound"));
        var plan = ContainmentPlanner.PlanBlock(nsg, [P("203.0.113.7")], bothDirections: false);
        Assert.Null(plan.Problem);
        var change = Assert.Single(plan.Changes);
        Assert.Equal(RuleChangeKind.Create, change.Kind);
        Assert.Equal(102, change.After!.Priority);
        Assert.Equal(PortalRules.BlockInbound, change.After.Name);
        Assert.Equal("Deny", change.After.Access);
        Assert.Equal(["203.0.113.7"], change.After.SourceAddressPrefixes);
        Assert.StartsWith(PortalRules.Marker, change.After.Description);
    }

    [Fact]
    public void Crowded_nsg_without_a_free_priority_before_the_allow_rules_is_reported()
    {
        var rules = Enumerable.Range(100, 20).Select(p => Rule($"r{p}", p, "Deny")).Append(Rule("allow", 120, "Allow")).ToArray();
        var plan = ContainmentPlanner.PlanBlock(Nsg("crowded", rules), [P("203.0.113.7")], false);
        Assert.Contains("no free inbound priority", plan.Problem);
        Assert.Contains("120", plan.Problem);
    }

    [Fact]
    public void Prefix_list_grows_keeps_priority_and_shrinks_to_deletion()
    {
        var nsg = Nsg("n", Rule("web", 300, "Allow"));
        var first = ContainmentPlanner.PlanBlock(nsg, [P("203.0.113.7")], true);
        Assert.Equal(2, first.Changes.Count);
        nsg = first.Changes.Aggregate(nsg, (n, c) => ContainmentPlanner.WithRule(n, c.RuleName, c.After));
        var second = ContainmentPlanner.PlanBlock(nsg, [P("198.51.100.0/24")], true);
        var inbound = second.Changes.Single(c => c.RuleName == PortalRules.BlockInbound);
        Assert.Equal(RuleChangeKind.Update, inbound.Kind);
        Assert.Equal(100, inbound.After!.Priority);
        Assert.Equal(["203.0.113.7", "198.51.100.0/24"], inbound.After.SourceAddressPrefixes);
        Assert.Equal(["203.0.113.7", "198.51.100.0/24"], second.Changes.Single(c => c.RuleName == PortalRules.BlockOutbound).After!.DestinationAddressPrefixes);
        nsg = second.Changes.Aggregate(nsg, (n, c) => ContainmentPlanner.WithRule(n, c.RuleName, c.After));

        Assert.Equal(RuleChangeKind.Unchanged, ContainmentPlanner.PlanBlock(nsg, [P("203.0.113.7")], false).Changes.Single().Kind);
        var shrink = ContainmentPlanner.PlanUnblock(nsg, PortalRules.BlockInbound, ["203.0.113.7"]);
        Assert.Equal(RuleChangeKind.Update, shrink.Kind);
        Assert.Equal(["198.51.100.0/24"], shrink.After!.SourceAddressPrefixes);
        nsg = ContainmentPlanner.WithRule(nsg, shrink.RuleName, shrink.After);
        Assert.Equal(RuleChangeKind.Delete, ContainmentPlanner.PlanUnblock(nsg, PortalRules.BlockInbound, ["198.51.100.0/24"]).Kind);
    }

    [Fact]
    public void Portal_rule_that_no_longer_precedes_an_allow_rule_moves_to_a_free_priority()
    {
        var existing = PortalRules.Rule(PortalRules.BlockInbound, 200, TrafficDirection.Inbound, false, ["203.0.113.7"], ["*"], "x");
        var nsg = Nsg("n", existing, Rule("new-allow", 150, "Allow"), Rule("taken", 100, "Deny"));
        var change = ContainmentPlanner.PlanBlock(nsg, [P("2001:db8::/48")], false).Changes.Single();
        Assert.Equal(101, change.After!.Priority);
        Assert.Equal(["203.0.113.7", "2001:db8::/48"], change.After.SourceAddressPrefixes);
    }

    [Fact]
    public void Limits_of_rules_and_prefixes_per_nsg_are_respected()
    {
        var full = Nsg("full", Enumerable.Range(0, 1000).Select(i => Rule($"r{i}", 1000 + i, "Deny", source: "10.0.0.1")).ToArray());
        Assert.Contains("1000", ContainmentPlanner.PlanBlock(full, [P("203.0.113.7")], false).Problem);
        var many = PortalRules.Rule(PortalRules.BlockInbound, 100, TrafficDirection.Inbound, false, Enumerable.Range(0, 3999).Select(i => $"10.{i / 256}.{i % 256}.1").ToList(), ["*"], "x");
        Assert.Contains("4000", ContainmentPlanner.PlanBlock(Nsg("n", many), [P("203.0.113.7")], false).Problem);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData(" 198.51.100.77/24 ", "198.51.100.0/24")]
    [InlineData("2001:DB8::1", "2001:db8::1")]
    [InlineData("2001:db8:aa::/48", "2001:db8:aa::/48")]
    public void Valid_targets_are_normalised(string input, string expected) => Assert.Equal(expected, ContainmentValidation.ParseBlockTarget(input).Prefix!.ToString());

    [Theory]
    [InlineData("*")] [InlineData("0.0.0.0/0")] [InlineData("::/0")] [InlineData("Internet")] [InlineData("10.0.0")] [InlineData("1.2.3.4/33")]
    [InlineData("300.1.1.1")] [InlineData("1.2.3.4/")] [InlineData("10.0.0.0/7")] [InlineData("fe80::1%3")] [InlineData("")]
    public void Malformed_or_too_broad_targets_are_refused(string input) => Assert.NotNull(ContainmentValidation.ParseBlockTarget(input).Error);

    [Fact]
    public void Protected_cidrs_vms_and_tags_are_recognised()
    {
        var set = new ProtectedTargetSet([
            new ProtectedTarget { Kind = ProtectedTargetKind.Cidr, Value = "10.10.4.0/24" },
            new ProtectedTarget { Kind = ProtectedTargetKind.Tag, Value = "role=domain-controller" },
            new ProtectedTarget { Kind = ProtectedTargetKind.Vm, Value = "/subscriptions/x/resourcegroups/rg/providers/microsoft.compute/virtualmachines/jump" },
        ]);
        Assert.NotNull(set.ProtectingAddress(P("10.10.4.5")));
        Assert.NotNull(set.ProtectingAddress(P("10.0.0.0/8")));
        Assert.Null(set.ProtectingAddress(P("10.10.5.5")));
        Assert.NotNull(set.ProtectingVm("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/other", new Dictionary<string, string> { ["Role"] = "Domain-Controller" }));
        Assert.NotNull(set.ProtectingVm("/subscriptions/x/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/jump", null));
        Assert.Null(set.ProtectingVm("/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web", new Dictionary<string, string> { ["role"] = "web" }));
        Assert.Contains(new ContainmentOptions().BuiltIn(), t => t.Value == "127.0.0.0/8");
    }

    private static VmInfo Vm(string name, params VmNicInfo[] nics) =>
        new($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/{name}", name, Sub, "rg", "eastus", null, "Linux", "running",
            nics.SelectMany(n => n.PrivateIps).ToList(), [], nics.Select(n => n.Id).ToList(), [], new Dictionary<string, string>()) { Nics = nics };

    private static VmNicInfo Nic(string name, string ip, string? nsgId, string? subnetNsgId) =>
        new($"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/{name}", true, [ip], [], [], nsgId, ["subnet"], subnetNsgId is null ? [] : [subnetNsgId]);

    [Fact]
    public void Isolation_puts_deny_all_before_the_allow_rules_of_the_nic_nsg_with_a_management_exception()
    {
        var nicNsg = Nsg("nic-nsg", Rule("ssh", 110, "Allow", source: "Internet", ports: "22"), Rule("x", 100, "Deny", source: "10.9.9.9")) with { NicIds = ["n1"] };
        var vm = Vm("vm1", Nic("n1", "10.0.1.4", nicNsg.Id, null));
        var plan = Assert.Single(ContainmentPlanner.PlanIsolate(vm, new Dictionary<string, NsgInfo> { [nicNsg.Id] = nicNsg }, P("192.0.2.0/24"), false));
        Assert.Equal(IsolationMode.RulesInNicNsg, plan.Mode);
        Assert.Null(plan.Conflict);
        var inbound = plan.Rules.Where(r => r.Direction == "Inbound").ToList();
        Assert.Equal([101, 102], inbound.Select(r => r.Priority));
        Assert.Equal(["Allow", "Deny"], inbound.Select(r => r.Access));
        Assert.All(plan.Rules, r => Assert.True(r.Name.Length <= 80));
    }

    [Fact]
    public void No_free_priority_offers_the_quarantine_nsg_and_remembers_the_previous_one()
    {
        var nicNsg = Nsg("legacy", Rule("ftp", 100, "Allow", source: "*", ports: "21"));
        var vm = Vm("ftp1", Nic("n1", "10.0.1.4", nicNsg.Id, null));
        var nsgs = new Dictionary<string, NsgInfo> { [nicNsg.Id] = nicNsg };
        var refused = Assert.Single(ContainmentPlanner.PlanIsolate(vm, nsgs, null, false));
        Assert.Contains("quarantine", refused.Conflict);
        var quarantine = Assert.Single(ContainmentPlanner.PlanIsolate(vm, nsgs, null, true));
        Assert.Null(quarantine.Conflict);
        Assert.Equal(IsolationMode.QuarantineNsg, quarantine.Mode);
        Assert.Equal(nicNsg.Id, quarantine.PreviousNsgId);
        Assert.Equal("ftp1-portal-quarantine-nsg", quarantine.NsgName);
    }

    [Fact]
    public void A_nic_without_nsg_gets_a_new_portal_nsg()
    {
        var vm = Vm("web1", Nic("n1", "10.0.1.4", null, null));
        var plan = Assert.Single(ContainmentPlanner.PlanIsolate(vm, new Dictionary<string, NsgInfo>(), null, false));
        Assert.Equal(IsolationMode.NewNicNsg, plan.Mode);
        Assert.Equal("web1-portal-isolation-nsg", plan.NsgName);
        Assert.Null(plan.PreviousNsgId);
        Assert.Equal(2, plan.Rules.Count);
    }

    [Fact]
    public void Effective_access_combines_subnet_then_nic_nsg_inbound_and_nic_then_subnet_outbound()
    {
        var subnet = Nsg("subnet", Rule("https", 100, "Allow", source: "Internet", ports: "443", protocol: "Tcp"), Rule("ssh", 110, "Allow", source: "Internet", ports: "22", protocol: "Tcp"));
        var nicNsg = Nsg("nic", Rule("no-ssh", 100, "Deny", ports: "22"), Rule("all-in", 200, "Allow", source: "Internet"), Rule("no-out", 100, "Deny", "Outbound", dest: "Internet"));
        var nic = Nic("n1", "10.0.1.4", nicNsg.Id, subnet.Id);
        var access = NsgEvaluator.Evaluate(nic, subnet, nicNsg, NsgEvaluator.StandardPeers([new AccessPeer("attacker", "203.0.113.7")]));

        var internetIn = access.Find(TrafficDirection.Inbound, "Internet")!;
        Assert.Equal(AccessLevel.Partial, internetIn.Access);
        Assert.Equal("Tcp 443", internetIn.Detail); // subnet allows 443 and 22, the NIC NSG denies 22
        Assert.Equal(AccessLevel.Partial, access.Find(TrafficDirection.Inbound, "203.0.113.7")!.Access);
        Assert.Equal(AccessLevel.Partial, access.Find(TrafficDirection.Inbound, "VirtualNetwork")!.Access); // the NIC NSG denies port 22 from everywhere
        Assert.Equal(AccessLevel.Denied, access.Find(TrafficDirection.Outbound, "Internet")!.Access);
        Assert.Equal(AccessLevel.Allowed, access.Find(TrafficDirection.Outbound, "VirtualNetwork")!.Access);

        var blocked = ContainmentPlanner.PlanBlock(nicNsg, [P("203.0.113.7")], false).Changes.Single();
        var nicAfter = ContainmentPlanner.WithRule(nicNsg, blocked.RuleName, blocked.After);
        var after = NsgEvaluator.Evaluate(nic, subnet, nicAfter, NsgEvaluator.StandardPeers([new AccessPeer("attacker", "203.0.113.7")]));
        Assert.Equal(AccessLevel.Denied, after.Find(TrafficDirection.Inbound, "203.0.113.7")!.Access);
        Assert.Equal("Tcp 443", after.Find(TrafficDirection.Inbound, "Internet")!.Detail);
    }

    [Fact]
    public void Isolation_plan_leaves_only_the_management_range_in_the_effective_access()
    {
        var subnet = Nsg("subnet", Rule("all", 100, "Allow", source: "*"));
        var vm = Vm("vm1", Nic("n1", "10.0.1.4", null, subnet.Id));
        var nsgs = new Dictionary<string, NsgInfo> { [subnet.Id] = subnet };
        var plans = ContainmentPlanner.PlanIsolate(vm, nsgs, P("192.0.2.0/24"), false);
        var (after, overrides) = ContainmentReader.ApplyIsolation(vm, nsgs, plans);
        var peers = NsgEvaluator.StandardPeers([new AccessPeer("mgmt", "192.0.2.0/24")]);
        var before = ContainmentPlanner.Access(vm, nsgs, peers).Single();
        var isolated = ContainmentPlanner.Access(vm, after, peers, overrides).Single();
        Assert.Equal(AccessLevel.Allowed, before.Find(TrafficDirection.Inbound, "Internet")!.Access);
        foreach (var d in new[] { TrafficDirection.Inbound, TrafficDirection.Outbound })
        {
            Assert.Equal(AccessLevel.Denied, isolated.Find(d, "Internet")!.Access);
            Assert.Equal(AccessLevel.Denied, isolated.Find(d, "VirtualNetwork")!.Access);
        }
        Assert.Equal(AccessLevel.Allowed, isolated.Find(TrafficDirection.Inbound, "192.0.2.0/24")!.Access);
    }
}
