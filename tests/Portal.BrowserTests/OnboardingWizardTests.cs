using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>The onboarding wizard end to end against the portal's bundled Azure simulator (demo mode).</summary>
[Collection(BrowserCollection.Name)]
public sealed class OnboardingWizardTests(BrowserFixture fx)
{
    private static async Task<IPage> OpenWizardAsync(BrowserFixture fx)
    {
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync("onboarding");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Onboard an Azure subscription");
        return page;
    }

    private static async Task EnterCredentialAsync(IPage page, string name, string tenant, string client, string secret)
    {
        await page.FillAsync("[data-testid=acct-name]", name);
        await page.FillAsync("[data-testid=tenant-id]", tenant);
        await page.FillAsync("[data-testid=client-id]", client);
        await page.FillAsync("[data-testid=client-secret]", secret);
        await page.Locator("[data-testid=client-secret]").BlurAsync();
    }

    [Fact]
    public async Task Admin_onboards_the_demo_subscription_and_lands_on_a_populated_hosts_page()
    {
        var page = await OpenWizardAsync(fx);
        await Expect(page.GetByTestId("demo-banner")).ToBeVisibleAsync();
        await page.Locator("[data-testid=feature-Response] input").CheckAsync();
        await fx.ScreenshotAsync(page, "20-wizard-1-features");
        await page.GetByTestId("wizard-next").ClickAsync();

        // Form checks before Azure is asked: a malformed tenant ID and a pasted Secret ID.
        await EnterCredentialAsync(page, "Fabrikam production", "not-a-guid", Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await Expect(page.GetByTestId("issue-TenantId")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("issue-ClientSecret")).ToContainTextAsync("Secret ID");
        await page.GetByTestId("wizard-next").ClickAsync();
        await Expect(page.GetByTestId("wizard-error")).ToBeVisibleAsync();
        await fx.ScreenshotAsync(page, "21-wizard-2-field-errors");

        var (client, secret) = DemoTenant.Client("fabrikam-portal-responder");
        await EnterCredentialAsync(page, "Fabrikam production", DemoTenant.TenantId, client, secret);
        await Expect(page.GetByTestId("issue-TenantId")).ToHaveCountAsync(0);
        await fx.ScreenshotAsync(page, "22-wizard-2-credentials");
        await page.GetByTestId("wizard-next").ClickAsync();

        await Expect(page.GetByTestId("token-ok")).ToBeVisibleAsync();
        await page.GetByTestId("check-access").ClickAsync();
        await Expect(page.GetByTestId("readiness-Hosts")).ToContainTextAsync("Ready");
        await Expect(page.GetByTestId("readiness-Response")).ToContainTextAsync("Ready");
        await Expect(page.GetByTestId("readiness")).ToContainTextAsync($"{DemoTenant.VmCount} VMs");
        await fx.ScreenshotAsync(page, "23-wizard-3-validate");
        await page.GetByTestId("wizard-next").ClickAsync();

        await page.SelectOptionAsync("[data-testid=host-sync]", "15");
        await fx.ScreenshotAsync(page, "24-wizard-4-policy");
        await page.GetByTestId("wizard-next").ClickAsync();
        await Expect(page.GetByTestId("review")).ToContainTextAsync("Every 15 minutes");
        await fx.ScreenshotAsync(page, "25-wizard-5-review");
        await page.GetByTestId("wizard-finish").ClickAsync();
        await Expect(page.GetByTestId("onboarded")).ToContainTextAsync("Fabrikam production is onboarded");
        await page.GetByTestId("sync-now").ClickAsync();
        await Expect(page.GetByTestId("sync-queued")).ToBeVisibleAsync();

        await page.GetByTestId("go-hosts").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Hosts");
        // The sync runs in the background: reload until the table shows the VMs.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await page.GetByTestId("host-link").CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            await page.ReloadAsync();
            await BrowserFixture.WaitForInteractiveAsync(page);
            await page.WaitForTimeoutAsync(500);
        }
        await Expect(page.GetByTestId("host-link").First).ToBeVisibleAsync();
        Assert.True(await page.GetByTestId("host-link").CountAsync() >= 20);
        await fx.ScreenshotAsync(page, "26-hosts-populated");

        // Filter by power state, then open a host and see its network path.
        await page.SelectOptionAsync("[data-testid=host-power]", "running");
        await Expect(page.GetByTestId("host-power-cell").Filter(new() { HasNotText = "running" })).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("host-power-cell").First).ToHaveTextAsync("running");
        await page.GetByTestId("host-link").First.ClickAsync();
        await Expect(page.GetByTestId("host-properties")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("nsg").First).ToBeVisibleAsync();
        await fx.ScreenshotAsync(page, "27-host-detail");

