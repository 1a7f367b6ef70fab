using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ShellTests(BrowserFixture fx)
{
    [Fact]
    public async Task Anonymous_visitor_is_sent_to_sign_in_and_back_to_the_page_asked_for()
    {
        var page = await fx.NewPageAsync();
        await page.GotoAsync("audit");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("account/login\\?ReturnUrl=%2Faudit"));
        await fx.ScreenshotAsync(page, "01-sign-in");
        await page.FillAsync("#email", PortalProcess.AdminEmail);
        await page.FillAsync("#password", PortalProcess.AdminPassword);
        await page.ClickAsync("[data-testid=login-submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Audit log");
    }

    [Fact]
    public async Task Wrong_password_shows_a_message_and_stays_signed_out()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, PortalProcess.AdminEmail, "not-the-password");
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("The email or password is not correct.");
        await page.GotoAsync("");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("account/login"));
    }

    [Fact]
    public async Task Every_navigation_entry_opens_its_page_and_each_is_screenshotted()
    {
        var page = await fx.SignedInPageAsync();
        await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("Admin");
        var pages = new (string Link, string Title, string Shot)[]
        {
            ("Overview", "Overview", "02-overview"), ("Onboarding", "Onboard an Azure subscription", "03-onboarding"),
            ("Cloud accounts", "Cloud accounts", "03b-accounts"), ("Hosts", "Hosts", "04-hosts"),
            ("Configuration risks", "Configuration risks", "05-risks"), ("Whitelists", "Whitelists", "06-whitelists"),
            ("Response", "Response", "07-response"), ("Audit log", "Audit log", "08-audit"), ("Settings", "Settings", "09-settings"),
        };
        foreach (var (link, title, shot) in pages)
        {
            await page.Locator(".portal-nav-link", new() { HasText = link }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync(title);
            await Expect(page.Locator(".portal-nav-link.active")).ToContainTextAsync(link);
            if (link == "Audit log") await Expect(page.Locator("table tbody tr").First).ToBeVisibleAsync();
            await fx.ScreenshotAsync(page, shot);
        }
    }

    [Fact]
    public async Task Theme_switch_changes_the_theme_and_survives_a_reload()
    {
        var page = await fx.SignedInPageAsync();
        var html = page.Locator("html");
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "light");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "dark");
        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "dark");
        await fx.ScreenshotAsync(page, "10-overview-dark");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-bs-theme", "light");
    }

    [Fact]
    public async Task Viewer_is_refused_the_settings_page_and_does_not_see_admin_navigation()
    {
        const string viewer = "viewer@browser.test", password = "Viewer-Passw0rd-123";
        var admin = await fx.SignedInPageAsync();
        await admin.GotoAsync("settings");
        await BrowserFixture.WaitForInteractiveAsync(admin);
        await admin.FillAsync("[data-testid=user-email]", viewer);
        await admin.SelectOptionAsync("[data-testid=user-role]", "Viewer");
        await admin.FillAsync("[data-testid=user-password]", password);
        await admin.GetByTestId("user-create").ClickAsync();
        await Expect(admin.GetByTestId("user-message")).ToContainTextAsync($"User {viewer} added as Viewer.");

        var page = await fx.SignedInPageAsync(viewer, password);
        await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("Viewer");
        await Expect(page.Locator(".portal-nav-link", new() { HasText = "Settings" })).ToHaveCountAsync(0);
        // Response is readable (current containments, history) but offers a viewer no action.
        await page.Locator(".portal-nav-link", new() { HasText = "Response" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("Response");
        await Expect(page.GetByTestId("read-only-badge")).ToBeVisibleAsync();
        await page.GotoAsync("settings");
        await Expect(page.Locator("h1")).ToContainTextAsync("Access denied");
        await fx.ScreenshotAsync(page, "11-viewer-access-denied");
    }

    [Fact]
    public async Task Admin_creates_an_api_token_that_works_once_shown_and_stops_working_when_revoked()
    {
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync("settings");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var name = "soar-" + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("[data-testid=token-name]", name);
        await page.SelectOptionAsync("[data-testid=token-role]", "Analyst");
        await page.GetByTestId("token-create").ClickAsync();
        var secret = (await page.GetByTestId("token-secret").InnerTextAsync()).Trim();
        Assert.StartsWith("pat_", secret);
        await fx.ScreenshotAsync(page, "12-settings-token-created");

        using var http = new HttpClient { BaseAddress = fx.Portal.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var me = await http.GetStringAsync("api/v1/me");
        Assert.Contains($"api-token:{name}", me);
        Assert.Contains("\"role\":\"Analyst\"", me);

        // The secret is never rendered again.
        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        Assert.DoesNotContain(secret, await page.ContentAsync());

        var row = page.GetByTestId("token-row").Filter(new() { HasText = name });
        await row.GetByTestId("token-revoke").ClickAsync();
        await row.GetByTestId("token-revoke-confirm").ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        var refused = await http.GetAsync("api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("was revoked", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Audit_log_lists_sign_ins_and_filters_by_outcome()
    {
        var bad = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(bad, PortalProcess.AdminEmail, "wrong-password-for-audit");
        await Expect(bad.GetByTestId("login-error")).ToBeVisibleAsync();

        var page = await fx.SignedInPageAsync();
        await page.GotoAsync("audit");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("table tbody tr").First).ToBeVisibleAsync();
        await page.SelectOptionAsync("[data-testid=audit-outcome]", "Failed");
        var cells = page.GetByTestId("audit-outcome-cell");
        await Expect(cells.First).ToHaveTextAsync("Failed");
        foreach (var text in await cells.AllInnerTextsAsync()) Assert.Equal("Failed", text.Trim());
        await Expect(page.Locator("table tbody")).ToContainTextAsync("auth.sign-in");
        await fx.ScreenshotAsync(page, "13-audit-failed-filter");
    }

    [Fact]
    public async Task Laptop_width_keeps_the_navigation_usable()
    {
        var page = await fx.NewPageAsync(1024, 700);
        await BrowserFixture.SignInAsync(page, PortalProcess.AdminEmail, PortalProcess.AdminPassword);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator(".portal-sidebar")).ToBeVisibleAsync();
        var sidebar = await page.Locator(".portal-sidebar").BoundingBoxAsync();
        Assert.NotNull(sidebar);
        Assert.True(sidebar!.Width < 100, $"sidebar is {sidebar.Width}px wide at 1024px");
        await page.Locator(".portal-nav-link[title='Audit log']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Audit log");
        await Expect(page.Locator("table tbody tr").First).ToBeVisibleAsync();
        await fx.ScreenshotAsync(page, "14-laptop-audit");
    }

    [Fact]
    public async Task Sign_out_ends_the_session_and_is_audited()
    {
        var page = await fx.SignedInPageAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("account/login"));
        await page.GotoAsync("settings");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("account/login\\?ReturnUrl=%2Fsettings"));

        using var http = new HttpClient { BaseAddress = fx.Portal.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalProcess.BootstrapToken);
        var audit = await http.GetStringAsync("api/v1/audit?action=auth.sign-out");
        Assert.Contains(PortalProcess.AdminEmail, audit);
    }
}
