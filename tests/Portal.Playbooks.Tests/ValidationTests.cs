using Portal.Cspm;
using Portal.Domain.Cloud;
using Portal.Domain.Playbooks;
using Portal.Domain.Response;

namespace Portal.Playbooks.Tests;

public sealed class ValidationTests
{
    private static PlaybookDefinition Valid => new("Block", null, true, new PlaybookTrigger(PlaybookTriggerKind.Alert),
        new PlaybookConditions { MinSeverity = Severity.High }, [new PlaybookAction { Kind = ContainmentKind.BlockIp }], PlaybookApproval.Automatic);

    [Fact]
    public void The_examples_are_valid_and_disabled()
    {
        Assert.Equal(2, ExamplePlaybooks.All.Count);
        Assert.All(ExamplePlaybooks.All, d => Assert.Null(PlaybookValidation.Validate(d)));
        Assert.All(ExamplePlaybooks.All, d => Assert.False(d.Enabled));
        Assert.Null(PlaybookValidation.Validate(Valid));
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "name", "'name' is required" },
        { "no-actions", "'actions' must list 1 to 10" },
        { "fixed-without-scope", "'actions[0]': 'scopeId' is required with a fixed scope" },
        { "bad-scope", "is not a VM, resource group or subscription resource id" },
        { "bad-cidr", "'managementCidr' '10.0.0.1/33' is not an IP address or CIDR" },
        { "power-without-action", "'powerAction' must be start, powerOff, deallocate or restart" },
        { "risk-without-check", "'trigger.checkId' is required" },
        { "risk-unknown-check", "'no_such_check' is not a check of the catalog" },
        { "risk-block", "cannot block an IP" },
        { "bad-tag", "'conditions.vmTagEquals'" },
        { "bad-kind", "'kind' must be blockIp, isolate or power" },
    };

    [Theory, MemberData(nameof(Broken))]
    public void Broken_definitions_are_refused_naming_the_field(string which, string expected)
    {
        var d = which switch
        {
            "name" => Valid with { Name = "  " },
            "no-actions" => Valid with { Actions = [] },
            "fixed-without-scope" => Valid with { Actions = [new PlaybookAction { Kind = ContainmentKind.BlockIp, Scope = BlockIpScope.Fixed }] },
            "bad-scope" => Valid with { Actions = [new PlaybookAction { Kind = ContainmentKind.BlockIp, Scope = BlockIpScope.Fixed, ScopeId = "prod" }] },
            "bad-cidr" => Valid with { Actions = [new PlaybookAction { Kind = ContainmentKind.Isolate, ManagementCidr = "10.0.0.1/33" }] },
            "power-without-action" => Valid with { Actions = [new PlaybookAction { Kind = ContainmentKind.Power }] },
            "risk-without-check" => Valid with { Trigger = new(PlaybookTriggerKind.ConfigurationRisk), Conditions = new() },
            "risk-unknown-check" => Valid with { Trigger = new(PlaybookTriggerKind.ConfigurationRisk, "no_such_check"), Conditions = new() },
            "risk-block" => Valid with { Trigger = new(PlaybookTriggerKind.ConfigurationRisk, CheckCatalog.All[0].Metadata.Id), Conditions = new() },
            "bad-tag" => Valid with { Conditions = new() { VmTagEquals = "no-equals-sign" } },
            "bad-kind" => Valid with { Actions = [new PlaybookAction { Kind = (ContainmentKind)42 }] },
            _ => throw new ArgumentException(which),
        };
        var problem = PlaybookValidation.Validate(d);
        Assert.NotNull(problem);
        Assert.Equal(CloudErrorCodes.InvalidInput, problem.Code);
        Assert.Contains(expected, problem.Detail);
    }
}
