using Microsoft.AspNetCore.Components;
using Portal.Web.Components.Controls;
using Portal.Web.Components.Layout;

namespace Portal.ComponentTests;

public sealed class NavigationAndControlsTests
{
    private static async Task<string[]> NavEntriesFor(string role) =>
        (await ComponentRenderer.RenderAsync<NavMenu>(role)).QuerySelectorAll("a.portal-nav-link").Select(a => a.TextContent.Trim()).ToArray();

    [Fact]
    public async Task Viewer_sees_only_the_read_only_pages_response_included_where_its_buttons_are_disabled() =>
        Assert.Equal(["Overview", "Cloud accounts", "Hosts", "Cloud resources", "Configuration risks", "Whitelists", "Response", "Audit log"], await NavEntriesFor("Viewer"));

    [Fact]
    public async Task Analyst_sees_what_a_viewer_sees() =>
        Assert.Equal(["Overview", "Cloud accounts", "Hosts", "Cloud resources", "Configuration risks", "Whitelists", "Response", "Audit log"], await NavEntriesFor("Analyst"));

    [Fact]
    public async Task Admin_sees_every_page_including_onboarding_and_settings() =>
        Assert.Equal(["Overview", "Onboarding", "Cloud accounts", "Hosts", "Cloud resources", "Configuration risks", "Whitelists", "Response", "Audit log", "Settings"], await NavEntriesFor("Admin"));

    [Fact]
    public async Task The_link_of_the_current_page_is_marked_active()
    {
        var doc = await ComponentRenderer.RenderAsync<NavMenu>("Admin", currentPath: "audit");
        var active = doc.QuerySelectorAll("a.portal-nav-link.active").Select(a => a.TextContent.Trim()).ToArray();
        Assert.Equal(["Audit log"], active);
        Assert.Equal("audit", doc.QuerySelector("a.active")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Page_title_bar_shows_title_subtitle_and_actions()
    {
        var doc = await ComponentRenderer.RenderAsync<PageTitleBar>("Viewer", new Dictionary<string, object?>
        {
            ["Title"] = "Hosts",
            ["Subtitle"] = "All VMs",
            ["ChildContent"] = (RenderFragment)(b => b.AddMarkupContent(0, "<button id='export'>Export</button>")),
        });
        Assert.Equal("Hosts", doc.QuerySelector("h1")!.TextContent);
        Assert.Equal("All VMs", doc.QuerySelector(".page-title-bar p")!.TextContent);
        Assert.NotNull(doc.QuerySelector(".page-title-actions #export"));
    }

    [Fact]
    public async Task Access_denied_notice_explains_what_to_do()
    {
        var doc = await ComponentRenderer.RenderAsync<AccessDeniedNotice>("Viewer");
        Assert.Equal("alert", doc.QuerySelector(".access-denied")!.GetAttribute("role"));
        Assert.Contains("Ask a portal administrator", doc.Body!.TextContent);
    }
}
