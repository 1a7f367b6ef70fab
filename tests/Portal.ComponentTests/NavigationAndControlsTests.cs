using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Web.Components.Controls;
using Portal.Web.Components.Layout;

namespace Portal.ComponentTests;

public sealed class NavigationAndControlsTests
{
    private static async Task<string[]> NavEntriesFor(string role)
    {
        await using var ctx = await PortalBunit.CreateAsync(role);
        return ctx.Render<NavMenu>().FindAll(".portal-nav-link").Select(a => a.TextContent.Trim()).ToArray();
    }

    private static readonly string[] AdminOnly = ["Onboarding", "Settings"];

    [Fact]
    public async Task Viewer_sees_only_the_read_only_pages_response_included_where_its_buttons_are_disabled()
    {
        var entries = await NavEntriesFor("Viewer");
        Assert.Equal(["Overview", "Cloud accounts", "Hosts", "Cloud resources", "Configuration risks", "Whitelists", "Response"], entries[..7]);
        Assert.Equal("Audit log", entries[^1]);
        Assert.Equal(NavMenu.Available.Select(i => i.Text).Except(AdminOnly), entries);
    }

    [Fact]
    public async Task Analyst_sees_what_a_viewer_sees() =>
        Assert.Equal(await NavEntriesFor("Viewer"), await NavEntriesFor("Analyst"));

    [Fact]
    public async Task Admin_sees_every_page_including_onboarding_and_settings()
    {
        var entries = await NavEntriesFor("Admin");
        Assert.Equal(NavMenu.Available.Select(i => i.Text), entries);
        Assert.Equal(["Overview", "Onboarding", "Cloud accounts"], entries[..3]);
        Assert.Equal("Settings", entries[^1]);
    }

    [Fact]
    public void An_entry_is_shown_only_once_its_page_exists_and_agentless_detection_follows_response()
    {
        var all = NavMenu.Items.Select(i => i.Text).ToList();
        Assert.Equal(all.IndexOf("Response") + 1, all.IndexOf("Agentless detection"));
        // Every shown entry routes to a page of this build.
        var routes = typeof(NavMenu).Assembly.GetTypes().SelectMany(t => t.GetCustomAttributes(typeof(RouteAttribute), false).Cast<RouteAttribute>()).Select(r => r.Template).ToHashSet();
        foreach (var item in NavMenu.Available) Assert.Contains("/" + item.Href, routes);
        Assert.Equal(NavMenu.Items.Where(i => routes.Contains("/" + i.Href)), NavMenu.Available);
    }

    [Fact]
    public async Task The_link_of_the_current_page_is_marked_active()
    {
        await using var ctx = await PortalBunit.CreateAsync("Admin");
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("audit");
        var nav = ctx.Render<NavMenu>();
        var active = nav.FindAll("a.active");
        Assert.Equal(["Audit log"], active.Select(a => a.TextContent.Trim()));
        Assert.Equal("audit", active[0].GetAttribute("href"));

        // Moving on moves the mark.
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("hosts");
        nav.WaitForAssertion(() => Assert.Equal(["Hosts"], nav.FindAll("a.active").Select(a => a.TextContent.Trim())));
    }

    [Fact]
    public async Task Page_title_bar_shows_title_subtitle_actions_and_the_breadcrumb_trail()
    {
        await using var ctx = await PortalBunit.CreateAsync("Viewer");
        var bar = ctx.Render<PageTitleBar>(p => p
            .Add(x => x.Title, "jump-eus-01")
            .Add(x => x.Subtitle, "All VMs")
            .Add(x => x.Breadcrumbs, new List<BreadcrumbItem> { new("Hosts", "hosts") })
            .Add(x => x.ChildContent, (RenderFragment)(b => b.AddMarkupContent(0, "<button id='export'>Export</button>"))));
        Assert.Equal("jump-eus-01", bar.Find("h1").TextContent.Trim());
        Assert.Equal("All VMs", bar.Find(".page-title-bar p").TextContent.Trim());
        Assert.NotNull(bar.Find(".page-title-actions #export"));
        var crumbs = bar.Find("[data-testid=breadcrumbs]");
        Assert.Equal("hosts", crumbs.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Hosts", crumbs.TextContent);
        Assert.Contains("jump-eus-01", crumbs.TextContent);

        // A list page has no trail.
        var plain = ctx.Render<PageTitleBar>(p => p.Add(x => x.Title, "Hosts"));
        Assert.Empty(plain.FindAll("[data-testid=breadcrumbs]"));
        Assert.Empty(plain.FindAll(".page-title-actions"));
    }

    [Fact]
    public async Task Access_denied_notice_explains_what_to_do()
    {
        await using var ctx = await PortalBunit.CreateAsync("Viewer");
        var notice = ctx.Render<AccessDeniedNotice>();
        Assert.Equal("alert", notice.Find(".access-denied").GetAttribute("role"));
        Assert.Contains("Ask a portal administrator", notice.Markup);
        Assert.Equal("/", notice.Find("a").GetAttribute("href"));
    }

    [Fact]
    public async Task Theme_toggle_switches_through_the_page_script_and_reports_the_new_theme()
    {
        await using var ctx = await PortalBunit.CreateAsync("Viewer");
        ctx.JSInterop.Setup<string>("portal.setTheme", "dark").SetResult("dark");
        ctx.JSInterop.Setup<string>("portal.setTheme", "light").SetResult("light");
        bool? reported = null;
        var toggle = ctx.Render<ThemeToggle>(p => p.Add(x => x.IsDark, false).Add(x => x.IsDarkChanged, v => reported = v));
        Assert.Equal("light", toggle.Find("[data-testid=theme-toggle]").GetAttribute("data-theme"));

        toggle.Find("[data-testid=theme-toggle]").Click();
        Assert.True(reported);
        Assert.Equal("dark", toggle.Find("[data-testid=theme-toggle]").GetAttribute("data-theme"));
        Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "portal.setTheme" && (string?)i.Arguments[0] == "dark");

        toggle.Find("[data-testid=theme-toggle]").Click();
        Assert.False(reported);
        Assert.Equal("light", toggle.Find("[data-testid=theme-toggle]").GetAttribute("data-theme"));
    }

    [Theory]
    [InlineData(Breakpoint.Xs, DrawerVariant.Temporary, false)]
    [InlineData(Breakpoint.Sm, DrawerVariant.Mini, false)]
    [InlineData(Breakpoint.Md, DrawerVariant.Mini, false)]
    [InlineData(Breakpoint.Lg, DrawerVariant.Mini, true)]
    [InlineData(Breakpoint.Xl, DrawerVariant.Mini, true)]
    public void Drawer_is_temporary_on_a_phone_mini_on_a_laptop_and_open_on_a_desktop(Breakpoint breakpoint, DrawerVariant variant, bool open) =>
        Assert.Equal((variant, open), MainLayout.DrawerFor(breakpoint));
}
