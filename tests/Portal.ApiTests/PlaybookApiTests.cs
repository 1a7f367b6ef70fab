using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Cloud;
using Portal.Domain.Playbooks;
using Portal.Domain.Response;
using Portal.Web.Hosting;

namespace Portal.ApiTests;

/// <summary>Playbooks end to end: alerts posted to the API run the example playbooks through the real response service, and the
/// result is read back from AzureSim through the Azure SDK (the portal's connector).</summary>
public sealed class PlaybookApiTests(PortalApiFactory app) : IClassFixture<PortalApiFactory>
{
    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private HttpClient Admin => app.Admin();

    /// <summary>One Response account on the demo subscription, hosts synced (once per test class).</summary>
    private async Task EnsureAccountAsync()
    {
        var accounts = await Json(await Admin.GetAsync("/api/v1/accounts"));
        if (accounts.GetArrayLength() == 0)
        {
            var created = await Admin.PostAsJsonAsync("/api/v1/accounts", new
            {
                name = "Playbooks", tenantId = DemoTenant.TenantId, clientId = DemoTenant.Responder.ClientId, clientSecret = DemoTenant.Responder.Secret,
                subscriptionIds = new[] { DemoTenant.SubscriptionId }, features = new[] { "Hosts", "Response" },
                syncPolicy = new { regions = (string[]?)null, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60 },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await Json(await Admin.GetAsync("/api/v1/hosts?pageSize=1"))).GetProperty("total").GetInt32() < DemoTenant.VmCount && DateTime.UtcNow < deadline)
            await Task.Delay(300);
    }

    private async Task<JsonElement> HostAsync(string name) =>
        (await Json(await Admin.GetAsync($"/api/v1/hosts?search={name}"))).GetProperty("items").EnumerateArray().Single(h => h.GetProperty("name").GetString() == name);

    private async Task<string> PlaybookIdAsync(string name) =>
        (await Json(await Admin.GetAsync("/api/v1/playbooks"))).EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;

    private async Task<JsonElement> WaitForRunAsync(string runId, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var run = await Json(await Admin.GetAsync($"/api/v1/playbooks/runs/{runId}"));
            if (done(run.GetProperty("status").GetString()!) || DateTime.UtcNow > deadline) return run;
            await Task.Delay(200);
        }
    }

    private CloudCredential Responder => new(CloudKind.AzurePublic, DemoTenant.TenantId, DemoTenant.Responder.ClientId, DemoTenant.Responder.Secret);

    private ICloudConnector Azure => app.Services.GetRequiredService<ICloudConnector>();

