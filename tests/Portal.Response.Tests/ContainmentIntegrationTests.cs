using Portal.Domain.Cloud;
using Portal.Domain.Response;

namespace Portal.Response.Tests;

/// <summary>The response service end to end: real connector, AzureSim's demo tenant, SQLite, the worker claiming work from the database.</summary>
public sealed class ContainmentIntegrationTests(ResponseFixture f) : IClassFixture<ResponseFixture>
{
    private const string Responder = "fabrikam-portal-responder";

    private static ContainmentRequest Block(string ip, string scope) => new(ContainmentKind.BlockIp, ip, scope, null, "brute force from this address");

    private async Task<NsgInfo> Nsg(string id) => (await f.Connector.GetNetworkSecurityGroupAsync(f.Credential(Responder), id)).Value;

    [Fact]
    public async Task Block_ip_on_a_vm_scope_twice_concurrently_and_undo_leaves_exactly_the_original_rules()
    {
        await f.AccountAsync(Responder);
        // jump-eus-01: its subnet NSG allows at priority 100 (nothing can precede it), its NIC NSG takes the rule.
        var vm = await f.VmAsync("jump-eus-01");
        var subnetNsgId = vm.Nics[0].NsgId!;
        var before = await Nsg(subnetNsgId);

        var a = await f.Service.SubmitAsync(Block("203.0.113.50", vm.Id), "analyst", null);
        var again = await f.Service.SubmitAsync(Block("203.0.113.50", vm.Id), "analyst", null);
        var b = await f.Service.SubmitAsync(Block("198.51.100.0/24", vm.Id), "analyst", null);
        Assert.True(a.Ok && again.Ok && b.Ok, a.Problem?.Detail ?? b.Problem?.Detail);
        Assert.Equal(a.Value!.Id, again.Value!.Id);
        // Both claimed in one round and run at the same time against the same NSG.
        await Task.WhenAll(await f.Worker.ClaimAndStartAsync(CancellationToken.None));
        var doneA = await f.RunAsync(a.Value.Id);
        var doneB = await f.RunAsync(b.Value!.Id);
        Assert.Equal(ContainmentStatus.Succeeded, doneA.Status);
        Assert.Equal(ContainmentStatus.Succeeded, doneB.Status);
        Assert.True(doneA.Verification!.Verified, string.Join(" ", doneA.Verification.Differences));

        var after = await Nsg(subnetNsgId);
        var rule = Assert.Single(after.Rules, r => r.Name == PortalRules.BlockInbound);
        Assert.Equal(["203.0.113.50", "198.51.100.0/24"], rule.SourceAddressPrefixes.Order().Reverse());
        Assert.Equal("Deny", rule.Access);
        Assert.True(rule.Priority < after.Rules.Where(r => r.Access == "Allow" && r.Direction == "Inbound").Min(r => r.Priority));
        Assert.DoesNotContain(before.Rules, r => r.Priority == rule.Priority && r.Direction == "Inbound");

        var undo = await f.Service.UndoAsync(doneA.Id, "analyst", null, "false positive");
        var undoTwice = await f.Service.UndoAsync(doneA.Id, "analyst", null, "false positive");
        Assert.True(undo.Ok && undoTwice.Ok);
        Assert.Equal(ContainmentStatus.Undone, (await f.RunAsync(doneA.Id)).Status);
        Assert.Equal(["198.51.100.0/24"], (await Nsg(subnetNsgId)).Rules.Single(r => r.Name == PortalRules.BlockInbound).SourceAddressPrefixes);
        await f.Service.UndoAsync(doneB.Id, "analyst", null, "done");
        Assert.Equal(ContainmentStatus.Undone, (await f.RunAsync(doneB.Id)).Status);
        var restored = await Nsg(subnetNsgId);
        Assert.Equal(before.Rules.Select(r => (r.Name, r.Priority)).Order(), restored.Rules.Select(r => (r.Name, r.Priority)).Order());
    }

