using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.ApiTests;

/// <summary>
/// /api/v1/containment end to end as a SOAR tool drives it (an Analyst API token): every change is read back from the simulator
/// through the plain Azure SDK, not through the portal's connector.
/// </summary>
public sealed class ContainmentApiTests(ContainmentApiFixture f) : IClassFixture<ContainmentApiFixture>
{
    private const string JumpNsg = "nsg-jump-eus";
    private static readonly string Jump = ContainmentApiFixture.VmId("jump-eus-01");

    private static object Block(string ip, string scope, string reason = "brute force from this address") =>
        new { action = "block_ip", target = ip, scope, reason };

    private async Task<string> JumpNsgIdAsync()
    {
        var nic = (await f.Sdk.NicIdsAsync(Jump)).Single();
        var nsg = await f.Sdk.NicNsgAsync(nic);
        Assert.EndsWith("/" + JumpNsg, nsg, StringComparison.OrdinalIgnoreCase);
        return nsg!;
    }

    private async Task<IReadOnlyList<string>> BlockedAsync(string nsgId) =>
        SimulatorArm.Prefixes(await f.Sdk.RuleAsync(nsgId, "portal-block-inbound"), "sourceAddressPrefix", "sourceAddressPrefixes");

    [Fact]
    public async Task Block_ip_on_the_jump_box_lands_in_the_portal_rule_is_verified_and_undo_removes_it()
    {
        var nsgId = await JumpNsgIdAsync();
        var (id, done) = await f.ApplyAsync(Block("203.0.113.50", Jump));
        Assert.Equal("block_ip", done.GetProperty("action").GetString());
        Assert.Equal("203.0.113.50", done.GetProperty("target").GetString());
        Assert.Contains(done.GetProperty("steps").EnumerateArray(), s => s.GetProperty("phase").GetString() == "apply" && s.GetProperty("succeeded").GetBoolean()
                                                                         && s.GetProperty("resource").GetString()!.Contains(JumpNsg));
        Assert.Contains(done.GetProperty("undo").EnumerateArray(), u => u.GetProperty("kind").GetString() == "BlockPrefixes");

        // Read back through the SDK: a deny rule holding the address, preceding the NSG's first allow rule (RDP at 300).
        var rule = await f.Sdk.RuleAsync(nsgId, "portal-block-inbound");
        Assert.NotNull(rule);
        Assert.Equal("Deny", rule["properties"]!["access"]!.GetValue<string>());
        Assert.Equal("Inbound", rule["properties"]!["direction"]!.GetValue<string>());
        Assert.True(rule["properties"]!["priority"]!.GetValue<int>() < 300);
        Assert.Contains("203.0.113.50", await BlockedAsync(nsgId));

        await f.UndoAsync(id);
        Assert.DoesNotContain("203.0.113.50", await BlockedAsync(nsgId));

        var audit = await f.AuditAsync(id, "containment.request.block-ip", "containment.block-ip", "containment.undo-request.block-ip", "containment.undo");
        var actions = audit.Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("containment.request.block-ip", actions);
        Assert.Contains("containment.step.apply", actions);
        Assert.Contains("containment.block-ip", actions);
        Assert.Contains("containment.undo-request.block-ip", actions);
        Assert.Contains("containment.step.undo", actions);
        Assert.Contains("containment.undo", actions);
        // The SOAR token is the actor of the request, and the reason is kept.
        var request = audit.Single(e => e.GetProperty("action").GetString() == "containment.request.block-ip");
        Assert.Contains(f.AnalystTokenName, request.GetProperty("actor").GetString());
        Assert.Contains("brute force", request.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Pressing_twice_or_retrying_with_the_same_idempotency_key_gives_the_same_action_and_one_rule()
    {
        var nsgId = await JumpNsgIdAsync();
        var first = await f.SubmitAsync(Block("198.51.100.23", Jump));
        var second = await f.SubmitAsync(Block("198.51.100.23", Jump));
        Assert.Equal(first, second);
        await f.WaitForStatusAsync(first, "succeeded");
        // Pressed again after it succeeded: still the same action in force.
        Assert.Equal(first, await f.SubmitAsync(Block("198.51.100.23", Jump)));
        var rules = (await f.Sdk.GetAsync(nsgId))!["properties"]!["securityRules"]!.AsArray();
        Assert.Single(rules, r => r!["name"]!.GetValue<string>() == "portal-block-inbound");
        Assert.Single(await BlockedAsync(nsgId), p => p == "198.51.100.23");

        // A retry after a timeout carries the same Idempotency-Key: the first action comes back, nothing new is queued.
        var key = "soar-run-" + Guid.NewGuid().ToString("N");
        var keyed = await f.SubmitAsync(Block("198.51.100.24", Jump, "SOAR case 4711"), key);
        var retried = await f.SubmitAsync(Block("198.51.100.24", Jump, "SOAR case 4711"), key);
        Assert.Equal(keyed, retried);
        await f.WaitForStatusAsync(keyed, "succeeded");
        var list = await ContainmentApiFixture.Json(await f.Analyst.GetAsync("/api/v1/containment?pageSize=500"));
        Assert.Single(list.GetProperty("items").EnumerateArray(), a => a.GetProperty("target").GetString() == "198.51.100.24");
        Assert.Single(await BlockedAsync(nsgId), p => p == "198.51.100.24");

        // Undo pressed twice: one undo.
        var undo1 = await f.Analyst.PostAsJsonAsync($"/api/v1/containment/{first}/undo", new { reason = "done" });
        var undo2 = await f.Analyst.PostAsJsonAsync($"/api/v1/containment/{first}/undo", new { reason = "done" });
        Assert.Equal(HttpStatusCode.Accepted, undo1.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, undo2.StatusCode);
        await f.WaitForStatusAsync(first, "undone");
        await f.UndoAsync(keyed);
        var left = await BlockedAsync(nsgId);
        Assert.DoesNotContain("198.51.100.23", left);
        Assert.DoesNotContain("198.51.100.24", left);
        var undoRequests = (await f.AuditAsync(first, "containment.undo")).Count(e => e.GetProperty("action").GetString()!.StartsWith("containment.undo-request"));
        Assert.Equal(1, undoRequests);
    }

    [Fact]
    public async Task Isolating_a_vm_whose_nic_has_no_nsg_creates_and_attaches_a_deny_all_nsg_and_undo_detaches_and_deletes_it()
    {
        var vm = ContainmentApiFixture.VmId("app-weu-01");
        var nic = (await f.Sdk.NicIdsAsync(vm)).Single();
        Assert.Null(await f.Sdk.NicNsgAsync(nic));

        var (id, done) = await f.ApplyAsync(new { action = "isolate", target = vm, reason = "ransomware beaconing" });
        var nsgId = await f.Sdk.NicNsgAsync(nic);
        Assert.NotNull(nsgId);
        Assert.EndsWith("/app-weu-01-portal-isolation-nsg", nsgId);
        var nsg = (await f.Sdk.GetAsync(nsgId))!;
        var rules = nsg["properties"]!["securityRules"]!.AsArray();
        foreach (var direction in new[] { "Inbound", "Outbound" })
        {
            var deny = Assert.Single(rules, r => r!["properties"]!["direction"]!.GetValue<string>() == direction);
            Assert.Equal("Deny", deny!["properties"]!["access"]!.GetValue<string>());
            Assert.Equal(["*"], SimulatorArm.Prefixes(deny, "sourceAddressPrefix", "sourceAddressPrefixes"));
            Assert.Equal(["*"], SimulatorArm.Prefixes(deny, "destinationAddressPrefix", "destinationAddressPrefixes"));
            Assert.Equal(["*"], SimulatorArm.Prefixes(deny, "destinationPortRange", "destinationPortRanges"));
        }
        // The verification the portal stored shows the NIC cut off both ways.
        var access = done.GetProperty("verification").GetProperty("access")[0].GetProperty("verdicts").EnumerateArray().ToList();
        Assert.All(access, v => Assert.Equal("Denied", v.GetProperty("access").GetString()));
        Assert.Contains(access, v => v.GetProperty("direction").GetString() == "Outbound");

        await f.UndoAsync(id);
        Assert.Null(await f.Sdk.NicNsgAsync(nic));
        Assert.Null(await f.Sdk.GetAsync(nsgId));
        var audit = await f.AuditAsync(id, "containment.isolate", "containment.undo");
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "containment.step.apply" && e.GetProperty("detail").GetString()!.Contains("attach NSG"));
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == "containment.step.undo" && e.GetProperty("detail").GetString()!.Contains("delete NSG"));
    }