    [Fact]
    public async Task The_example_block_playbook_blocks_the_attacker_ip_at_the_vm_nsgs_once()
    {
        await EnsureAccountAsync();
        var vm = await HostAsync("jump-eus-01");
        var vmId = vm.GetProperty("resourceId").GetString()!;
        var block = await PlaybookIdAsync(ExamplePlaybooks.BlockAttackerName);
        Assert.False((await Json(await Admin.GetAsync($"/api/v1/playbooks/{block}"))).GetProperty("enabled").GetBoolean()); // shipped disabled
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/v1/playbooks/{block}/enable", null)).StatusCode);

        var alert = new { source = "Sentinel", id = "INC-4711", severity = "high", attackerIp = "203.0.113.77", vm = vmId, description = "RDP brute force" };
        var posted = await Admin.PostAsJsonAsync("/api/v1/alerts", alert);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var receipt = await Json(posted);
        Assert.False(receipt.GetProperty("duplicate").GetBoolean());
        var alertId = receipt.GetProperty("alert").GetProperty("id").GetString();
        var run = Assert.Single(receipt.GetProperty("runs").EnumerateArray());
        Assert.Equal(vmId, run.GetProperty("steps")[0].GetProperty("scope").GetString());

        var done = await WaitForRunAsync(run.GetProperty("id").GetString()!, s => s is "Succeeded" or "Failed");
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", done.ToString());
        var step = done.GetProperty("steps")[0];
        Assert.Equal("Succeeded", step.GetProperty("status").GetString());
        var containmentId = step.GetProperty("containmentId").GetString();
        var action = await Json(await Admin.GetAsync($"/api/v1/containment/{containmentId}"));
        Assert.Equal($"playbook:{ExamplePlaybooks.BlockAttackerName}", action.GetProperty("requestedBy").GetString());

        // Read back from AzureSim through the SDK: one of the VM's NSGs denies the address in the portal's rule.
        var live = (await Azure.GetVirtualMachineAsync(Responder, vmId)).Value;
        var nsgIds = live.Nics.SelectMany(n => new[] { n.NsgId }.Concat(n.SubnetNsgIds)).OfType<string>().Distinct().ToList();
        var rules = new List<NsgRuleInfo>();
        foreach (var id in nsgIds) rules.AddRange((await Azure.GetNetworkSecurityGroupAsync(Responder, id)).Value.Rules.Where(r => r.Name == PortalRules.BlockInbound));
        Assert.Contains(rules, r => r.SourceAddressPrefixes.Contains("203.0.113.77") && r.Access == "Deny" && r.Direction == "Inbound");

        // The same alert again: the first one, no second run.
        var again = await Admin.PostAsJsonAsync("/api/v1/alerts", alert with { description = "RDP brute force (re-sent)" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await Json(again);
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        Assert.Equal(alertId, second.GetProperty("alert").GetProperty("id").GetString());
        Assert.Equal(1, (await Json(await Admin.GetAsync($"/api/v1/playbooks/runs?alertId={alertId}"))).GetProperty("total").GetInt32());
        Assert.Equal(1, (await Json(await Admin.GetAsync("/api/v1/alerts?source=sentinel"))).GetProperty("total").GetInt32());
        var audit = await Json(await Admin.GetAsync("/api/v1/audit?action=playbook.run.finish"));
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("target").GetString()!.Contains(run.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task The_isolate_example_waits_for_approval_then_isolates_the_vm()
    {
        await EnsureAccountAsync();
        var vmId = (await HostAsync("app-weu-01")).GetProperty("resourceId").GetString()!;
        Assert.Null((await Azure.GetVirtualMachineAsync(Responder, vmId)).Value.Nics[0].NsgId);
        var isolate = await PlaybookIdAsync(ExamplePlaybooks.IsolateCriticalName);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/v1/playbooks/{isolate}/enable", null)).StatusCode);

        // Named by the VM's name: resolved through the hosts inventory.
        var posted = await Admin.PostAsJsonAsync("/api/v1/alerts", new { source = "Defender", id = "D-1", severity = "critical", vm = "app-weu-01", description = "Ransomware" });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var run = (await Json(posted)).GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("playbookId").GetString() == isolate);
        var runId = run.GetProperty("id").GetString()!;
        Assert.Equal("AwaitingApproval", run.GetProperty("status").GetString());
        Assert.Contains((await Json(await Admin.GetAsync("/api/v1/playbooks/runs?status=awaitingApproval"))).GetProperty("items").EnumerateArray(),
            r => r.GetProperty("id").GetString() == runId);
        await Task.Delay(500);
        Assert.Null((await Azure.GetVirtualMachineAsync(Responder, vmId)).Value.Nics[0].NsgId); // nothing happens before approval

        var noReason = await Admin.PostAsJsonAsync($"/api/v1/playbooks/runs/{runId}/approve", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("validation", (await Json(noReason)).GetProperty("code").GetString());
        var approved = await Admin.PostAsJsonAsync($"/api/v1/playbooks/runs/{runId}/approve", new { reason = "Confirmed by IR lead" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var twice = await Admin.PostAsJsonAsync($"/api/v1/playbooks/runs/{runId}/reject", new { reason = "too late" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("conflict", (await Json(twice)).GetProperty("code").GetString());

        var done = await WaitForRunAsync(runId, s => s is "Succeeded" or "Failed");
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", done.ToString());
        Assert.Equal("Confirmed by IR lead", done.GetProperty("decisionReason").GetString());
        var nic = (await Azure.GetVirtualMachineAsync(Responder, vmId)).Value.Nics[0];
        Assert.NotNull(nic.NsgId);
        var nsg = (await Azure.GetNetworkSecurityGroupAsync(Responder, nic.NsgId!)).Value;
        Assert.Contains(nsg.Rules, r => r.Access == "Deny" && r.Direction == "Inbound");
        Assert.Contains(nsg.Rules, r => r.Access == "Deny" && r.Direction == "Outbound");
    }

    [Fact]
    public async Task Bad_alerts_and_playbooks_get_problem_details_and_viewers_cannot_post()
    {
        var badSeverity = await Admin.PostAsJsonAsync("/api/v1/alerts", new { source = "x", severity = "urgent" });
        Assert.Equal(HttpStatusCode.BadRequest, badSeverity.StatusCode);
        var problem = await Json(badSeverity);
        Assert.Equal("validation", problem.GetProperty("code").GetString());
        Assert.Contains("'severity' must be low, medium, high or critical", problem.GetProperty("detail").GetString());
        var badIp = await Json(await Admin.PostAsJsonAsync("/api/v1/alerts", new { source = "x", severity = "low", attackerIp = "1.2.3" }));
        Assert.Contains("'attackerIp' '1.2.3'", badIp.GetProperty("detail").GetString());
        var unknownVm = await Json(await Admin.PostAsJsonAsync("/api/v1/alerts", new { source = "x", severity = "low", vm = "no-such-vm" }));
        Assert.Contains("is not a VM of the hosts inventory", unknownVm.GetProperty("detail").GetString());

        var badPlaybook = await Admin.PostAsJsonAsync("/api/v1/playbooks", new
        {
            name = "Power off", enabled = true, trigger = new { kind = "alert" }, approval = "automatic",
            actions = new[] { new { kind = "power" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, badPlaybook.StatusCode);
        Assert.Contains("'actions[0]': 'powerAction' must be", (await Json(badPlaybook)).GetProperty("detail").GetString());
        var created = await Admin.PostAsJsonAsync("/api/v1/playbooks", new
        {
            name = "Power off", enabled = false, trigger = new { kind = "alert" }, conditions = new { minSeverity = "critical", sourceEquals = "edr" },
            approval = "requiresApproval", actions = new[] { new { kind = "power", powerAction = "powerOff" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        Assert.Equal("PowerOff", body.GetProperty("actions")[0].GetProperty("powerAction").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.PostAsJsonAsync("/api/v1/playbooks", new
        {
            name = "Power off", trigger = new { kind = "alert" }, actions = new[] { new { kind = "power", powerAction = "start" } },
        })).StatusCode);

        var token = await Json(await Admin.PostAsJsonAsync("/api/v1/tokens", new { name = "viewer-pb", role = "Viewer" }));
        var viewer = app.ClientWithToken(token.GetProperty("secret").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/playbooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/alerts", new { source = "x", severity = "low" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/playbooks/{body.GetProperty("id").GetString()}/enable", null)).StatusCode);
        var analyst = await Json(await Admin.PostAsJsonAsync("/api/v1/tokens", new { name = "analyst-pb", role = "Analyst" }));
        var analystClient = app.ClientWithToken(analyst.GetProperty("secret").GetString()!);
        Assert.Equal(HttpStatusCode.Forbidden, (await analystClient.PostAsync($"/api/v1/playbooks/{body.GetProperty("id").GetString()}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await analystClient.PostAsJsonAsync("/api/v1/alerts", new { source = "x", severity = "low", id = "analyst-1" })).StatusCode);
    }
}
