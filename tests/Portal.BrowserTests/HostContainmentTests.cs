using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>The host page's response card: isolate and release, power off and start again, each previewed, confirmed with a reason,
/// verified by the portal and checked independently through the Azure SDK against the portal's simulator.</summary>
[Collection(ResponseCollection.Name)]
public sealed class HostContainmentTests(BrowserFixture fx)
{
    [Fact]
    public async Task Analyst_isolates_a_vm_from_its_page_and_releases_it()
    {
        var accountId = await ResponseSupport.EnsureResponderAccountAsync(fx);
        var (hostId, vmId) = await ResponseSupport.HostAsync(fx, accountId, "web-weu-02");
        var sdk = ResponseSupport.Sdk(fx);
        var before = await sdk.NicNsgIdsAsync(vmId);

        var page = await fx.SignedInPageAsync();
        await page.GotoAsync($"hosts/{hostId}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("host-containment")).ToContainTextAsync("Response");
        await page.GetByTestId("isolate-button").ClickAsync();
        var dialog = page.GetByTestId("containment-dialog");
        await dialog.GetByTestId("management-cidr").FillAsync("10.20.4.0/24");
        await dialog.GetByTestId("containment-reason").FillAsync("INC-5001: beaconing to a known C2 server");
        await dialog.GetByTestId("containment-preview-button").ClickAsync();
        await Expect(dialog.GetByTestId("preview-nic").First).ToContainTextAsync("deny-all-in");
        await Expect(dialog.GetByTestId("access-after").First).ToBeVisibleAsync();
        await fx.ScreenshotAsync(page, "70-host-isolate-preview");

        await dialog.GetByTestId("containment-confirm").ClickAsync();
        var status = dialog.GetByTestId("containment-status");
        await Expect(status).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Expect(status.GetByTestId("verification")).ToHaveTextAsync("verified");
        await fx.ScreenshotAsync(page, "71-host-isolate-verified");

        // Every NIC now has an NSG whose portal deny-all rules (with the management exception before them) cut it off.
        var isolatedNsgs = await sdk.NicNsgIdsAsync(vmId);
        foreach (var nsg in isolatedNsgs)
        {
            Assert.NotNull(nsg);
            var rules = await sdk.RulesAsync(nsg!);
            var denyIn = rules.Single(r => r.Name.StartsWith("portal-isolate-web-weu-02", StringComparison.Ordinal) && r.Name.EndsWith("deny-all-in", StringComparison.Ordinal));
            var denyOut = rules.Single(r => r.Name.StartsWith("portal-isolate-web-weu-02", StringComparison.Ordinal) && r.Name.EndsWith("deny-all-out", StringComparison.Ordinal));
            Assert.Equal("Deny", denyIn.Access);
            Assert.Equal("Deny", denyOut.Access);
            Assert.Contains(rules, r => r.Name.EndsWith("allow-mgmt-in", StringComparison.Ordinal) && r.Sources.Contains("10.20.4.0/24") && r.Priority < denyIn.Priority);
            Assert.True(rules.Where(r => r.Access == "Allow" && !r.Name.StartsWith("portal-", StringComparison.Ordinal)).All(r => r.Priority > denyIn.Priority));
        }

        await dialog.GetByTestId("dialog-done").ClickAsync();
        await Expect(page.GetByTestId("isolated-badge")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("isolate-button")).ToHaveCountAsync(0);
        await fx.ScreenshotAsync(page, "72-host-isolated");

        await page.GetByTestId("release-button").ClickAsync();
        await Expect(dialog.GetByTestId("undo-plan")).ToContainTextAsync("Delete the portal's NSG web-weu-02-portal-isolation-nsg");
        await dialog.GetByTestId("undo-reason").FillAsync("INC-5001: host reimaged");
        await dialog.GetByTestId("undo-confirm").ClickAsync();
        var undone = dialog.GetByTestId("containment-status");
        await Expect(undone).ToHaveAttributeAsync("data-status", "undone", new() { Timeout = 30_000 });
        await Expect(undone.GetByTestId("verification")).ToHaveTextAsync("verified");
        await fx.ScreenshotAsync(page, "73-host-released");

        // Exactly what the portal added is gone: the NICs have their previous NSGs and no portal rule is left in them.
        Assert.Equal(before, await sdk.NicNsgIdsAsync(vmId));
        foreach (var nsg in isolatedNsgs.Where(n => !before.Contains(n)))
            Assert.Null(await sdk.PropertiesAsync(nsg!));
        foreach (var nsg in before.OfType<string>())
            Assert.DoesNotContain(await sdk.RulesAsync(nsg), r => r.Name.StartsWith("portal-isolate-", StringComparison.Ordinal));
        await dialog.GetByTestId("dialog-done").ClickAsync();
        await Expect(page.GetByTestId("isolate-button")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Analyst_powers_a_vm_off_from_its_page_and_starts_it_again()
    {
        var accountId = await ResponseSupport.EnsureResponderAccountAsync(fx);
        var (hostId, vmId) = await ResponseSupport.HostAsync(fx, accountId, "dev-wus2-06");
        var sdk = ResponseSupport.Sdk(fx);
        Assert.Equal("PowerState/running", await sdk.PowerStateAsync(vmId));

        var page = await fx.SignedInPageAsync();
        await page.GotoAsync($"hosts/{hostId}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("containment-power-state")).ToHaveTextAsync("running");
        await Expect(page.GetByTestId("power-start")).ToHaveCountAsync(0);    // offered by state: a running VM is not started
        await page.GetByTestId("power-poweroff").ClickAsync();
        var dialog = page.GetByTestId("containment-dialog");
        await dialog.GetByTestId("containment-reason").FillAsync("INC-5002: crypto miner, stop it now");
        await dialog.GetByTestId("containment-preview-button").ClickAsync();
        await Expect(dialog.GetByTestId("containment-preview")).ToContainTextAsync("will leave it stopped");
        await dialog.GetByTestId("containment-confirm").ClickAsync();
        var status = dialog.GetByTestId("containment-status");
        await Expect(status).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Expect(status.GetByTestId("verification")).ToHaveTextAsync("verified");
        await fx.ScreenshotAsync(page, "74-host-powered-off");
        Assert.Equal("PowerState/stopped", await sdk.PowerStateAsync(vmId));

        await dialog.GetByTestId("dialog-done").ClickAsync();
        await Expect(page.GetByTestId("containment-power-state")).ToHaveTextAsync("stopped");
        await page.GetByTestId("power-undo-button").ClickAsync();
        await dialog.GetByTestId("undo-reason").FillAsync("INC-5002: miner removed");
        await dialog.GetByTestId("undo-confirm").ClickAsync();
        await Expect(dialog.GetByTestId("containment-status")).ToHaveAttributeAsync("data-status", "undone", new() { Timeout = 30_000 });
        Assert.Equal("PowerState/running", await sdk.PowerStateAsync(vmId));
        await dialog.GetByTestId("dialog-done").ClickAsync();
        await Expect(page.GetByTestId("containment-power-state")).ToHaveTextAsync("running");
        await fx.ScreenshotAsync(page, "75-host-power-restored");
    }
}