    [Fact]
    public async Task Deallocate_follows_the_operation_to_deallocated_and_undo_starts_the_vm_again()
    {
        var vm = ContainmentApiFixture.VmId("dev-wus2-01");
        Assert.Equal("PowerState/running", await f.Sdk.PowerStateAsync(vm));
        var (id, done) = await f.ApplyAsync(new { action = "power", target = vm, powerAction = "deallocate", reason = "cryptominer" });
        Assert.Equal("deallocate", done.GetProperty("powerAction").GetString());
        Assert.Equal("PowerState/deallocated", await f.Sdk.PowerStateAsync(vm));
        Assert.Contains(done.GetProperty("undo").EnumerateArray(), u => u.GetProperty("previousPowerState").GetString() == "running");

        await f.UndoAsync(id, "miner removed");
        Assert.Equal("PowerState/running", await f.Sdk.PowerStateAsync(vm));
        await f.AuditAsync(id, "containment.power", "containment.undo");
    }

    [Fact]
    public async Task A_restart_leaves_nothing_in_force_so_it_can_be_asked_for_again_and_has_no_undo()
    {
        var vm = ContainmentApiFixture.VmId("web-weu-03");
        var body = new { action = "power", target = vm, powerAction = "restart", reason = "hung service" };
        var (first, done) = await f.ApplyAsync(body, inForce: false);
        Assert.Empty(done.GetProperty("undo").EnumerateArray());
        Assert.Equal("PowerState/running", await f.Sdk.PowerStateAsync(vm));
        var active = await ContainmentApiFixture.Json(await f.Viewer.GetAsync("/api/v1/containment?active=true&pageSize=500"));
        Assert.DoesNotContain(active.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetString() == first);

        var undo = await f.Analyst.PostAsync($"/api/v1/containment/{first}/undo", null);
        Assert.Equal(HttpStatusCode.Conflict, undo.StatusCode);
        Assert.Contains("no reverse action", (await ContainmentApiFixture.Json(undo)).GetProperty("detail").GetString());

        var (second, _) = await f.ApplyAsync(body, inForce: false);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Active_list_holds_only_what_is_queued_running_or_in_force()
    {
        var (undoneId, _) = await f.ApplyAsync(Block("192.0.2.77", Jump));
        await f.UndoAsync(undoneId);
        var (activeId, _) = await f.ApplyAsync(Block("192.0.2.78", Jump));

        var active = await ContainmentApiFixture.Json(await f.Viewer.GetAsync("/api/v1/containment?active=true&pageSize=500"));
        var items = active.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, a => a.GetProperty("id").GetString() == activeId);
        Assert.DoesNotContain(items, a => a.GetProperty("id").GetString() == undoneId);
        Assert.All(items, a => Assert.Contains(a.GetProperty("status").GetString(), new[] { "requested", "running", "succeeded", "failed", "undoing" }));
        Assert.Equal(items.Count, active.GetProperty("total").GetInt32());

        var all = await ContainmentApiFixture.Json(await f.Viewer.GetAsync("/api/v1/containment?pageSize=500"));
        Assert.Contains(all.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetString() == undoneId && a.GetProperty("status").GetString() == "undone");
        await f.UndoAsync(activeId);
    }

