using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>The portal's start-up as an operator meets it: real process, real console.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StartupTests(BrowserFixture fx)
{
    [Fact]
    public async Task Unreachable_database_stops_start_up_with_a_message_naming_the_settings()
    {
        var (exit, output) = await PortalProcess.RunToExitAsync(new Dictionary<string, string?>
        {
            ["Portal__DatabaseProvider"] = "Postgres",
            ["ConnectionStrings__Portal"] = "Host=127.0.0.1;Port=1;Username=nobody;Password=x;Timeout=3",
        }, TimeSpan.FromSeconds(60));
        Assert.Equal(1, exit);
        Assert.Contains("cannot open its PostgreSQL database", output);
        Assert.Contains("ConnectionStrings__Portal", output);
        Assert.DoesNotContain("Password=x", output);
    }

    [Fact]
    public async Task Invalid_configuration_stops_start_up_naming_the_key()
    {
        var (exit, output) = await PortalProcess.RunToExitAsync(new Dictionary<string, string?> { ["Portal__AdminPassword"] = "short" }, TimeSpan.FromSeconds(60));
        Assert.Equal(1, exit);
        Assert.Contains("Portal:AdminPassword must be at least 12 characters", output);
    }

    [Fact]
    public async Task A_protected_target_that_does_not_parse_stops_start_up_instead_of_protecting_nothing()
    {
        var (exit, output) = await PortalProcess.RunToExitAsync(new Dictionary<string, string?> { ["Portal__Response__ProtectedCidrs__0"] = "10.0.0.300/24" }, TimeSpan.FromSeconds(60));
        Assert.Equal(1, exit);
        Assert.Contains("Portal:Response:ProtectedCidrs:0", output);
    }

    [Fact]
    public async Task First_run_prints_a_generated_admin_password_once_and_it_signs_in()
    {
        var data = PortalProcess.NewDataDirectory();
        var portal = await PortalProcess.StartAsync(new Dictionary<string, string?> { ["Portal__AdminPassword"] = null }, data);
        var match = Regex.Match(portal.Output, @"Password: (\S+)");
        Assert.True(match.Success, portal.Output);
        var password = match.Groups[1].Value;
        Assert.Single(Regex.Matches(portal.Output, "Password: "));

        var page = await fx.Browser.NewPageAsync(new() { BaseURL = portal.BaseUri.ToString() });
        await BrowserFixture.SignInAsync(page, PortalProcess.AdminEmail, password);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await page.CloseAsync();

        // A second start on the same data creates nobody and prints no password.
        await portal.StopAsync();
        await using var again = await PortalProcess.StartAsync(new Dictionary<string, string?> { ["Portal__AdminPassword"] = null }, data);
        Assert.DoesNotContain("Password:", again.Output);
        Assert.DoesNotContain(password, again.Output);
        await portal.DisposeAsync();
    }

    [Fact]
    public async Task Locked_account_gets_a_lockout_message_even_with_the_right_password()
    {
        await using var portal = await PortalProcess.StartAsync();
        var page = await fx.Browser.NewPageAsync(new() { BaseURL = portal.BaseUri.ToString() });
        for (var i = 1; i <= 5; i++)
        {
            await BrowserFixture.SignInAsync(page, PortalProcess.AdminEmail, "wrong-" + i);
            await Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
        }
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("locked");
        await BrowserFixture.SignInAsync(page, PortalProcess.AdminEmail, PortalProcess.AdminPassword);
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("This account is locked after too many failed sign-ins");
        await Expect(page).ToHaveURLAsync(new Regex("account/login"));
        await fx.ScreenshotAsync(page, "15-sign-in-locked");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Portal_runs_on_postgresql_when_configured()
    {
        var admin = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES")
            ?? throw new InvalidOperationException("PORTAL_TEST_POSTGRES is not set: run the tests through scripts/test.sh, which starts PostgreSQL.");
        // The portal creates the database itself on first start (EF migrations).
        var database = "portal_process_" + Guid.NewGuid().ToString("N")[..10];
        var connection = System.Text.RegularExpressions.Regex.Replace(admin, "Database=[^;]*", "Database=" + database);
        await using var portal = await PortalProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Portal__DatabaseProvider"] = "Postgres",
            ["ConnectionStrings__Portal"] = connection,
        });
        using var http = new HttpClient { BaseAddress = portal.BaseUri };
        Assert.Contains("\"database\":{\"status\":\"Healthy\"", await http.GetStringAsync("healthz"));
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PortalProcess.BootstrapToken);
        var audit = await http.GetStringAsync("api/v1/audit?action=user.create");
        Assert.Contains(PortalProcess.AdminEmail, audit);
    }
}