    [Fact]
    public async Task Isolate_a_vm_whose_nic_has_no_nsg_creates_and_attaches_one_and_undo_removes_it()
    {
        await f.AccountAsync(Responder);
        var vm = await f.VmAsync("app-weu-01");
        Assert.Null(vm.Nics[0].NsgId);
        var preview = await f.Service.PreviewAsync(new ContainmentRequest(ContainmentKind.Isolate, vm.Id, null, null, "ransomware"));
        Assert.True(preview.Ok, preview.Problem?.Detail);
        Assert.Equal(IsolationMode.NewNicNsg, preview.Value!.Plan.Nics.Single().Mode);
        Assert.Equal(AccessLevel.Denied, preview.Value.Plan.AccessAfter.Single().Find(TrafficDirection.Inbound, "Internet")!.Access);

        var req = await f.Service.SubmitAsync(new ContainmentRequest(ContainmentKind.Isolate, vm.Id, null, null, "ransomware"), "analyst", null);
        Assert.True(req.Ok, req.Problem?.Detail);
        var done = await f.RunAsync(req.Value!.Id);
        Assert.Equal(ContainmentStatus.Succeeded, done.Status);
        Assert.True(done.Verification!.Verified, string.Join(" ", done.Verification.Differences));
        var isolated = await f.VmAsync("app-weu-01");
        Assert.EndsWith("app-weu-01-portal-isolation-nsg", isolated.Nics[0].NsgId);

        await f.Service.UndoAsync(done.Id, "analyst", null, "clean");
        var undone = await f.RunAsync(done.Id);
        Assert.Equal(ContainmentStatus.Undone, undone.Status);
        Assert.Null((await f.VmAsync("app-weu-01")).Nics[0].NsgId);
        var gone = await f.Connector.GetNetworkSecurityGroupAsync(f.Credential(Responder), isolated.Nics[0].NsgId!);
        Assert.False(gone.IsSuccess);
    }