    [Fact]
    public async Task Preview_shows_the_nsgs_rules_priorities_and_effective_access_and_changes_nothing()
    {
        var nsgId = await JumpNsgIdAsync();
        var before = (await f.Sdk.GetAsync(nsgId))!["properties"]!["securityRules"]!.ToJsonString();
        var response = await f.Analyst.PostAsJsonAsync("/api/v1/containment/preview", Block("203.0.113.99", Jump));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await ContainmentApiFixture.Json(response);
        Assert.Equal("jump-eus-01", preview.GetProperty("vmName").GetString());
        Assert.Empty(preview.GetProperty("problems").EnumerateArray());
        var jump = preview.GetProperty("nsgs").EnumerateArray().Single(n => n.GetProperty("nsgName").GetString() == JumpNsg);
        var change = jump.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal("Create", change.GetProperty("kind").GetString());
        Assert.Equal("portal-block-inbound", change.GetProperty("after").GetProperty("name").GetString());
        Assert.True(change.GetProperty("after").GetProperty("priority").GetInt32() < 300);
        Assert.Equal(["203.0.113.99"], change.GetProperty("addedPrefixes").EnumerateArray().Select(p => p.GetString()));

        static string Verdict(JsonElement access, string peer) => access[0].GetProperty("verdicts").EnumerateArray()
            .Single(v => v.GetProperty("direction").GetString() == "Inbound" && v.GetProperty("peer").GetProperty("value").GetString() == peer).GetProperty("access").GetString()!;
        Assert.NotEqual("Denied", Verdict(preview.GetProperty("accessBefore"), "203.0.113.99"));
        Assert.Equal("Denied", Verdict(preview.GetProperty("accessAfter"), "203.0.113.99"));
        Assert.Equal((await f.Sdk.GetAsync(nsgId))!["properties"]!["securityRules"]!.ToJsonString(), before);

        // Isolation of a VM without a NIC NSG: the NSG the portal would create and its rules.
        var iso = await ContainmentApiFixture.Json(await f.Analyst.PostAsJsonAsync("/api/v1/containment/preview",
            new { action = "isolate", target = ContainmentApiFixture.VmId("app-weu-01"), reason = "check", managementCidr = "192.0.2.0/24" }));
        var nic = iso.GetProperty("nics").EnumerateArray().Single();
        Assert.Equal("NewNicNsg", nic.GetProperty("mode").GetString());
        Assert.Equal("app-weu-01-portal-isolation-nsg", nic.GetProperty("nsgName").GetString());
        var priorities = nic.GetProperty("rules").EnumerateArray().Select(r => (r.GetProperty("direction").GetString(), r.GetProperty("access").GetString(), r.GetProperty("priority").GetInt32())).ToList();
        Assert.Contains(("Inbound", "Allow", 100), priorities);
        Assert.Contains(("Inbound", "Deny", 110), priorities);
        Assert.Contains(("Outbound", "Deny", 110), priorities);
    }

