using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Portal.BrowserTests.WizardUi;

namespace Portal.BrowserTests;

/// <summary>Editing an account reuses the wizard's steps (numbered 1..n); a new secret is checked before it replaces the old one;
/// Sync now follows its runs live; removal asks first in a dialog.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountEditTests(BrowserFixture fx)
{
    [Fact]
    public async Task Admin_edits_the_policy_is_refused_a_wrong_secret_syncs_and_removes_the_account()
    {
        using var api = new HttpClient { BaseAddress = fx.Portal.BaseUri };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalProcess.BootstrapToken);
        var name = "Edit me " + Guid.NewGuid().ToString("N")[..4];
        var created = await api.PostAsJsonAsync("api/v1/accounts", new
        {
            name, tenantId = DemoTenant.TenantId, clientId = DemoTenant.Reader.ClientId, clientSecret = DemoTenant.Reader.Secret,
            subscriptionIds = new[] { DemoTenant.SubscriptionId }, features = new[] { "Hosts" },
            secretExpiresOn = DateTime.UtcNow.Date.AddDays(20),
            syncPolicy = new { regions = (string[]?)null, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60 },
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("account").GetProperty("id").GetString();

        var page = await fx.SignedInPageAsync();
        await page.GotoAsync("accounts");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var card = page.GetByTestId("account-card").Filter(new() { HasText = name });
        // 20 days left: the 30-day warning, with the countdown.
        await Expect(card.GetByTestId("secret-warning")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"expires in (19|20) days"));
        await card.GetByTestId("account-edit").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Edit {name}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        // The edit wizard has no Validate step and numbers what it shows 1..4 (it used to show 1, 2, 4, 5).
        Assert.Equal(["1 Features", "2 Credentials", "3 Sync policy", "4 Review"],
            (await StepLabelsAsync(page)).Select(OnboardingWizardTests.Normalise));
        await page.GetByTestId("wizard-next").ClickAsync();                       // features unchanged

        // A wrong new secret is refused on the Credentials step itself, with Azure's code; Next waits.
        await page.FillAsync("[data-testid=client-secret]", "Wr0ngQ~rotated-secret-that-Entra-refuses");
        await page.Locator("[data-testid=client-secret]").BlurAsync();
        await page.GetByTestId("wizard-next").ClickAsync();
        await Expect(page.GetByTestId("wizard-error-code")).ToHaveTextAsync("AADSTS7000215");
        await Expect(page.GetByTestId("wizard-next")).ToBeDisabledAsync();
        await Expect(page.Locator(".mud-input-control").Filter(new() { Has = page.GetByTestId("client-secret") })).ToContainTextAsync("AADSTS7000215");
        await ShotsAsync(fx, page, "40-edit-wrong-secret", ".onboarding-page");

        // Keep the old secret: clear the field, save the new policy.
        await page.FillAsync("[data-testid=client-secret]", "");
        await page.Locator("[data-testid=client-secret]").BlurAsync();
        await Expect(page.GetByTestId("wizard-next")).ToBeEnabledAsync();
        await page.GetByTestId("wizard-next").ClickAsync();
        await ChooseAsync(page, "host-sync", "Every 30 minutes");
        await page.GetByTestId("wizard-next").ClickAsync();
        await Expect(page.GetByTestId("review")).ToContainTextAsync("Every 30 minutes");
        await page.GetByTestId("wizard-finish").ClickAsync();
        await Expect(page.GetByTestId("onboarded")).ToBeVisibleAsync();
        var account = JsonDocument.Parse(await api.GetStringAsync($"api/v1/accounts/{id}")).RootElement;
        Assert.Equal(30, account.GetProperty("syncPolicy").GetProperty("hostSyncMinutes").GetInt32());
        Assert.Equal("Healthy", account.GetProperty("status").GetString());

        // Sync now on the accounts page: the host sync (the account's only asset sync), followed until it is done.
        await page.GotoAsync("accounts");
        await BrowserFixture.WaitForInteractiveAsync(page);
        card = page.GetByTestId("account-card").Filter(new() { HasText = name });
        await card.GetByTestId("account-sync").ClickAsync();
        await Expect(card.GetByTestId("sync-progress")).ToHaveCountAsync(1);
        await Expect(card.Locator("[data-testid=sync-progress][data-kind=Hosts]")).ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 90_000 });
        await Expect(card.GetByTestId("last-Hosts")).Not.ToContainTextAsync("never");
        await Expect(card.GetByTestId("next-Hosts")).Not.ToContainTextAsync("off");
        await ShotsAsync(fx, page, "41-accounts-synced", ".accounts-page");

        await card.GetByTestId("account-remove").ClickAsync();
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Its jobs stop and its hosts are deleted");
        await ShotsAsync(fx, page, "42-accounts-remove-confirm", ".accounts-page");
        await page.Locator(".mud-dialog").GetByTestId("account-remove-confirm").ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = $"{name} was removed." })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("account-card").Filter(new() { HasText = name })).ToHaveCountAsync(0);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync($"api/v1/accounts/{id}")).StatusCode);
        Assert.Contains("account.remove", await api.GetStringAsync($"api/v1/audit?search={id}"));
    }
}
