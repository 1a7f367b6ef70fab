using Portal.Cspm;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Playbooks;
using Portal.Domain.Response;

namespace Portal.Playbooks.Tests;

/// <summary>Which playbooks an alert or a failed check triggers, and what steps they plan. Pure: no store.</summary>
public sealed class MatchingTests
{
    private static Playbook Book(PlaybookConditions conditions, bool enabled = true, PlaybookTriggerKind kind = PlaybookTriggerKind.Alert) => new()
    {
        Name = "p", Enabled = enabled, TriggerKind = kind, Conditions = conditions,
        Actions = [new PlaybookAction { Kind = ContainmentKind.BlockIp }],
    };

    private static Alert AlertOf(Severity severity, string source = "Sentinel", string? ip = "203.0.113.7", string? vm = PlaybookWorldIds.Web1) => new()
    {
        Source = source, Severity = severity, AttackerIp = ip, VmResourceId = vm,
    };

    private static readonly Host WebVm = new() { ResourceId = PlaybookWorldIds.Web1, Name = "web-1", Tags = new() { ["Role"] = "web" } };

    [Theory]
    [InlineData(Severity.Low, false)]
    [InlineData(Severity.Medium, false)]
    [InlineData(Severity.High, true)]
    [InlineData(Severity.Critical, true)]
    public void Minimum_severity_is_inclusive(Severity severity, bool expected) =>
        Assert.Equal(expected, PlaybookMatcher.Matches(Book(new() { MinSeverity = Severity.High }), AlertOf(severity), WebVm));

    [Fact]
    public void Disabled_playbooks_and_risk_playbooks_never_react_to_alerts()
    {
        Assert.False(PlaybookMatcher.Matches(Book(new(), enabled: false), AlertOf(Severity.Critical), WebVm));
        Assert.False(PlaybookMatcher.Matches(Book(new(), kind: PlaybookTriggerKind.ConfigurationRisk), AlertOf(Severity.Critical), WebVm));
        Assert.True(PlaybookMatcher.Matches(Book(new()), AlertOf(Severity.Low), null));
    }

    [Fact]
    public void Source_ip_vm_and_tag_conditions_each_decide()
    {
        Assert.True(PlaybookMatcher.Matches(Book(new() { SourceEquals = "sentinel" }), AlertOf(Severity.Low, "Sentinel"), WebVm));
        Assert.False(PlaybookMatcher.Matches(Book(new() { SourceEquals = "defender" }), AlertOf(Severity.Low, "Sentinel"), WebVm));
        Assert.False(PlaybookMatcher.Matches(Book(new() { AttackerIpPresent = true }), AlertOf(Severity.High, ip: null), WebVm));
        Assert.False(PlaybookMatcher.Matches(Book(new() { VmPresent = true }), AlertOf(Severity.High, vm: null), null));
        Assert.True(PlaybookMatcher.Matches(Book(new() { VmTagEquals = "role=web" }), AlertOf(Severity.High), WebVm));
        Assert.False(PlaybookMatcher.Matches(Book(new() { VmTagEquals = "role=Web" }), AlertOf(Severity.High), WebVm)); // values are exact
        Assert.False(PlaybookMatcher.Matches(Book(new() { VmTagEquals = "role=web" }), AlertOf(Severity.High, vm: null), null));
    }

    [Fact]
    public void Risk_playbooks_match_their_check_at_or_above_their_severity()
    {
        var book = new Playbook
        {
            Name = "r", Enabled = true, TriggerKind = PlaybookTriggerKind.ConfigurationRisk, TriggerCheckId = "vm_public_ip", TriggerMinSeverity = Severity.Medium,
            Conditions = new() { VmPresent = true },
        };
        Assert.True(PlaybookMatcher.Matches(book, "VM_PUBLIC_IP", Severity.High, PlaybookWorldIds.Web1, null));
        Assert.False(PlaybookMatcher.Matches(book, "vm_public_ip", Severity.Low, PlaybookWorldIds.Web1, null));
        Assert.False(PlaybookMatcher.Matches(book, "storage_https_only", Severity.High, PlaybookWorldIds.Web1, null));
        Assert.False(PlaybookMatcher.Matches(book, "vm_public_ip", Severity.High, "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", null));
    }

