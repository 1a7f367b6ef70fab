using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Portal.BrowserTests.WizardUi;

namespace Portal.BrowserTests;

/// <summary>The onboarding wizard end to end against the portal's bundled Azure simulator (demo mode).</summary>
[Collection(BrowserCollection.Name)]
public sealed class OnboardingWizardTests(BrowserFixture fx)
{
    [Fact]
    public async Task Admin_onboards_the_demo_subscription_and_lands_on_a_populated_hosts_page()
    {
        var page = await OpenWizardAsync(fx);
        await Expect(page.GetByTestId("demo-banner")).ToBeVisibleAsync();
        Assert.Equal(["1 Features", "2 Credentials", "3 Validate", "4 Sync policy", "5 Review"], (await StepLabelsAsync(page)).Select(Normalise));
        await page.Locator("[data-testid=feature-Response] input").CheckAsync();
        await ShotsAsync(fx, page, "20-wizard-1-features", ".onboarding-page");
        await page.GetByTestId("wizard-next").ClickAsync();

        // Form checks before Azure is asked: a malformed tenant ID and a pasted Secret ID; Next waits for a correction.
        await EnterCredentialAsync(page, "Fabrikam production", "not-a-guid", Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await Expect(page.GetByTestId("issue-TenantId")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("issue-ClientSecret")).ToContainTextAsync("Secret ID");
        await Expect(page.GetByTestId("wizard-next")).ToBeDisabledAsync();
        await ShotsAsync(fx, page, "21-wizard-2-field-errors", ".onboarding-page");

        var (client, secret) = DemoTenant.Client("fabrikam-portal-responder");
        await EnterCredentialAsync(page, "Fabrikam production", DemoTenant.TenantId, client, secret);
        await Expect(page.GetByTestId("issue-TenantId")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("wizard-next")).ToBeEnabledAsync();
        await ShotsAsync(fx, page, "22-wizard-2-credentials", ".onboarding-page");
        await page.GetByTestId("wizard-next").ClickAsync();

        await Expect(page.GetByTestId("token-ok")).ToBeVisibleAsync();
        // Access not checked yet: Next says what to do, on this screen.
        await Expect(page.GetByTestId("wizard-next")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("wizard-next-hint")).ToContainTextAsync("Check access");
        await page.GetByTestId("check-access").ClickAsync();
        await Expect(page.GetByTestId("readiness-Hosts")).ToContainTextAsync("Ready");
        await Expect(page.GetByTestId("readiness-Response")).ToContainTextAsync("Ready");
        await Expect(page.GetByTestId("readiness")).ToContainTextAsync($"{DemoTenant.VmCount} VMs");
        await ShotsAsync(fx, page, "23-wizard-3-validate", ".onboarding-page");
        await page.GetByTestId("wizard-next").ClickAsync();

        await ChooseAsync(page, "host-sync", "Every 15 minutes");
        await ShotsAsync(fx, page, "24-wizard-4-policy", ".onboarding-page");
        await page.GetByTestId("wizard-next").ClickAsync();
        await Expect(page.GetByTestId("review")).ToContainTextAsync("Every 15 minutes");
        await ShotsAsync(fx, page, "25-wizard-5-review", ".onboarding-page");
        await page.GetByTestId("wizard-finish").ClickAsync();
        await Expect(page.GetByTestId("onboarded")).ToContainTextAsync("Fabrikam production is onboarded");
        await page.GetByTestId("sync-now").ClickAsync();
        await Expect(page.GetByTestId("sync-queued")).ToBeVisibleAsync();
        // Live progress until the host sync is done (Hosts and Response: only the host sync is needed).
        await Expect(page.GetByTestId("sync-progress")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=sync-progress][data-kind=Hosts]")).ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 90_000 });
        await ShotsAsync(fx, page, "25-wizard-6-synchronized", ".onboarding-page");

        await page.GetByTestId("go-hosts").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Hosts");
        await BrowserFixture.WaitForInteractiveAsync(page);
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
        var card = page.GetByTestId("account-card").Filter(new() { Has = page.GetByTestId("account-name").GetByText("Fabrikam production", new() { Exact = true }) });
        await Expect(card.GetByTestId("account-status")).ToHaveTextAsync("Healthy");
        await Expect(card.GetByTestId("last-Hosts")).Not.ToContainTextAsync("never");
        await Expect(card.GetByTestId("account-features")).ToContainTextAsync("Response");
        await ShotsAsync(fx, page, "28-accounts", ".accounts-page");
        await page.GotoAsync("");
        await Expect(page.GetByTestId("chart-regions")).ToBeVisibleAsync();
        await fx.ScreenshotAsync(page, "29-overview-with-data");
    }

    /// <summary>Defect 1: with CSPM chosen, "Synchronize assets now" runs the resource sync and the configuration scan too.</summary>
    [Fact]
    public async Task Synchronize_assets_now_with_CSPM_fills_cloud_resources_and_configuration_risks()
    {
        var name = "CSPM now " + Guid.NewGuid().ToString("N")[..4];
        var page = await OpenWizardAsync(fx);
        await page.Locator("[data-testid=feature-Cspm] input").CheckAsync();
        await page.GetByTestId("wizard-next").ClickAsync();
        var (client, secret) = DemoTenant.Responder;
        await EnterCredentialAsync(page, name, DemoTenant.TenantId, client, secret);
        await page.GetByTestId("wizard-next").ClickAsync();
        await page.GetByTestId("check-access").ClickAsync();
        await Expect(page.GetByTestId("readiness-Cspm")).ToBeVisibleAsync();
        await page.GetByTestId("wizard-next").ClickAsync();
        await page.GetByTestId("wizard-next").ClickAsync();
        await page.GetByTestId("wizard-finish").ClickAsync();
        await Expect(page.GetByTestId("onboarded")).ToContainTextAsync($"{name} is onboarded");
        await Expect(page.GetByTestId("onboarded")).ToContainTextAsync("configuration scan (CSPM)");

        await page.GetByTestId("sync-now").ClickAsync();
        await Expect(page.GetByTestId("sync-progress")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("sync-now")).ToBeDisabledAsync();
        var hosts = page.Locator("[data-testid=sync-progress][data-kind=Hosts]");
        var resources = page.Locator("[data-testid=sync-progress][data-kind=Resources]");
        await Expect(hosts).ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 120_000 });
        await Expect(resources).ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 120_000 });
        await Expect(resources.GetByTestId("sync-progress-text")).ToContainTextAsync("checks failed");
        await Expect(page.GetByTestId("sync-now")).ToBeEnabledAsync();
        await ShotsAsync(fx, page, "32-wizard-sync-cspm-done", ".onboarding-page");

        // The stored state the other pages read: resources and a last scan time for this account.
        await page.GetByTestId("go-resources").ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await PollAsync(page, async () => await page.GetByTestId("resource-link").CountAsync() > 0, TimeSpan.FromSeconds(30), "cloud resources");
        Assert.True(await page.GetByTestId("resource-link").CountAsync() > 5);

        await page.GotoAsync("risks");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var scan = page.GetByTestId("rescan-account").Filter(new() { HasText = name });
        await PollAsync(page, async () => !(await scan.InnerTextAsync()).Contains("last scan never"), TimeSpan.FromSeconds(30), "the last scan time");
        await Expect(scan).ToContainTextAsync(new Regex(@"last scan \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC"));
        await Expect(page.GetByTestId("risk-row").First).ToBeVisibleAsync();
    }

    /// <summary>Defect 3: a failed credential check keeps the step open, Next disabled, one error with Azure's code, meaning and fix,
    /// and the field it is about marked.</summary>
    [Theory]
    [InlineData("wrong-secret", "AADSTS7000215", "client-secret")]
    [InlineData("expired", "AADSTS7000222", "client-secret")]
    [InlineData("unknown-client", "AADSTS700016", "client-id")]
    [InlineData("unknown-tenant", "AADSTS90002", "tenant-id")]
    public async Task Credential_errors_are_shown_with_their_code_meaning_and_fix(string scenario, string code, string field)
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
        await Expect(page.GetByTestId("wizard-error")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("wizard-error-fix")).ToContainTextAsync("Fix:");
        var error = await page.GetByTestId("wizard-error").InnerTextAsync();
        Assert.DoesNotContain(secret, error);
        Assert.DoesNotContain("InvalidInput", error);
        Assert.DoesNotContain("Check access", error);
        // Still on Credentials, not complete, Next disabled; the field is marked with the code.
        await Expect(page.GetByTestId(field)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("wizard-next")).ToBeDisabledAsync();
        await Expect(page.Locator(".mud-step.active")).ToContainTextAsync("Credentials");
        await Expect(page.Locator(".mud-step.active")).Not.ToHaveClassAsync(new Regex("mud-step-completed"));
        var marked = page.Locator(".mud-input-control").Filter(new() { Has = page.GetByTestId(field) });
        await Expect(marked.Locator(".mud-input-error, .mud-input-helper-text.mud-input-error").First).ToBeVisibleAsync();
        await Expect(marked).ToContainTextAsync(code);
        if (scenario == "wrong-secret") await ShotsAsync(fx, page, $"30-wizard-error-{code}", ".onboarding-page");

        // Changing the field lifts the block; what was typed is kept.
        await page.FillAsync($"[data-testid={field}]", field == "client-secret" ? "Wr0ngQ~another-try-that-is-also-wrong" : Guid.NewGuid().ToString());
        await page.Locator($"[data-testid={field}]").BlurAsync();
        await Expect(page.GetByTestId("wizard-next")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("wizard-error")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("acct-name")).ToHaveValueAsync("Error case");
        if (field != "tenant-id") await Expect(page.GetByTestId("tenant-id")).ToHaveValueAsync(tenant);
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
        await ShotsAsync(fx, page, "31-wizard-reader-missing", ".onboarding-page");
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
        // Back keeps the features chosen before the reload.
        await page.GetByTestId("wizard-back").ClickAsync();
        await Expect(page.Locator("[data-testid=feature-Hosts] input")).ToBeCheckedAsync();
    }

    internal static string Normalise(string label) => Regex.Replace(label, @"\s+", " ").Trim();
}
