using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.BrowserTests;

/// <summary>Driving the MudBlazor wizard and accounts page: selects, the step labels, screenshots at two widths in two themes.</summary>
internal static class WizardUi
{
    public static async Task<IPage> OpenWizardAsync(BrowserFixture fx)
    {
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync("onboarding");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Onboard an Azure subscription");
        return page;
    }

    public static async Task EnterCredentialAsync(IPage page, string name, string tenant, string client, string secret)
    {
        await page.FillAsync("[data-testid=acct-name]", name);
        await page.FillAsync("[data-testid=tenant-id]", tenant);
        await page.FillAsync("[data-testid=client-id]", client);
        await page.FillAsync("[data-testid=client-secret]", secret);
        await page.Locator("[data-testid=client-secret]").BlurAsync();
    }

    /// <summary>Picks an option of a MudSelect wrapped in an element with <paramref name="testId"/>.</summary>
    public static async Task ChooseAsync(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).Locator(".mud-input").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item")
            .Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(option)}\\s*$") }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>The step labels of the MudStepper as shown: "1 Features", "2 Credentials", ... (a completed step shows a tick instead).</summary>
    public static Task<IReadOnlyList<string>> StepLabelsAsync(IPage page) =>
        page.Locator(".mud-stepper-nav .mud-step").AllInnerTextsAsync();

    /// <summary>Screenshots at 1440 and 390 px in the light and the dark theme, each after checking that <paramref name="container"/>
    /// stays inside the viewport (nothing of the page's own content scrolls sideways).</summary>
    public static async Task ShotsAsync(BrowserFixture fx, IPage page, string name, string container)
    {
        foreach (var width in new[] { 1440, 390 })
            foreach (var dark in new[] { false, true })
            {
                await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
                await page.EmulateMediaAsync(new() { ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light });
                await page.EvaluateAsync("t => { if (window.portal && window.portal.setTheme) window.portal.setTheme(t); }", dark ? "dark" : "light");
                await fx.ScreenshotAsync(page, $"{name}-{width}-{(dark ? "dark" : "light")}");
                var overflow = await page.Locator(container).First.EvaluateAsync<string>(
                    @"el => { const r = el.getBoundingClientRect();
                              const wide = [...el.querySelectorAll('*')].filter(c => c.getBoundingClientRect().right > window.innerWidth + 1)
                                  .slice(0, 3).map(c => c.tagName + '.' + c.className).join(' | ');
                              return el.scrollWidth > el.clientWidth + 1 || r.right > window.innerWidth + 1 ? `${el.scrollWidth}/${el.clientWidth}/${r.right}: ${wide}` : ''; }");
                Assert.True(overflow.Length == 0, $"{name}: {container} is wider than the viewport at {width} px ({overflow})");
            }
        await page.SetViewportSizeAsync(1440, 900);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.EvaluateAsync("() => { if (window.portal && window.portal.setTheme) window.portal.setTheme('light'); }");
    }

    /// <summary>Reloads <paramref name="page"/> until <paramref name="ready"/> holds (a background sync is being waited for).</summary>
    public static async Task PollAsync(IPage page, Func<Task<bool>> ready, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await ready())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what} after {timeout.TotalSeconds:0} s.");
            await page.ReloadAsync();
            await BrowserFixture.WaitForInteractiveAsync(page);
        }
    }
}