        await page.GotoAsync("accounts");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var card = page.GetByTestId("account-card").Filter(new() { HasText = "Fabrikam production" });
        await Expect(card.GetByTestId("account-status")).ToHaveTextAsync("Healthy");
        await Expect(card).Not.ToContainTextAsync("Last host sync never");
        await fx.ScreenshotAsync(page, "28-accounts");
        await page.GotoAsync("");
        await Expect(page.GetByTestId("chart-regions")).ToBeVisibleAsync();
        await fx.ScreenshotAsync(page, "29-overview-with-data");
    }

    [Theory]
    [InlineData("wrong-secret", "AADSTS7000215")]
    [InlineData("expired", "AADSTS7000222")]
    [InlineData("unknown-client", "AADSTS700016")]
    [InlineData("unknown-tenant", "AADSTS90002")]
    public async Task Credential_errors_are_shown_with_their_code_meaning_and_fix(string scenario, string code)
    {
        var page = await OpenWizardAsync(fx);
        await page.GetByTestId("wizard-next").ClickAsync();
        var (client, secret) = DemoTenant.Client(scenario == "expired" ? "fabrikam-portal-expired" : "fabrikam-portal-responder");
        var tenant = DemoTenant.TenantId;
        switch (scenario)
        {
            case "wrong-secret": secret = "Wr0ngQ~this-is-not-the-secret-of-this-app"; break;
            case "unknown-client": client = Guid.NewGuid().ToString(); break;
            case "unknown-tenant": tenant = Guid.NewGuid().ToString(); break;
        }
        await EnterCredentialAsync(page, "Error case", tenant, client, secret);
        await page.GetByTestId("wizard-next").ClickAsync();
        await Expect(page.GetByTestId("wizard-error-code")).ToHaveTextAsync(code);
        await Expect(page.GetByTestId("wizard-error")).ToContainTextAsync("Fix:");
        Assert.DoesNotContain(secret, await page.GetByTestId("wizard-error").InnerTextAsync());
        await fx.ScreenshotAsync(page, $"30-wizard-error-{code}");
        // Back keeps what was typed, except nothing is lost: the fields are still filled.
        await page.GetByTestId("wizard-back").ClickAsync();
        await Expect(page.GetByTestId("tenant-id")).ToHaveValueAsync(tenant);
    }

    [Fact]
    public async Task Reader_only_app_shows_the_missing_actions_and_offers_a_least_privilege_role()
    {
        var page = await OpenWizardAsync(fx);
        await page.Locator("[data-testid=feature-Response] input").CheckAsync();
        await page.GetByTestId("wizard-next").ClickAsync();
        var (client, secret) = DemoTenant.Client("fabrikam-portal-reader");
        await EnterCredentialAsync(page, "Reader only", DemoTenant.TenantId, client, secret);
        await page.GetByTestId("wizard-next").ClickAsync();
        await page.GetByTestId("check-access").ClickAsync();
        await Expect(page.GetByTestId("readiness-Hosts")).ToContainTextAsync("Ready");
        await Expect(page.GetByTestId("readiness-Response")).ToContainTextAsync("Missing");
        await Expect(page.GetByTestId("readiness-Response")).ToContainTextAsync("Microsoft.Compute/virtualMachines/deallocate/action");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-role").ClickAsync());
        var path = await download.PathAsync();
        var json = await File.ReadAllTextAsync(path!);
        Assert.Contains("Microsoft.Network/networkSecurityGroups/securityRules/write", json);
        await fx.ScreenshotAsync(page, "31-wizard-reader-missing");
    }

    [Fact]
    public async Task A_reload_keeps_the_wizard_but_never_the_secret()
    {
        var page = await OpenWizardAsync(fx);
        await page.GetByTestId("wizard-next").ClickAsync();
        var (client, secret) = DemoTenant.Client("fabrikam-portal-responder");
        await EnterCredentialAsync(page, "Kept across reload", DemoTenant.TenantId, client, secret);
        await page.GetByTestId("wizard-next").ClickAsync();
        await Expect(page.GetByTestId("token-ok")).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync());

        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("acct-name")).ToHaveValueAsync("Kept across reload");
        await Expect(page.GetByTestId("client-id")).ToHaveValueAsync(client);
        await Expect(page.GetByTestId("client-secret")).ToHaveValueAsync("");
        await Expect(page.GetByTestId("secret-reenter")).ToBeVisibleAsync();
        var storage = await page.EvaluateAsync<string>("() => JSON.stringify(sessionStorage)");
        Assert.DoesNotContain(secret, storage);
    }
}
