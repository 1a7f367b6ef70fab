using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Playbooks;
using Portal.Domain.Response;

namespace Portal.Playbooks.Tests;

/// <summary>Alert intake, dedup, run execution, step failure and approval, on the real stores with an in-test response service.</summary>
public sealed class EngineTests
{
    private static PlaybookDefinition BlockThenDeallocate(PlaybookApproval approval = PlaybookApproval.Automatic, string name = "Block and stop") =>
        new(name, null, true, new PlaybookTrigger(PlaybookTriggerKind.Alert),
            new PlaybookConditions { MinSeverity = Severity.High, AttackerIpPresent = true },
            [
                new PlaybookAction { Kind = ContainmentKind.BlockIp, Scope = BlockIpScope.AlertVm, BothDirections = true },
                new PlaybookAction { Kind = ContainmentKind.Power, PowerAction = VmPowerAction.Deallocate },
            ], approval);

    private static AlertRequest HighAlert(string? id = "A-1", string vm = "web-1") =>
        new("Sentinel", "high", "203.0.113.7", vm, "Brute force from 203.0.113.7", id);

    [Fact]
    public async Task An_alert_runs_the_matching_playbook_steps_in_order_with_the_playbook_as_actor()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        var playbook = await w.AddAsync(BlockThenDeallocate());
        await w.AddAsync(BlockThenDeallocate(name: "Disabled twin") with { Enabled = false });

        var outcome = await w.Alerts.ReceiveAsync(HighAlert(), "soar-token", "10.1.1.1");
        Assert.True(outcome.Ok, outcome.Problem?.Detail);
        var receipt = outcome.Value!;
        Assert.False(receipt.Duplicate);
        Assert.Equal(PlaybookWorld.Web1, receipt.Alert.VmResourceId); // the name resolved through the hosts inventory
        var run = Assert.Single(receipt.Runs);
        Assert.Equal((playbook.Id, PlaybookRunStatus.Running), (run.PlaybookId, run.Status));
        Assert.Empty(w.Containment.Calls); // executed in the background, not in the request

        await w.DrainAsync();
        var calls = w.Containment.Calls.ToList();
        Assert.Equal([ContainmentKind.BlockIp, ContainmentKind.Power], calls.Select(c => c.Request.Kind));
        Assert.All(calls, c => Assert.Equal(("playbook:Block and stop", $"alert:{receipt.Alert.Id}", run.Id), (c.Actor, c.Source, c.Request.PlaybookRunId)));
        Assert.Equal(("203.0.113.7", PlaybookWorld.Web1, true), (calls[0].Request.Target, calls[0].Request.Scope, calls[0].Request.BothDirections));
        Assert.Equal((PlaybookWorld.Web1, (VmPowerAction?)VmPowerAction.Deallocate), (calls[1].Request.Target, calls[1].Request.PowerAction));
        Assert.Equal(2, calls.Select(c => c.Request.IdempotencyKey).Distinct().Count());

