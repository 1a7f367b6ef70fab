using Portal.Cspm;
using Xunit;
using static Portal.Cspm.Tests.Arm;
using static Portal.Cspm.Tests.Examples;

namespace Portal.Cspm.Tests;

public class NsgRulesTests
{
    private static ICheck Rdp => CheckCatalog.Find("azure-nsg-rdp-internet")!;

    private static CheckStatus RdpStatus(params System.Text.Json.Nodes.JsonNode[] rules) =>
        Rdp.Evaluate(Set(NsgWith(rules))).Single().Status;

    [Theory]
    [InlineData("*")]
    [InlineData("0.0.0.0/0")]
    [InlineData("Internet")]
    [InlineData("Any")]
    [InlineData("::/0")]
    public void Every_spelling_of_the_Internet_counts(string source) =>
        Assert.Equal(CheckStatus.Failed, RdpStatus(Rule("r", "3389", source, "Tcp")));

    [Theory]
    [InlineData("3389", true)]
    [InlineData("3000-4000", true)]
    [InlineData("*", true)]
    [InlineData("3390-4000", false)]
    [InlineData("22", false)]
    public void Port_ranges_are_matched(string range, bool open) =>
        Assert.Equal(open ? CheckStatus.Failed : CheckStatus.Passed, RdpStatus(Rule("r", range, "*", "Tcp")));

    [Fact]
    public void Udp_only_rules_do_not_open_rdp_over_tcp() =>
        Assert.Equal(CheckStatus.Passed, RdpStatus(Rule("r", "3389", "*", "Udp")));

    [Fact]
    public void Deny_rules_and_outbound_rules_do_not_count()
    {
        Assert.Equal(CheckStatus.Passed, RdpStatus(Rule("r", "3389", "*", "Tcp", "Deny")));
        Assert.Equal(CheckStatus.Passed, RdpStatus(Rule("r", "3389", "*", "Tcp").With("properties.direction", "Outbound")));
    }

    [Fact]
    public void A_higher_priority_deny_all_shadows_a_later_allow() =>
        Assert.Equal(CheckStatus.Passed, RdpStatus(Rule("deny-all", "*", "*", "*", "Deny", 100), Rule("allow-rdp", "3389", "*", "Tcp", "Allow", 200)));

    [Fact]
    public void A_lower_priority_deny_does_not_shadow() =>
        Assert.Equal(CheckStatus.Failed, RdpStatus(Rule("deny-all", "*", "*", "*", "Deny", 300), Rule("allow-rdp", "3389", "*", "Tcp", "Allow", 200)));

    [Fact]
    public void Plural_prefix_and_port_lists_are_read()
    {
        var rule = Rule("r", "80", "10.0.0.0/8", "Tcp")
            .With("properties.destinationPortRange", null).With("properties.destinationPortRanges", Array("443", "3389"))
            .With("properties.sourceAddressPrefix", null).With("properties.sourceAddressPrefixes", Array("10.0.0.0/8", "0.0.0.0/0"));
        Assert.Equal(CheckStatus.Failed, RdpStatus(rule));
    }

    [Fact]
    public void Rules_stored_as_separate_child_resources_are_evaluated()
    {
        // NetworkSecurityGroupRuleGet.json: rule1 of testnsg, stored on its own (no "type" in the payload).
        var nsg = Nsg().With("id", "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/testnsg").With("name", "testnsg");
        var rule = Body("network/NetworkSecurityGroupRuleGet.json").With("properties.destinationPortRange", "3389");
        var results = Rdp.Evaluate(Set(nsg, rule)).ToList();
        Assert.Equal(CheckStatus.Failed, Assert.Single(results).Status);
        Assert.Contains("rule1", results[0].Evidence);
        Assert.Equal(CheckStatus.Passed, Rdp.Evaluate(Set(nsg, rule.Copy().With("properties.destinationPortRange", "80"))).Single().Status);
    }

    [Fact]
    public void Azure_default_rules_are_assumed_when_the_payload_has_none()
    {
        var nsg = Nsg().With("properties.defaultSecurityRules", null);
        var rules = NsgRules.Of(Res(nsg), Set(nsg));
        Assert.Contains(rules, r => r.Name == "DenyAllInBound" && !r.Allow && r.Priority == 65500);
    }