    [Fact]
    public void Block_steps_go_to_the_vm_its_group_a_fixed_scope_or_every_response_subscription()
    {
        string[] subs = ["s1", "s2"];
        var vm = new PlaybookAction { Kind = ContainmentKind.BlockIp, Scope = BlockIpScope.AlertVm, BothDirections = true };
        var (steps, error) = PlaybookPlanner.Plan([vm], "203.0.113.7", PlaybookWorldIds.Web1, subs);
        Assert.Null(error);
        var step = Assert.Single(steps);
        Assert.Equal((ContainmentKind.BlockIp, "203.0.113.7", PlaybookWorldIds.Web1, true), (step.Kind, step.Target, step.Scope, step.BothDirections));

        var group = PlaybookPlanner.Plan([vm with { Scope = BlockIpScope.AlertResourceGroup }], "203.0.113.7", PlaybookWorldIds.Web1, subs).Steps;
        Assert.Equal($"/subscriptions/{PlaybookWorldIds.Sub1}/resourcegroups/rg-web", Assert.Single(group).Scope);

        var noVm = PlaybookPlanner.Plan([vm], "203.0.113.7", null, subs).Steps;
        Assert.Equal(["/subscriptions/s1", "/subscriptions/s2"], noVm.Select(s => s.Scope));
        Assert.Equal([0, 1], noVm.Select(s => s.Index));

        var fallback = PlaybookPlanner.Plan([vm with { ScopeId = "/subscriptions/s9" }], "203.0.113.7", null, subs).Steps;
        Assert.Equal("/subscriptions/s9", Assert.Single(fallback).Scope);

        var fixedScope = PlaybookPlanner.Plan([vm with { Scope = BlockIpScope.Fixed, ScopeId = "/subscriptions/s9/resourceGroups/edge" }], "203.0.113.7", PlaybookWorldIds.Web1, subs).Steps;
        Assert.Equal("/subscriptions/s9/resourceGroups/edge", Assert.Single(fixedScope).Scope);

        Assert.Contains("no account has the Response feature", PlaybookPlanner.Plan([vm], "203.0.113.7", null, []).Error);
        Assert.Contains("has none", PlaybookPlanner.Plan([vm], null, PlaybookWorldIds.Web1, subs).Error);
    }

    [Fact]
    public void Isolate_and_power_steps_need_the_alert_vm_and_keep_their_order()
    {
        PlaybookAction[] actions =
        [
            new() { Kind = ContainmentKind.Isolate, ManagementCidr = "10.9.0.0/24" },
            new() { Kind = ContainmentKind.Power, PowerAction = VmPowerAction.Deallocate },
        ];
        var (steps, error) = PlaybookPlanner.Plan(actions, null, PlaybookWorldIds.Web1, []);
        Assert.Null(error);
        Assert.Equal([ContainmentKind.Isolate, ContainmentKind.Power], steps.Select(s => s.Kind));
        Assert.Equal(("10.9.0.0/24", (VmPowerAction?)null), (steps[0].ManagementCidr, steps[0].PowerAction));
        Assert.Equal(((string?)null, (VmPowerAction?)VmPowerAction.Deallocate), (steps[1].ManagementCidr, steps[1].PowerAction));
        Assert.All(steps, s => Assert.Equal(PlaybookWorldIds.Web1, s.Target));
        Assert.Contains("Action 1 (Isolate)", PlaybookPlanner.Plan(actions, "203.0.113.7", null, ["s1"]).Error);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData(" 10.0.0.0/8 ", "10.0.0.0/8")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:DB8::1", "2001:db8::1")]
    [InlineData("10.0.0.1/8", null)]
    [InlineData("10.0.0.0/33", null)]
    [InlineData("300.1.1.1", null)]
    [InlineData("12345", null)]
    [InlineData("evil.example", null)]
    public void Addresses_and_cidrs_are_normalised_or_refused(string input, string? expected) =>
        Assert.Equal(expected, IpPrefix.Normalize(input));
}

/// <summary>Ids shared by the pure tests and the database world.</summary>
internal static class PlaybookWorldIds
{
    public const string Sub1 = PlaybookWorld.Sub1;
    public const string Web1 = "/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/rg-web/providers/microsoft.compute/virtualmachines/web-1";
}