    [Fact]
    public async Task Isolate_with_no_free_priority_is_refused_with_the_quarantine_alternative_which_then_works_and_undoes()
    {
        await f.AccountAsync(Responder);
        var vm = await f.VmAsync("legacy-ftp-uks-01");
        var previous = vm.Nics[0].NsgId!;
        var refused = await f.Service.SubmitAsync(new ContainmentRequest(ContainmentKind.Isolate, vm.Id, null, null, "exfiltration"), "analyst", null);
        Assert.Equal(ContainmentProblems.NoFreePriority, refused.Problem!.Code);
        Assert.Contains("quarantine", refused.Problem.Detail);

        var req = await f.Service.SubmitAsync(new ContainmentRequest(ContainmentKind.Isolate, vm.Id, null, null, "exfiltration") { UseQuarantineNsg = true }, "analyst", null);
        var done = await f.RunAsync(req.Value!.Id);
        Assert.Equal(ContainmentStatus.Succeeded, done.Status);
        Assert.EndsWith("legacy-ftp-uks-01-portal-quarantine-nsg", (await f.VmAsync("legacy-ftp-uks-01")).Nics[0].NsgId);
        await f.Service.UndoAsync(done.Id, "analyst", null, "clean");
        Assert.Equal(ContainmentStatus.Undone, (await f.RunAsync(done.Id)).Status);
        Assert.Equal(previous, (await f.VmAsync("legacy-ftp-uks-01")).Nics[0].NsgId, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Isolate_a_vm_with_a_nic_nsg_adds_rules_and_undo_removes_exactly_them()
    {
        await f.AccountAsync(Responder);
        var vm = await f.VmAsync("jump-eus-01");
        var before = await Nsg(vm.Nics[0].NsgId!);
        var req = await f.Service.SubmitAsync(new ContainmentRequest(ContainmentKind.Isolate, vm.Id, null, null, "lateral movement") { ManagementCidr = "192.0.2.0/24" }, "analyst", null);
        Assert.True(req.Ok, req.Problem?.Detail);
        var done = await f.RunAsync(req.Value!.Id);
        Assert.True(done.Verification!.Verified, string.Join(" ", done.Verification.Differences));
        var during = await Nsg(vm.Nics[0].NsgId!);
        Assert.Equal(before.Rules.Count + 4, during.Rules.Count);
        await f.Service.UndoAsync(done.Id, "analyst", null, "clean");
        await f.RunAsync(done.Id);
        Assert.Equal(before.Rules.Select(r => r.Name).Order(), (await Nsg(vm.Nics[0].NsgId!)).Rules.Select(r => r.Name).Order());
    }

    [Fact]
    public async Task Block_ip_where_every_nsg_on_the_path_allows_at_priority_100_is_refused_naming_the_collision()
    {
        await f.AccountAsync(Responder);
        var vm = await f.VmAsync("web-eus-04");
        var refused = await f.Service.SubmitAsync(Block("203.0.113.60", vm.Id), "analyst", null);
        Assert.Equal(ContainmentProblems.PlanBlocked, refused.Problem!.Code);
        Assert.Contains("nsg-web-eus", refused.Problem.Detail);
        Assert.Contains("priority 100", refused.Problem.Detail);
        Assert.DoesNotContain((await Nsg(vm.Nics[0].SubnetNsgIds.Single())).Rules, r => r.Name.StartsWith("portal-"));
    }

    [Fact]
    public async Task Power_off_is_undone_by_starting_again()
    {
        await f.AccountAsync(Responder);
        var vm = await f.VmAsync("dev-wus2-01");
        var req = await f.Service.SubmitAsync(new ContainmentRequest(ContainmentKind.Power, vm.Id, null, VmPowerAction.Deallocate, "cryptominer"), "analyst", null);
        var done = await f.RunAsync(req.Value!.Id);
        Assert.Equal(ContainmentStatus.Succeeded, done.Status);
        Assert.Equal("deallocated", (await f.VmAsync("dev-wus2-01")).PowerState);
        await f.Service.UndoAsync(done.Id, "analyst", null, "clean");
        Assert.Equal(ContainmentStatus.Undone, (await f.RunAsync(done.Id)).Status);
        Assert.Equal("running", (await f.VmAsync("dev-wus2-01")).PowerState);
    }

    [Fact]
    public async Task Protected_targets_and_missing_feature_or_permissions_are_refused_before_anything_changes()
    {
        await f.AccountAsync(Responder);
        var dc = await f.VmAsync("dc-eus-01");
        var tagged = await f.Service.SubmitAsync(new ContainmentRequest(ContainmentKind.Isolate, dc.Id, null, null, "test"), "analyst", null);
        Assert.Equal(ContainmentProblems.Protected, tagged.Problem!.Code);
        var web = await f.VmAsync("web-eus-01");
        var own = await f.Service.SubmitAsync(Block("127.0.0.1", web.Id), "analyst", null);
        Assert.Equal(ContainmentProblems.Protected, own.Problem!.Code);

        await f.AccountAsync(Responder, response: false);
        Assert.Equal(ContainmentProblems.FeatureDisabled, (await f.Service.SubmitAsync(Block("203.0.113.9", web.Id), "analyst", null)).Problem!.Code);
        await f.AccountAsync(Responder, ready: false);
        var missing = await f.Service.SubmitAsync(Block("203.0.113.9", web.Id), "analyst", null);
        Assert.Equal(ContainmentProblems.MissingPermissions, missing.Problem!.Code);
        Assert.Contains("securityRules/write", missing.Problem.Detail);
    }

    [Fact]
    public async Task A_reader_credential_fails_with_authorization_failed_and_its_meaning()
    {
        // The account's stored readiness is stale (the role was removed after the last health check).
        await f.AccountAsync("fabrikam-portal-reader");
        var web = await f.VmAsync("jump-eus-01");
        var req = await f.Service.SubmitAsync(Block("203.0.113.77", web.Id), "analyst", null);
        Assert.True(req.Ok, req.Problem?.Detail);
        var done = await f.RunAsync(req.Value!.Id);
        Assert.Equal(ContainmentStatus.Failed, done.Status);
        Assert.Equal(CloudErrorCodes.AuthorizationFailed, done.ErrorCode);
        Assert.Contains("no role", done.ErrorMeaning);
        Assert.Contains(done.Steps, s => !s.Succeeded && s.ErrorCode == CloudErrorCodes.AuthorizationFailed);
    }
}