        var done = (await w.Playbooks.GetRunAsync(run.Id))!;
        Assert.Equal(PlaybookRunStatus.Succeeded, done.Status);
        Assert.All(done.Steps, s => Assert.Equal(ContainmentStatus.Succeeded, s.Status));
        Assert.All(done.Steps, s => Assert.NotNull(s.ContainmentId));
        Assert.NotNull(done.FinishedAt);
        Assert.Single(await w.AuditAsync("playbook.run.finish"), e => e.Outcome == AuditOutcome.Succeeded && e.Target!.Contains(run.Id.ToString()));
        Assert.Equal(2, (await w.AuditAsync("playbook.run.step")).Count);
    }

    [Fact]
    public async Task The_same_alert_twice_is_stored_once_and_runs_once()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        await w.AddAsync(BlockThenDeallocate());
        var first = (await w.Alerts.ReceiveAsync(HighAlert(), "soar", null)).Value!;
        await w.DrainAsync();
        var second = (await w.Alerts.ReceiveAsync(HighAlert() with { Description = "re-sent with other text" }, "soar", null)).Value!;
        Assert.True(second.Duplicate);
        Assert.Equal(first.Alert.Id, second.Alert.Id);
        Assert.Equal(first.Runs.Select(r => r.Id), second.Runs.Select(r => r.Id)); // the first alert's runs, no new one
        await w.DrainAsync();
        Assert.Equal(2, w.Containment.Calls.Count);

        // Without a caller id, the content decides: same content → same alert; other content → a new alert.
        var noId = HighAlert(id: null);
        var a = (await w.Alerts.ReceiveAsync(noId, "soar", null)).Value!;
        var b = (await w.Alerts.ReceiveAsync(noId with { Source = " SENTINEL " }, "soar", null)).Value!;
        var c = (await w.Alerts.ReceiveAsync(noId with { AttackerIp = "198.51.100.9" }, "soar", null)).Value!;
        Assert.False(a.Duplicate);
        Assert.True(b.Duplicate);
        Assert.Equal(a.Alert.Id, b.Alert.Id);
        Assert.False(c.Duplicate);
        Assert.Equal(3, (await w.Alerts.ListAsync(new AlertQuery())).Total);
        Assert.Contains(await w.AuditAsync("alert.receive"), e => e.Detail!.StartsWith("Duplicate of the alert"));
    }

    [Theory]
    [InlineData(null, "high", "203.0.113.7", null, "'source' is required")]
    [InlineData("s", "severe", "203.0.113.7", null, "'severity' must be low, medium, high or critical (got 'severe')")]
    [InlineData("s", "3", "203.0.113.7", null, "'severity' must be low")]
    [InlineData("s", "high", "203.0.113.300", null, "'attackerIp' '203.0.113.300' is not an IPv4/IPv6 address or CIDR")]
    [InlineData("s", "high", "10.0.0.5/8", null, "is not an IPv4/IPv6 address or CIDR")]
    [InlineData("s", "high", null, "nope-1", "'vm' 'nope-1' is not a VM of the hosts inventory")]
    [InlineData("s", "high", null, "db-1", "'vm' 'db-1' names 2 VMs")]
    public async Task Invalid_alerts_are_refused_with_the_reason_and_nothing_is_stored(string? source, string severity, string? ip, string? vm, string expected)
    {
        await using var w = await PlaybookWorld.CreateAsync();
        var outcome = await w.Alerts.ReceiveAsync(new AlertRequest(source, severity, ip, vm, null), "soar", null);
        Assert.False(outcome.Ok);
        Assert.Equal(CloudErrorCodes.InvalidInput, outcome.Problem!.Code);
        Assert.Contains(expected, outcome.Problem.Detail);
        Assert.Equal(0, (await w.Alerts.ListAsync(new AlertQuery())).Total);
        Assert.Single(await w.AuditAsync("alert.receive"), e => e.Outcome == AuditOutcome.Failed);
    }

    [Fact]
    public async Task A_vm_named_by_resource_id_in_any_case_resolves()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        var r = await w.Alerts.ReceiveAsync(new AlertRequest("s", "Critical", null, PlaybookWorld.Db1Other.ToUpperInvariant(), null), "soar", null);
        Assert.Equal(PlaybookWorld.Db1Other, r.Value!.Alert.VmResourceId);
        Assert.Equal(Severity.Critical, r.Value.Alert.Severity);
    }

    [Fact]
    public async Task A_failing_step_stops_the_run_with_its_error()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        await w.AddAsync(BlockThenDeallocate());
        w.Containment.Finish = r => r.Kind == ContainmentKind.BlockIp
            ? (ContainmentStatus.Failed, "SecurityRuleConflict: no free priority precedes the allow rules")
            : (ContainmentStatus.Succeeded, null);
        var run = Assert.Single((await w.Alerts.ReceiveAsync(HighAlert(), "soar", null)).Value!.Runs);
        await w.DrainAsync();

        Assert.Single(w.Containment.Calls); // the power step was never asked for
        var failed = (await w.Playbooks.GetRunAsync(run.Id))!;
        Assert.Equal(PlaybookRunStatus.Failed, failed.Status);
        Assert.Contains("Step 1 (block_ip 203.0.113.7", failed.Error);
        Assert.Contains("no free priority precedes the allow rules", failed.Error);
        Assert.Equal((ContainmentStatus?)ContainmentStatus.Failed, failed.Steps[0].Status);
        Assert.Equal("SecurityRuleConflict: no free priority precedes the allow rules", failed.Steps[0].Error);
        Assert.Null(failed.Steps[1].Status);
        Assert.Single(await w.AuditAsync("playbook.run.finish"), e => e.Outcome == AuditOutcome.Failed && e.Detail!.Contains("SecurityRuleConflict"));
    }

    [Fact]
    public async Task A_refused_request_stops_the_run_with_the_problem()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        await w.AddAsync(BlockThenDeallocate());
        w.Containment.Refuse = r => r.Kind == ContainmentKind.Power ? new OnboardingProblem("ProtectedTarget", "Protected", "web-1 is a protected VM.") : null;
        var run = Assert.Single((await w.Alerts.ReceiveAsync(HighAlert(), "soar", null)).Value!.Runs);
        await w.DrainAsync();
        var failed = (await w.Playbooks.GetRunAsync(run.Id))!;
        Assert.Equal(PlaybookRunStatus.Failed, failed.Status);
        Assert.Equal((ContainmentStatus?)ContainmentStatus.Succeeded, failed.Steps[0].Status);
        Assert.Equal("ProtectedTarget: web-1 is a protected VM.", failed.Steps[1].Error);
        Assert.Null(failed.Steps[1].ContainmentId);
        Assert.Contains("Step 2 (power Deallocate", failed.Error);
    }

    [Fact]
    public async Task An_approval_run_waits_and_a_rejected_one_never_executes()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        await w.AddAsync(BlockThenDeallocate(PlaybookApproval.RequiresApproval));
        var run = Assert.Single((await w.Alerts.ReceiveAsync(HighAlert("A-1"), "soar", null)).Value!.Runs);
        Assert.Equal(PlaybookRunStatus.AwaitingApproval, run.Status);
        Assert.Equal(2, run.Steps.Count); // planned already: the approver sees what will happen
        await w.DrainAsync();
        Assert.Empty(w.Containment.Calls);
        Assert.Equal([run.Id], (await w.Playbooks.ListAwaitingApprovalAsync()).Items.Select(r => r.Id));

        var noReason = await w.Playbooks.RejectAsync(run.Id, " ", "analyst@test", null);
        Assert.Contains("'reason' is required", noReason.Problem!.Detail);
        var rejected = await w.Playbooks.RejectAsync(run.Id, "False positive: pen test", "analyst@test", null);
        Assert.Equal((PlaybookRunStatus.Rejected, "analyst@test"), (rejected.Value!.Status, rejected.Value.DecidedBy));
        var late = await w.Playbooks.ApproveAsync(run.Id, "go", "other@test", null);
        Assert.Equal(PlaybookService.ConflictCode, late.Problem!.Code);
        Assert.Contains("is Rejected (decided by analyst@test)", late.Problem.Detail);
        await w.DrainAsync();
        Assert.Empty(w.Containment.Calls);
        Assert.Empty((await w.Playbooks.ListAwaitingApprovalAsync()).Items);
    }

    [Fact]
    public async Task An_approved_run_executes_once_even_when_two_analysts_approve_at_once()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        await w.AddAsync(BlockThenDeallocate(PlaybookApproval.RequiresApproval));
        var run = Assert.Single((await w.Alerts.ReceiveAsync(HighAlert("A-2"), "soar", null)).Value!.Runs);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => w.Playbooks.ApproveAsync(run.Id, "Confirmed compromise", $"analyst{i}@test", null)));
        Assert.Single(decisions, d => d.Ok);
        Assert.All(decisions.Where(d => !d.Ok), d => Assert.Equal(PlaybookService.ConflictCode, d.Problem!.Code));
        await w.DrainAsync();

        Assert.Equal(2, w.Containment.Calls.Count);
        Assert.All(w.Containment.Calls, c => Assert.Contains("approved by analyst", c.Request.Reason));
        var done = (await w.Playbooks.GetRunAsync(run.Id))!;
        Assert.Equal(PlaybookRunStatus.Succeeded, done.Status);
        Assert.Equal("Confirmed compromise", done.DecisionReason);
        Assert.Single(await w.AuditAsync("playbook.run.approve"), e => e.Outcome == AuditOutcome.Succeeded);
    }

    [Fact]
    public async Task A_playbook_that_cannot_act_on_the_alert_records_a_failed_run()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        await w.AddAsync(new PlaybookDefinition("Isolate anything", null, true, new PlaybookTrigger(PlaybookTriggerKind.Alert), new PlaybookConditions(),
            [new PlaybookAction { Kind = ContainmentKind.Isolate }], PlaybookApproval.Automatic));
        var run = Assert.Single((await w.Alerts.ReceiveAsync(new AlertRequest("s", "low", "203.0.113.7", null, null), "soar", null)).Value!.Runs);
        Assert.Equal(PlaybookRunStatus.Failed, run.Status);
        Assert.Contains("acts on the alert's VM, but the trigger names none", run.Error);
        await w.DrainAsync();
        Assert.Empty(w.Containment.Calls);
    }

    [Fact]
    public async Task Examples_are_seeded_once_and_disabled()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        await w.Playbooks.EnsureExamplesAsync();
        await w.Playbooks.EnsureExamplesAsync();
        var all = await w.Playbooks.ListAsync();
        Assert.Equal([ExamplePlaybooks.BlockAttackerName, ExamplePlaybooks.IsolateCriticalName], all.Select(p => p.Name));
        Assert.All(all, p => Assert.False(p.Enabled));
        // Disabled: a matching alert starts nothing.
        Assert.Empty((await w.Alerts.ReceiveAsync(HighAlert(), "soar", null)).Value!.Runs);

        var block = all.Single(p => p.Name == ExamplePlaybooks.BlockAttackerName);
        Assert.True((await w.Playbooks.SetEnabledAsync(block.Id, true, "admin@test", null)).Value!.Enabled);
        Assert.Single(await w.AuditAsync("playbook.enable"));
        var runs = (await w.Alerts.ReceiveAsync(HighAlert("A-9"), "soar", null)).Value!.Runs;
        Assert.Equal(PlaybookWorld.Web1, Assert.Single(Assert.Single(runs).Steps).Scope);
        // Critical alert without a VM: the isolate example does not match even when enabled; block goes to both subscriptions.
        var isolate = all.Single(p => p.Name == ExamplePlaybooks.IsolateCriticalName);
        await w.Playbooks.SetEnabledAsync(isolate.Id, true, "admin@test", null);
        var noVm = (await w.Alerts.ReceiveAsync(new AlertRequest("s", "critical", "198.51.100.1", null, null), "soar", null)).Value!.Runs;
        var only = Assert.Single(noVm);
        Assert.Equal(ExamplePlaybooks.BlockAttackerName, only.PlaybookName);
        Assert.Equal([$"/subscriptions/{PlaybookWorld.Sub1}", $"/subscriptions/{PlaybookWorld.Sub2}"], only.Steps.Select(s => s.Scope));
    }

    [Fact]
    public async Task Playbook_names_are_unique_and_updates_are_validated_and_audited()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        var p = await w.AddAsync(BlockThenDeallocate());
        var other = await w.AddAsync(BlockThenDeallocate(name: "Other"));
        var taken = await w.Playbooks.CreateAsync(BlockThenDeallocate(), "admin@test", null);
        Assert.Equal(PlaybookService.ConflictCode, taken.Problem!.Code);
        var rename = await w.Playbooks.UpdateAsync(other.Id, BlockThenDeallocate(name: "Block and stop"), "admin@test", null);
        Assert.Equal(PlaybookService.ConflictCode, rename.Problem!.Code);
        var bad = await w.Playbooks.UpdateAsync(p.Id, BlockThenDeallocate() with { Actions = [] }, "admin@test", null);
        Assert.Equal(CloudErrorCodes.InvalidInput, bad.Problem!.Code);
        var ok = await w.Playbooks.UpdateAsync(p.Id, BlockThenDeallocate(PlaybookApproval.RequiresApproval), "admin@test", null);
        Assert.Equal(PlaybookApproval.RequiresApproval, ok.Value!.Approval);
        Assert.Equal(PlaybookApproval.RequiresApproval, (await w.Playbooks.GetAsync(p.Id))!.Approval);
        Assert.Contains("Was: Enabled", Assert.Single(await w.AuditAsync("playbook.update"), e => e.Outcome == AuditOutcome.Succeeded).Detail);
        Assert.Equal("NotFound", (await w.Playbooks.SetEnabledAsync(Guid.NewGuid(), true, "admin@test", null)).Problem!.Code);
    }

    [Fact]
    public async Task Failed_checks_run_a_risk_playbook_once_per_resource()
    {
        await using var w = await PlaybookWorld.CreateAsync();
        var check = CheckCatalog.All[0].Metadata;
        await w.AddAsync(new PlaybookDefinition("Stop risky VMs", null, true, new PlaybookTrigger(PlaybookTriggerKind.ConfigurationRisk, check.Id, Severity.Low),
            new PlaybookConditions { VmPresent = true }, [new PlaybookAction { Kind = ContainmentKind.Power, PowerAction = VmPowerAction.PowerOff }], PlaybookApproval.Automatic));
        FailedCheck[] scan = [new(check.Id, check.Severity, PlaybookWorld.Web1, null), new(check.Id, check.Severity, PlaybookWorld.Db1, null),
            new(check.Id, check.Severity, "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", null)];
        var first = await w.Engine.OnFailedChecksAsync(scan);
        Assert.Equal([PlaybookWorld.Db1, PlaybookWorld.Web1], first.Select(r => r.Steps.Single().Target).Order());
        Assert.Empty(await w.Engine.OnFailedChecksAsync(scan)); // the next scan finds the same failures: no second run
        await w.DrainAsync();
        Assert.Equal(2, w.Containment.Calls.Count);
        Assert.All(w.Containment.Calls, c => Assert.StartsWith($"risk:{check.Id}:", c.Source));
    }
}
