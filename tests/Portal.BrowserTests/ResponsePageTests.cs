using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>The Response page against the portal's simulator: block an IP at a VM's NSGs and unblock it, each verified through the
/// Azure SDK; a playbook run approved from the page.</summary>
[Collection(ResponseCollection.Name)]
public sealed class ResponsePageTests(BrowserFixture fx)
{
    private const string Address = "203.0.113.77";
    private static string JumpNsg => $"/subscriptions/{DemoTenant.SubscriptionId}/resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/nsg-jump-eus";

    [Fact]
    public async Task Analyst_blocks_an_ip_at_a_vm_sees_it_verified_in_azure_and_undoes_it()
    {
        var accountId = await ResponseSupport.EnsureResponderAccountAsync(fx);
        var (_, vmId) = await ResponseSupport.HostAsync(fx, accountId, "jump-eus-01");
        var sdk = ResponseSupport.Sdk(fx);

        var page = await fx.SignedInPageAsync();
        await page.GotoAsync("response");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Response");
        await fx.ScreenshotAsync(page, "60-response-current-empty");

        await page.GetByTestId("tab-block").ClickAsync();
        await page.GetByTestId("block-address").FillAsync("999.1.2.3");
        await page.GetByTestId("block-vm-search").FillAsync("jump-eus-01");
        await page.GetByTestId("block-vm-search").DispatchEventAsync("change");
        await Expect(page.Locator($"[data-testid=block-vm] option[value='{vmId}']")).ToHaveCountAsync(1);
        await page.GetByTestId("block-vm").SelectOptionAsync(vmId);
        await page.GetByTestId("containment-reason").FillAsync("INC-4711: SSH brute force from this address");
        await page.GetByTestId("containment-preview-button").ClickAsync();
        await Expect(page.GetByTestId("containment-problem")).ToContainTextAsync("999.1.2.3");   // a bad address is named, nothing runs

        await page.GetByTestId("block-address").FillAsync(Address);
        await page.GetByTestId("containment-preview-button").ClickAsync();
        var preview = page.GetByTestId("containment-preview");
        await Expect(preview.GetByTestId("preview-rule").First).ToContainTextAsync("portal-block-inbound");
        await Expect(preview).ToContainTextAsync("nsg-jump-eus");
        await Expect(preview.GetByTestId("access-table").First).ToContainTextAsync($"Blocked {Address}");
        await fx.ScreenshotAsync(page, "61-response-block-preview");

        await page.GetByTestId("containment-confirm").ClickAsync();
        var status = page.Locator("[data-testid=containment-flow] [data-testid=containment-status]");
        await Expect(status).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Expect(status.GetByTestId("verification")).ToHaveTextAsync("verified");
        await Expect(status.GetByTestId("containment-steps")).ToContainTextAsync("portal-block-inbound");
        await fx.ScreenshotAsync(page, "62-response-block-verified");

        // Azure (the simulator) read back through the SDK: the address is in the portal's deny rule, before every allow rule.
        var rules = await sdk.RulesAsync(JumpNsg);
        var block = rules.Single(r => r.Name == "portal-block-inbound");
        Assert.Equal("Deny", block.Access);
        Assert.Equal("Inbound", block.Direction);
        Assert.Contains(Address, block.Sources);
        Assert.True(rules.Where(r => r.Access == "Allow" && r.Direction == "Inbound").All(r => r.Priority > block.Priority));

        await page.GetByTestId("tab-current").ClickAsync();
        var row = page.GetByTestId("blocked-row").Filter(new() { HasText = Address });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("blocked-nsg").Filter(new() { HasText = Address })).ToContainTextAsync("nsg-jump-eus");
        await fx.ScreenshotAsync(page, "63-response-current-blocked");

        await row.GetByTestId("undo-button").ClickAsync();
        await Expect(page.GetByTestId("undo-plan")).ToContainTextAsync($"Remove {Address}");
        await page.GetByTestId("undo-confirm").ClickAsync();
        await Expect(page.GetByTestId("undo-problem")).ToContainTextAsync("reason is required");
        await page.GetByTestId("undo-reason").FillAsync("INC-4711 closed: address belongs to a partner");
        await page.GetByTestId("undo-confirm").ClickAsync();
        var undone = page.Locator("[data-testid=undo-card] [data-testid=containment-status]");
        await Expect(undone).ToHaveAttributeAsync("data-status", "undone", new() { Timeout = 30_000 });
        await Expect(undone.GetByTestId("verification")).ToHaveTextAsync("verified");
        await Expect(page.GetByTestId("blocked-row").Filter(new() { HasText = Address })).ToHaveCountAsync(0);
        await fx.ScreenshotAsync(page, "64-response-unblocked");