    [Fact]
    public async Task Priority_collision_and_missing_free_priority_are_refused_with_their_codes_and_nothing_changes()
    {
        var web = ContainmentApiFixture.VmId("web-eus-04");
        var blocked = await f.Analyst.PostAsJsonAsync("/api/v1/containment", Block("203.0.113.61", web));
        Assert.Equal((HttpStatusCode)422, blocked.StatusCode);
        var problem = await ContainmentApiFixture.Json(blocked);
        Assert.Equal("plan_blocked", problem.GetProperty("code").GetString());
        Assert.Contains("priority 100", problem.GetProperty("detail").GetString());
        var nic = (await f.Sdk.NicIdsAsync(web)).Single();
        var subnet = (await f.Sdk.GetAsync(nic))!["properties"]!["ipConfigurations"]![0]!["properties"]!["subnet"]!["id"]!.GetValue<string>();
        var subnetNsg = (await f.Sdk.GetAsync(subnet))!["properties"]!["networkSecurityGroup"]!["id"]!.GetValue<string>();
        Assert.DoesNotContain((await f.Sdk.GetAsync(subnetNsg))!["properties"]!["securityRules"]!.AsArray(), r => r!["name"]!.GetValue<string>().StartsWith("portal-"));

        var ftp = ContainmentApiFixture.VmId("legacy-ftp-uks-01");
        var refused = await f.Analyst.PostAsJsonAsync("/api/v1/containment", new { action = "isolate", target = ftp, reason = "exfiltration" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var noFree = await ContainmentApiFixture.Json(refused);
        Assert.Equal("no_free_priority", noFree.GetProperty("code").GetString());
        Assert.Contains("quarantine", noFree.GetProperty("detail").GetString());

        // The alternative offered: a quarantine NSG replaces the NIC's NSG, and undo puts the previous one back.
        var ftpNic = (await f.Sdk.NicIdsAsync(ftp)).Single();
        var previous = await f.Sdk.NicNsgAsync(ftpNic);
        var (id, _) = await f.ApplyAsync(new { action = "isolate", target = ftp, reason = "exfiltration", useQuarantineNsg = true });
        Assert.EndsWith("/legacy-ftp-uks-01-portal-quarantine-nsg", await f.Sdk.NicNsgAsync(ftpNic));
        await f.UndoAsync(id);
        Assert.Equal(previous, await f.Sdk.NicNsgAsync(ftpNic), StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"action":"block_ip","target":"203.0.113.5","scope":"{jump}"}""", "'reason' is required")]
    [InlineData("""{"action":"block_ip","target":"203.0.113.5","scope":"{jump}","reason":"   "}""", "'reason' is required")]
    [InlineData("""{"action":"block_ip","target":"300.1.2.3","scope":"{jump}","reason":"x"}""", "'300.1.2.3' is not an IPv4/IPv6 address or CIDR")]
    [InlineData("""{"action":"block_ip","target":"0.0.0.0/0","scope":"{jump}","reason":"x"}""", "would block every address")]
    [InlineData("""{"action":"block_ip","target":"10.0.0.0/4","scope":"{jump}","reason":"x"}""", "too broad")]
    [InlineData("""{"action":"block_ip","target":"203.0.113.5","scope":"/not/a/scope","reason":"x"}""", "'scope' must be the resource id")]
    [InlineData("""{"action":"explode","target":"203.0.113.5","reason":"x"}""", "'action' must be")]
    [InlineData("""{"action":"power","target":"{jump}","reason":"x"}""", "'powerAction' is required")]
    [InlineData("""{"action":"power","target":"{jump}","powerAction":"hibernate","reason":"x"}""", "'powerAction' must be")]
    [InlineData("""{"action":"isolate","target":"203.0.113.5","reason":"x"}""", "'target' must be a VM resource id")]
    public async Task Bad_input_gets_400_naming_the_field_and_stores_nothing(string body, string message)
    {
        var before = (await ContainmentApiFixture.Json(await f.Analyst.GetAsync("/api/v1/containment"))).GetProperty("total").GetInt32();
        var response = await f.Analyst.PostAsync("/api/v1/containment",
            new StringContent(body.Replace("{jump}", Jump), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ContainmentApiFixture.Json(response);
        Assert.Equal("validation", problem.GetProperty("code").GetString());
        Assert.Contains(message, problem.GetProperty("detail").GetString());
        Assert.Equal(before, (await ContainmentApiFixture.Json(await f.Analyst.GetAsync("/api/v1/containment"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Protected_targets_are_refused_with_403_protected_target()
    {
        // The portal's own address is protected out of the box.
        var own = await f.Analyst.PostAsJsonAsync("/api/v1/containment", Block("127.0.0.1", Jump));
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal("protected_target", (await ContainmentApiFixture.Json(own)).GetProperty("code").GetString());

        // A tag an Admin protects (domain controllers): isolation and power are refused, before Azure is touched.
        var admin = f.App.Admin();
        var put = await admin.PutAsJsonAsync("/api/v1/containment/protected-targets", new { targets = new[] { new { kind = "tag", value = "role=domain-controller", note = "DCs", builtIn = false } } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        try
        {
            var dc = ContainmentApiFixture.VmId("dc-eus-01");
            var nic = (await f.Sdk.NicIdsAsync(dc)).Single();
            var nsgBefore = await f.Sdk.NicNsgAsync(nic);
            foreach (var body in new object[] { new { action = "isolate", target = dc, reason = "test" }, new { action = "power", target = dc, powerAction = "powerOff", reason = "test" } })
            {
                var response = await f.Analyst.PostAsJsonAsync("/api/v1/containment", body);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                var problem = await ContainmentApiFixture.Json(response);
                Assert.Equal("protected_target", problem.GetProperty("code").GetString());
                Assert.Contains("dc-eus-01", problem.GetProperty("detail").GetString());
            }
            Assert.Equal(nsgBefore, await f.Sdk.NicNsgAsync(nic));
            Assert.Equal("PowerState/running", await f.Sdk.PowerStateAsync(dc));
            var denied = await ContainmentApiFixture.Json(await admin.GetAsync("/api/v1/audit?action=containment.request.isolate&outcome=Denied"));
            Assert.Contains(denied.GetProperty("items").EnumerateArray(), e => e.GetProperty("detail").GetString()!.Contains("ProtectedTarget"));
            // Only Admins manage the list.
            Assert.Equal(HttpStatusCode.Forbidden, (await f.Analyst.PutAsJsonAsync("/api/v1/containment/protected-targets", new { targets = Array.Empty<object>() })).StatusCode);
        }
        finally
        {
            await admin.PutAsJsonAsync("/api/v1/containment/protected-targets", new { targets = Array.Empty<object>() });
        }
    }

    [Fact]
    public async Task Viewers_and_anonymous_callers_cannot_contain_and_unknown_ids_are_404()
    {
        var viewer = await f.Viewer.PostAsJsonAsync("/api/v1/containment", Block("203.0.113.80", Jump));
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await f.Viewer.PostAsJsonAsync("/api/v1/containment/preview", Block("203.0.113.80", Jump))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await f.App.CreateClient().PostAsJsonAsync("/api/v1/containment", Block("203.0.113.80", Jump))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await f.Viewer.GetAsync("/api/v1/containment")).StatusCode);

        var unknown = Guid.NewGuid();
        var get = await f.Viewer.GetAsync($"/api/v1/containment/{unknown}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("not_found", (await ContainmentApiFixture.Json(get)).GetProperty("code").GetString());
        var undo = await f.Analyst.PostAsJsonAsync($"/api/v1/containment/{unknown}/undo", new { reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, undo.StatusCode);
        Assert.Contains(unknown.ToString(), (await ContainmentApiFixture.Json(undo)).GetProperty("detail").GetString());
        var viewerUndo = await f.Viewer.PostAsJsonAsync($"/api/v1/containment/{unknown}/undo", new { reason = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, viewerUndo.StatusCode);
        Assert.DoesNotContain("203.0.113.80", await BlockedAsync(await JumpNsgIdAsync()));
    }

    [Fact]
    public async Task An_account_without_the_response_feature_gets_409_feature_disabled()
    {
        // The partner tenant's subscription is onboarded for inventory only.
        var demo = (Portal.Web.Hosting.DemoEnvironment)f.App.Services.GetService(typeof(Portal.Web.Hosting.DemoEnvironment))!;
        var partner = demo.Simulator.Clients.Single(c => c.DisplayName == "contoso-partner-app");
        var onboard = await f.App.Admin().PostAsJsonAsync("/api/v1/accounts", new
        {
            name = "Contoso sandbox", cloud = "AzurePublic", tenantId = partner.TenantId, clientId = partner.ClientId, clientSecret = partner.Secret,
            subscriptionIds = new[] { "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" }, features = new[] { "Hosts" },
            syncPolicy = new { regions = (string[]?)null, includeNewRegions = true, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60 },
        });
        Assert.True(onboard.StatusCode == HttpStatusCode.Created, await onboard.Content.ReadAsStringAsync());
        var response = await f.Analyst.PostAsJsonAsync("/api/v1/containment", Block("203.0.113.81", "/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await ContainmentApiFixture.Json(response);
        Assert.Equal("feature_disabled", problem.GetProperty("code").GetString());
        Assert.Contains("Contoso sandbox", problem.GetProperty("detail").GetString());

        // A subscription no account covers is 404, not a silent success.
        var stranger = await f.Analyst.PostAsJsonAsync("/api/v1/containment", Block("203.0.113.81", $"/subscriptions/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
    }
}
