using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace AzureSim.Tests;

/// <summary>
/// Property test: random security rules (valid and invalid priorities, port ranges, address prefixes) sent through the real
/// pipeline; the simulator's verdict must match an independent oracle of Azure's rules.
/// </summary>
public class RuleValidationProperties(SimFixture f) : IClassFixture<SimFixture>
{
    public sealed record Candidate(int Priority, (string Value, bool Ok) Port, (string Value, bool Ok) Prefix);

    private static readonly Gen<(string, bool)> Ports = Gen.OneOf(
        Gen.Constant(("*", true)),
        Gen.Choose(0, 65535).Select(p => (p.ToString(), true)),
        Gen.Choose(65536, 99999).Select(p => (p.ToString(), false)),
        Gen.Choose(0, 65535).SelectMany(a => Gen.Choose(0, 65535), (a, b) => ($"{a}-{b}", a <= b)),
        Gen.Elements(("", false), ("22,23", false), ("-1", false), ("ssh", false), ("1-2-3", false)));

    private static readonly Gen<(string, bool)> Prefixes = Gen.OneOf(
        Gen.Elements(("*", true), ("Internet", true), ("VirtualNetwork", true), ("AzureLoadBalancer", true), ("Storage.WestEurope", true),
            ("Internett", false), ("any", true), ("10.0.0.0/8", true), ("2001:db8::/48", true), ("10.0.0.0/33", false), ("300.1.1.1", false), ("10.0.0", false)),
        Gen.Choose(0, 255).SelectMany(a => Gen.Choose(0, 40), (a, len) => ($"{a}.{a}.0.0/{len}", len <= 32)));

    private static readonly Gen<Candidate> Candidates =
        Gen.Choose(50, 5000).SelectMany(p => Ports, (p, port) => (p, port)).SelectMany(x => Prefixes, (x, prefix) => new Candidate(x.p, x.port, prefix));

    [Fact]
    public void Simulator_agrees_with_the_oracle_on_random_rules()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var nsg = $"{f.RgId("rg-prod-sea")}/providers/Microsoft.Network/networkSecurityGroups/nsg-wms-sea";
        var taken = new HashSet<int> { 100, 150 }; // the seeded inbound rules
        var n = 0;
        var property = Prop.ForAll(Candidates.ToArbitrary(), c =>
        {
            var name = $"prop-{n++}";
            var prio = taken.Contains(c.Priority) ? c.Priority + 1 : c.Priority;
            var rule = new JsonObject
            {
                ["properties"] = new JsonObject
                {
                    ["protocol"] = "Tcp", ["sourcePortRange"] = "*", ["destinationPortRange"] = c.Port.Value,
                    ["sourceAddressPrefix"] = c.Prefix.Value, ["destinationAddressPrefix"] = "*",
                    ["access"] = "Deny", ["priority"] = prio, ["direction"] = "Inbound",
                },
            };
            var (status, body, _) = f.SendAsync(p, "PUT", $"{nsg}/securityRules/{name}?api-version=2024-07-01", rule.ToJsonString()).GetAwaiter().GetResult();
            var expected = prio is < 100 or > 4096 ? "SecurityRuleInvalidPriority"
                : !c.Port.Ok ? "SecurityRuleInvalidPortRange"
                : !c.Prefix.Ok ? "SecurityRuleInvalidAddressPrefix"
                : null;
            if (expected == null)
            {
                if (status != 201) return false;
                f.SendAsync(p, "DELETE", $"{nsg}/securityRules/{name}?api-version=2024-07-01").GetAwaiter().GetResult();
                return true;
            }
            return status == 400 && body?["error"]?["code"]?.GetValue<string>() == expected;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150).WithReplay(20261121UL, 1UL), property);
    }
}
