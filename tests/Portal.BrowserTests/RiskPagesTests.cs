using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>Configuration risks end to end on the demo tenant: re-scan from the page, filter, drill into a failing check, whitelist a
/// failed resource, find the entry, remove it, see the counts come back; the resource's settings and the overview's risk counts.
/// Counts are compared before and after, never taken from the seed.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RiskPagesTests(BrowserFixture fx)
{
    [GeneratedRegex(@"\d+")] private static partial Regex Number();

    private static async Task<int> IntAsync(ILocator l) => int.Parse(Number().Match(await l.InnerTextAsync()).Value);

    private async Task<(string Id, string Name)> OnboardWithCspmAsync()
    {
        using var api = new HttpClient { BaseAddress = fx.Portal.BaseUri };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalProcess.BootstrapToken);
        var name = "Risks " + Guid.NewGuid().ToString("N")[..4];
        var created = await api.PostAsJsonAsync("api/v1/accounts", new
        {
            name, tenantId = DemoTenant.TenantId, clientId = DemoTenant.Responder.ClientId, clientSecret = DemoTenant.Responder.Secret,
            subscriptionIds = new[] { DemoTenant.SubscriptionId }, features = new[] { "Cspm" },
            syncPolicy = new { regions = (string[]?)null, hostSyncMinutes = 0, resourceSyncMinutes = 0, healthCheckMinutes = 0 },
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("account").GetProperty("id").GetString()!;
        return (id, name);
    }

    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await BrowserFixture.WaitForInteractiveAsync(page);
    }

    [Fact]
    public async Task Analyst_rescans_drills_into_a_failing_check_whitelists_a_resource_and_removing_the_entry_brings_the_failure_back()
    {
        var (accountId, accountName) = await OnboardWithCspmAsync();
        try
        {
            await WalkThroughAsync(accountId, accountName);
        }
        finally
        {
            // Other tests of the shared portal look accounts up by the demo subscription's name: leave none behind.
            using var api = new HttpClient { BaseAddress = fx.Portal.BaseUri };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalProcess.BootstrapToken);
            await api.DeleteAsync($"api/v1/accounts/{accountId}");
        }
    }

    private async Task WalkThroughAsync(string accountId, string accountName)
    {
        var page = await fx.SignedInPageAsync();

        // Re-scan now runs the resource sync and the scan; the page shows progress and then the result.
        await OpenAsync(page, $"risks?accountId={accountId}");
        var rescan = page.GetByTestId("rescan-account").Filter(new() { HasText = accountName });
        await rescan.GetByTestId("rescan-now").ClickAsync();
        await Expect(rescan.Locator(".sync-progress.succeeded")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(rescan.GetByTestId("rescan-progress-text")).ToContainTextAsync("checks failed");
        await Expect(page.GetByTestId("risk-row").First).ToBeVisibleAsync();
        await fx.ScreenshotAsync(page, "60-risks");

        // Rows are sorted by severity, then by failed count; filtering by severity keeps only that severity.
        var severities = await page.GetByTestId("risk-severity-cell").AllInnerTextsAsync();
        var order = new[] { "Critical", "High", "Medium", "Low" };
        Assert.Equal(severities.OrderBy(s => Array.IndexOf(order, s)), severities);
        Assert.All(await page.GetByTestId("risk-failed").AllInnerTextsAsync(), f => Assert.True(int.Parse(f) > 0));
        var severity = severities[0];
        await page.SelectOptionAsync("[data-testid=risk-severity]", severity);
        await Expect(page).ToHaveURLAsync(new Regex($"severity={severity}"));
        await Expect(page.GetByTestId("risk-severity-cell").Filter(new() { HasNotText = severity })).ToHaveCountAsync(0);
        Assert.Contains($"severity={severity}", await page.GetByTestId("risks-export-csv").GetAttributeAsync("href"));
        Assert.Contains($"accountId={accountId}", await page.GetByTestId("risks-export-json").GetAttributeAsync("href"));
        await fx.ScreenshotAsync(page, "61-risks-filtered-by-severity");

        // Drill into the most severe failing check (rows are sorted by failed count within a severity).
        var row = page.GetByTestId("risk-row").First;
        var checkId = (await row.GetAttributeAsync("data-check"))!;
        var failed = await IntAsync(row.GetByTestId("risk-failed"));
        var whitelisted = await IntAsync(row.GetByTestId("risk-whitelisted"));
        await row.GetByTestId("risk-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"risks/{Regex.Escape(checkId)}"));
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.GetByTestId("detail-cli")).ToContainTextAsync("az ");
        await Expect(page.GetByTestId("detail-count-failed")).ToHaveTextAsync(failed.ToString());
        var failedRow = page.GetByTestId("detail-row").First;
        await Expect(failedRow.GetByTestId("detail-status")).ToHaveTextAsync("Failed");
        Assert.False(string.IsNullOrWhiteSpace(await failedRow.GetByTestId("detail-evidence").InnerTextAsync()));
        var resourceId = (await failedRow.GetAttributeAsync("data-resource"))!;
        var resourceName = (await failedRow.GetByTestId("detail-resource").InnerTextAsync()).Trim();
        await fx.ScreenshotAsync(page, "62-risk-detail");

        // Whitelist it: one click plus a reason; a missing reason is refused inline first.
        await failedRow.GetByTestId("whitelist-open").ClickAsync();
        await Expect(page.GetByTestId("whitelist-scope-value")).ToHaveValueAsync(resourceId);
        await page.GetByTestId("whitelist-save").ClickAsync();
        await Expect(page.GetByTestId("whitelist-error")).ToContainTextAsync("'reason' is required");
        var reason = "Accepted in browser test " + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("[data-testid=whitelist-reason]", reason);
        await fx.ScreenshotAsync(page, "63-risk-whitelist-form");
        await page.GetByTestId("whitelist-save").ClickAsync();
        await Expect(page.GetByTestId("detail-message")).ToContainTextAsync($"Failed {failed} → {failed - 1}, whitelisted {whitelisted} → {whitelisted + 1}");
        await Expect(page.GetByTestId("detail-count-failed")).ToHaveTextAsync((failed - 1).ToString());
        await Expect(page.GetByTestId("detail-count-whitelisted")).ToHaveTextAsync((whitelisted + 1).ToString());
        await page.GetByTestId("detail-tab-whitelisted").ClickAsync();
        await Expect(page.Locator($"[data-testid=detail-row][data-resource='{resourceId}'] [data-testid=detail-status]")).ToHaveTextAsync("Whitelisted");

        // The list shows the new counts, and the check under the whitelisted filter.
        await OpenAsync(page, $"risks?accountId={accountId}&status=whitelisted");
        var listed = page.Locator($"[data-testid=risk-row][data-check='{checkId}']");
        await Expect(listed.GetByTestId("risk-whitelisted")).ToHaveTextAsync((whitelisted + 1).ToString());
        await Expect(listed.GetByTestId("risk-failed")).ToHaveTextAsync((failed - 1).ToString());
        await fx.ScreenshotAsync(page, "64-risks-whitelisted-filter");

        // A Viewer reads the same pages but gets no re-scan, whitelist, edit or remove controls.
        var viewer = $"risk-viewer-{Guid.NewGuid().ToString("N")[..6]}@browser.test";
        const string password = "Viewer-Passw0rd-456";
        await OpenAsync(page, "settings");
        await page.FillAsync("[data-testid=user-email]", viewer);
        await page.SelectOptionAsync("[data-testid=user-role]", "Viewer");
        await page.FillAsync("[data-testid=user-password]", password);
        await page.GetByTestId("user-create").ClickAsync();
        await Expect(page.GetByTestId("user-message")).ToContainTextAsync($"User {viewer} added as Viewer.");
        var viewerPage = await fx.SignedInPageAsync(viewer, password);
        await OpenAsync(viewerPage, $"risks?accountId={accountId}");
        await Expect(viewerPage.GetByTestId("rescan-account").Filter(new() { HasText = accountName })).ToBeVisibleAsync();
        await Expect(viewerPage.GetByTestId("rescan-now")).ToHaveCountAsync(0);
        await OpenAsync(viewerPage, $"risks/{checkId}?accountId={accountId}");
        await Expect(viewerPage.GetByTestId("detail-count-failed")).ToHaveTextAsync((failed - 1).ToString());
        await viewerPage.GetByTestId("detail-tab-all").ClickAsync();
        await Expect(viewerPage.GetByTestId("detail-row").First).ToBeVisibleAsync();
        await Expect(viewerPage.GetByTestId("whitelist-open")).ToHaveCountAsync(0);
        await OpenAsync(viewerPage, "whitelists");
        await viewerPage.FillAsync("[data-testid=whitelist-search]", reason);
        await Expect(viewerPage.GetByTestId("whitelist-row").GetByTestId("whitelist-state-cell")).ToHaveTextAsync("Active");
        await Expect(viewerPage.GetByTestId("whitelist-edit")).ToHaveCountAsync(0);
        await Expect(viewerPage.GetByTestId("whitelist-remove")).ToHaveCountAsync(0);
        await fx.ScreenshotAsync(viewerPage, "65-whitelists-viewer");

        // The Whitelists page finds it; an invalid edit is refused inline; removal asks first.
        await OpenAsync(page, "whitelists");
        await page.FillAsync("[data-testid=whitelist-search]", reason);
        var entry = page.GetByTestId("whitelist-row").Filter(new() { HasText = reason });
        await Expect(entry).ToHaveCountAsync(1);
        await Expect(entry.GetByTestId("whitelist-scope")).ToHaveTextAsync(resourceId);
        await Expect(entry.GetByTestId("whitelist-state-cell")).ToHaveTextAsync("Active");
        await entry.GetByTestId("whitelist-edit").ClickAsync();
        await page.FillAsync("[data-testid=whitelist-scope-value]", "/subscriptions/not-a-guid");
        await page.GetByTestId("whitelist-save").ClickAsync();
        await Expect(page.GetByTestId("whitelist-error")).ToContainTextAsync("is not an ARM resource id");
        await fx.ScreenshotAsync(page, "65-whitelists-edit-error");
        await page.GetByTestId("whitelist-cancel").ClickAsync();
        await fx.ScreenshotAsync(page, "66-whitelists");
        await entry.GetByTestId("whitelist-remove").ClickAsync();
        await entry.GetByTestId("whitelist-remove-confirm").ClickAsync();
        await Expect(page.GetByTestId("whitelist-message")).ToContainTextAsync("count as failed again");
        await Expect(page.GetByTestId("whitelist-row").Filter(new() { HasText = reason })).ToHaveCountAsync(0);
        await page.SelectOptionAsync("[data-testid=whitelist-state]", "Removed");
        await Expect(page.GetByTestId("whitelist-row").Filter(new() { HasText = reason }).GetByTestId("whitelist-state-cell")).ToHaveTextAsync("Removed");

        // The failure is back.
        await OpenAsync(page, $"risks?accountId={accountId}");
        listed = page.Locator($"[data-testid=risk-row][data-check='{checkId}']");
        await Expect(listed.GetByTestId("risk-failed")).ToHaveTextAsync(failed.ToString());
        await Expect(listed.GetByTestId("risk-whitelisted")).ToHaveTextAsync(whitelisted.ToString());

        // The resource's settings and its failed checks.
        await OpenAsync(page, "resources");
        await page.SelectOptionAsync("[data-testid=resource-account]", new SelectOptionValue { Label = accountName });
        await page.FillAsync("[data-testid=resource-search]", resourceId);
        await Expect(page.GetByTestId("resource-link")).ToHaveCountAsync(1);
        await fx.ScreenshotAsync(page, "67-cloud-resources");
        await page.GetByTestId("resource-link").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(resourceName);
        await Expect(page.GetByTestId("resource-json")).ToContainTextAsync("\"properties\"");
        await Expect(page.Locator($"[data-testid=resource-failed-check]:has(a[href^='risks/{checkId}?'])")).ToContainTextAsync("Failed");
        await fx.ScreenshotAsync(page, "68-cloud-resource-detail");

        // The overview counts failed results by severity and draws the trend.
        await OpenAsync(page, "");
        var severityTotal = 0;
        foreach (var s in order) severityTotal += await IntAsync(page.GetByTestId($"overview-severity-{s.ToLowerInvariant()}"));
        Assert.True(severityTotal >= failed, $"overview counts {severityTotal} failed results, the check alone has {failed}");
        await Expect(page.GetByTestId("bar-risk-service").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("trend-bar").First).ToBeVisibleAsync();
        await fx.ScreenshotAsync(page, "69-overview-risks");
    }
}