    [Theory]
    [InlineData("172.20.2.0/24", "172.20.2.4", true)]
    [InlineData("172.20.2.4", "172.20.2.4", true)]
    [InlineData("10.0.0.0/8", "172.20.2.4", false)]
    [InlineData("0.0.0.0/0", "172.20.2.4", true)]
    [InlineData("not-an-ip", "172.20.2.4", false)]
    public void Cidr_containment(string cidr, string ip, bool expected) => Assert.Equal(expected, NsgRules.CidrContains(cidr, ip));
}

public class EffectiveRulesTests
{
    private static ICheck Rdp => CheckCatalog.Find("azure-nic-effective-rdp-internet")!;
    private static CheckResult Eval(ResourceSet s) => Rdp.Evaluate(s).Single();

    [Fact]
    public void Both_nsgs_must_allow()
    {
        Assert.Equal(CheckStatus.Failed, Eval(NicScenario(Rule("a", "3389", "*", "Tcp"), Rule("b", "3389", "*", "Tcp"))).Status);
        Assert.Equal(CheckStatus.Passed, Eval(NicScenario(Rule("a", "3389", "*", "Tcp"), null)).Status); // NIC NSG: DenyAllInBound
        Assert.Equal(CheckStatus.Passed, Eval(NicScenario(null, Rule("b", "3389", "*", "Tcp"))).Status);   // subnet NSG: DenyAllInBound
    }

    [Fact]
    public void An_absent_nsg_allows()
    {
        var set = NicScenario(null, Rule("b", "3389", "*", "Tcp"));
        // Drop the subnet NSG reference from the virtual network: only the NIC NSG filters.
        var nodes = new[]
        {
            Body("network/NetworkInterfaceGet.json"),
            Nsg().With("id", NicNsgId).With("name", "nsg").With("properties.securityRules", Array(Rule("b", "3389", "*", "Tcp"))),
            Parse($$$"""{"id":"{{{VnetId}}}","name":"rg1-vnet","type":"Microsoft.Network/virtualNetworks","properties":{"subnets":[{"name":"default","id":"{{{VnetId}}}/subnets/default","properties":{}}]}}"""),
        };
        var r = Eval(Set(nodes));
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Contains("subnet NSG: none (allows)", r.Evidence);
        Assert.Equal(CheckStatus.Passed, Eval(set).Status);
    }

    [Fact]
    public void Rule_for_another_destination_does_not_apply()
    {
        var elsewhere = Rule("b", "3389", "*", "Tcp").With("properties.destinationAddressPrefix", "10.9.9.9");
        Assert.Equal(CheckStatus.Passed, Eval(NicScenario(Rule("a", "3389", "*", "Tcp"), elsewhere)).Status);
        var mine = Rule("b", "3389", "*", "Tcp").With("properties.destinationAddressPrefix", "172.20.2.0/24");
        Assert.Equal(CheckStatus.Failed, Eval(NicScenario(Rule("a", "3389", "*", "Tcp"), mine)).Status);
    }

    [Fact]
    public void Nic_without_public_ip_is_not_reachable_from_the_internet()
    {
        var nic = Body("network/NetworkInterfaceGet.json");
        nic["properties"]!["ipConfigurations"]![0]!["properties"]!.AsObject().Remove("publicIPAddress");
        var r = Eval(Set(nic));
        Assert.Equal(CheckStatus.Passed, r.Status);
        Assert.Contains("no IP configuration has a public IP", r.Evidence);
    }

    [Fact]
    public void Separately_stored_subnet_resource_is_used()
    {
        var subnet = Parse($$$"""{"id":"{{{VnetId}}}/subnets/default","name":"default","type":"Microsoft.Network/virtualNetworks/subnets","properties":{"networkSecurityGroup":{"id":"{{{NsgId}}}"} } }""");
        var nodes = new[]
        {
            Body("network/NetworkInterfaceGet.json"),
            Nsg().With("id", NicNsgId).With("name", "nsg").With("properties.securityRules", Array(Rule("b", "3389", "*", "Tcp"))),
            Nsg().With("properties.securityRules", Array(Rule("a", "3389", "*", "Tcp", "Deny", 100))),
            subnet,
        };
        var r = Eval(Set(nodes));
        Assert.Equal(CheckStatus.Passed, r.Status);
        Assert.Contains("subnet NSG 'nsg1'", r.Evidence);
    }
}
