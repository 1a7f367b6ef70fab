using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>Editing an account reuses the wizard's steps; a new secret is checked before it replaces the old one; removal asks first.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountEditTests(BrowserFixture fx)
{
    [Fact]
    public async Task Admin_edits_the_policy_is_refused_a_wrong_secret_and_removes_the_account()
    {
        using var api = new HttpClient { BaseAddress = fx.Portal.BaseUri };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalProcess.BootstrapToken);
        var name = "Edit me " + Guid.NewGuid().ToString("N")[..4];
        var created = await api.PostAsJsonAsync("api/v1/accounts", new
        {
            name, tenantId = DemoTenant.TenantId, clientId = DemoTenant.Reader.ClientId, clientSecret = DemoTenant.Reader.Secret,
            subscriptionIds = new[] { DemoTenant.SubscriptionId }, features = new[] { "Hosts" },
            syncPolicy = new { regions = (string[]?)null, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60 },
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("account").GetProperty("id").GetString();

        var page = await fx.SignedInPageAsync();
        await page.GotoAsync("accounts");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var card = page.GetByTestId("account-card").Filter(new() { HasText = name });
        await card.GetByTestId("account-edit").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Edit {name}");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("wizard-next").ClickAsync();                       // features unchanged
        await page.FillAsync("[data-testid=client-secret]", "Wr0ngQ~rotated-secret-that-Entra-refuses");
        await page.GetByTestId("wizard-next").ClickAsync();
        await page.SelectOptionAsync("[data-testid=host-sync]", "30");
        await page.GetByTestId("wizard-next").ClickAsync();
        await Expect(page.GetByTestId("review")).ToContainTextAsync("Every 30 minutes");
        await page.GetByTestId("wizard-finish").ClickAsync();
        await Expect(page.GetByTestId("wizard-error-code")).ToHaveTextAsync("AADSTS7000215");
        await fx.ScreenshotAsync(page, "40-edit-wrong-secret");

        // Keep the old secret: go back, clear the field, save the new policy.
        await page.GetByTestId("wizard-back").ClickAsync();
        await page.GetByTestId("wizard-back").ClickAsync();
        await page.FillAsync("[data-testid=client-secret]", "");
        await page.GetByTestId("wizard-next").ClickAsync();
        await page.GetByTestId("wizard-next").ClickAsync();
        await page.GetByTestId("wizard-finish").ClickAsync();
        await Expect(page.GetByTestId("onboarded")).ToBeVisibleAsync();
        var account = JsonDocument.Parse(await api.GetStringAsync($"api/v1/accounts/{id}")).RootElement;
        Assert.Equal(30, account.GetProperty("syncPolicy").GetProperty("hostSyncMinutes").GetInt32());
        Assert.Equal("Healthy", account.GetProperty("status").GetString());

        await page.GotoAsync("accounts");
        await BrowserFixture.WaitForInteractiveAsync(page);
        card = page.GetByTestId("account-card").Filter(new() { HasText = name });
        await card.GetByTestId("account-remove").ClickAsync();
        await Expect(card).ToContainTextAsync("Its jobs stop and its hosts are deleted");
        await fx.ScreenshotAsync(page, "41-accounts-remove-confirm");
        await card.GetByTestId("account-remove-confirm").ClickAsync();
        await Expect(page.GetByTestId("accounts-message")).ToContainTextAsync($"{name} was removed.");
        await Expect(page.GetByTestId("account-card").Filter(new() { HasText = name })).ToHaveCountAsync(0);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync($"api/v1/accounts/{id}")).StatusCode);
        Assert.Contains("account.remove", await api.GetStringAsync($"api/v1/audit?search={id}"));
    }
}