        Assert.DoesNotContain((await sdk.RulesAsync(JumpNsg)).Where(r => r.Name.StartsWith("portal-block", StringComparison.Ordinal)), r => r.Sources.Contains(Address));

        await page.GetByTestId("tab-history").ClickAsync();
        await page.GetByTestId("history-search").FillAsync(Address);
        var historyRow = page.GetByTestId("history-row").Filter(new() { HasText = Address });
        await Expect(historyRow).ToHaveCountAsync(1);
        await Expect(historyRow).ToContainTextAsync("undone");
        await historyRow.ClickAsync();
        await Expect(page.GetByTestId("history-detail").GetByTestId("containment-steps")).ToContainTextAsync("undo");
        await fx.ScreenshotAsync(page, "65-response-history");
    }

    [Fact]
    public async Task Analyst_approves_a_playbook_run_from_the_response_page_and_the_vm_is_isolated()
    {
        var accountId = await ResponseSupport.EnsureResponderAccountAsync(fx);
        var (_, vmId) = await ResponseSupport.HostAsync(fx, accountId, "app-weu-03");
        var sdk = ResponseSupport.Sdk(fx);
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync("response");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("tab-playbooks").ClickAsync();
        var playbook = page.GetByTestId("playbook-row").Filter(new() { HasText = "Isolate a VM with a critical alert, after approval" });
        await Expect(playbook.GetByTestId("playbook-enabled")).Not.ToBeCheckedAsync();
        await playbook.GetByTestId("playbook-enabled").CheckAsync();
        await Expect(page.GetByTestId("playbook-message")).ToContainTextAsync("is enabled");

        using var api = ResponseSupport.Api(fx);
        var posted = await api.PostAsJsonAsync("api/v1/alerts", new { source = "browser-edr", severity = "critical", vm = vmId, description = "Ransomware behaviour on app-weu-03" });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, posted.StatusCode);

        // The tab reads runs every two seconds: the waiting run appears without a reload.
        var waiting = page.GetByTestId("approval-run").Filter(new() { HasText = "Ransomware behaviour on app-weu-03" });
        await Expect(waiting).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(waiting.GetByTestId("approval-steps")).ToContainTextAsync("isolate");
        await fx.ScreenshotAsync(page, "66-response-playbook-awaiting");
        await waiting.GetByTestId("approval-reason").FillAsync("Confirmed with the app owner: isolate now");
        await waiting.GetByTestId("approve-button").ClickAsync();
        await Expect(page.GetByTestId("playbook-message")).ToContainTextAsync("approved");

        var run = page.GetByTestId("run-row").Filter(new() { HasText = "alert:" }).First;
        await Expect(run.GetByTestId("run-status")).ToHaveTextAsync("succeeded", new() { Timeout = 30_000 });
        await fx.ScreenshotAsync(page, "67-response-playbook-run");
        var nsgs = await sdk.NicNsgIdsAsync(vmId);
        foreach (var nsg in nsgs)
        {
            Assert.NotNull(nsg);
            var rules = await sdk.RulesAsync(nsg!);
            Assert.Contains(rules, r => r.Name.StartsWith("portal-isolate-", StringComparison.Ordinal) && r.Access == "Deny" && r.Direction == "Inbound");
            Assert.Contains(rules, r => r.Name.StartsWith("portal-isolate-", StringComparison.Ordinal) && r.Access == "Deny" && r.Direction == "Outbound");
        }

        // Leave the shared portal as found: disable the playbook again and release the isolation through the API.
        await playbook.GetByTestId("playbook-enabled").UncheckAsync();
        var active = JsonDocument.Parse(await api.GetStringAsync("api/v1/containment?active=true&pageSize=500")).RootElement.GetProperty("items");
        var isolation = active.EnumerateArray().Single(a => a.GetProperty("action").GetString() == "isolate" && a.GetProperty("target").GetString()!.Equals(vmId, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await api.PostAsJsonAsync($"api/v1/containment/{isolation.GetProperty("id").GetString()}/undo", new { reason = "test cleanup" })).StatusCode);
    }
}
