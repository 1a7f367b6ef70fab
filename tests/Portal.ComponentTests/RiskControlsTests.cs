using System.Globalization;
using Portal.Domain.Risks;
using Portal.Web.Components.Controls;
using Portal.Web.Model;

namespace Portal.ComponentTests;

/// <summary>The risk trend chart's SVG and the whitelist form's scope choices.</summary>
public sealed class RiskControlsTests
{
    private static RiskTrendPoint Point(DateTime at, int critical, int high, int medium, int low) => new()
    {
        At = at, Failed = critical + high + medium + low,
        FailedBySeverity = new() { ["Critical"] = critical, ["High"] = high, ["Medium"] = medium, ["Low"] = low },
    };

    [Fact]
    public async Task Trend_chart_draws_one_stacked_bar_per_scan_scaled_to_the_largest()
    {
        var t = new DateTime(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
        var doc = await ComponentRenderer.RenderAsync<RiskTrendChart>("Viewer", new Dictionary<string, object?>
        {
            ["Points"] = new[] { Point(t, 2, 4, 10, 4), Point(t.AddHours(6), 0, 2, 6, 2), Point(t.AddHours(12), 0, 0, 0, 0) },
        });
        var bars = doc.QuerySelectorAll("[data-testid=trend-bar]");
        Assert.Equal(3, bars.Length);
        double Height(AngleSharp.Dom.IElement bar) => bar.QuerySelectorAll("rect").Sum(r => double.Parse(r.GetAttribute("height")!, CultureInfo.InvariantCulture));
        Assert.Equal(4, bars[0].QuerySelectorAll("rect").Length);               // four severities
        Assert.Equal(3, bars[1].QuerySelectorAll("rect").Length);               // no critical segment
        Assert.Equal(Height(bars[0]) / 2, Height(bars[1]), 1);                  // 10 failed is half of 20
        Assert.Contains("20 failed (2 critical, 4 high, 10 medium, 4 low)", bars[0].QuerySelector("title")!.TextContent);
        Assert.Contains("0 failed", bars[2].QuerySelector("title")!.TextContent);
        Assert.Contains("3 scans", doc.QuerySelector(".trend-legend")!.TextContent);
    }

    [Fact]
    public async Task Trend_chart_says_so_when_no_scan_has_finished()
    {
        var doc = await ComponentRenderer.RenderAsync<RiskTrendChart>("Viewer", new Dictionary<string, object?> { ["Points"] = Array.Empty<RiskTrendPoint>() });
        Assert.Null(doc.QuerySelector("svg"));
        Assert.Contains("No scan has finished yet", doc.QuerySelector("[data-testid=trend-empty]")!.TextContent);
    }

    [Fact]
    public void Whitelist_form_from_a_resource_offers_its_group_subscription_and_tags_as_broader_scopes()
    {
        const string id = "/subscriptions/4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b/resourcegroups/rg-web/providers/microsoft.network/networksecuritygroups/nsg-1";
        var form = WhitelistForm.ForResource("azure-nsg-rdp-internet", id, "nsg-1", new Dictionary<string, string> { ["env"] = "dev" });
        Assert.Equal((WhitelistScopeType.Resource, id), (form.ScopeType, form.ScopeValue));
        form.ChangeScope(WhitelistScopeType.ResourceGroup);
        Assert.Equal("/subscriptions/4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b/resourceGroups/rg-web", form.ScopeValue);
        form.ChangeScope(WhitelistScopeType.Subscription);
        Assert.Equal("4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b", form.ScopeValue);
        form.ChangeScope(WhitelistScopeType.Tag);
        Assert.Equal("env=dev", form.ScopeValue);

        // Every derived scope is one the service accepts.
        foreach (var type in Enum.GetValues<WhitelistScopeType>())
        {
            form.ChangeScope(type);
            form.Reason = "accepted";
            Assert.Null(WhitelistService.Validate(form.ToRequest(), DateTime.UtcNow).Problem);
        }

        // A picked expiry date lasts through that day (UTC).
        form.ExpiresOn = new DateTime(2030, 1, 31);
        Assert.Equal(new DateTime(2030, 1, 31, 23, 59, 59, DateTimeKind.Utc), form.ToRequest().ExpiresOn!.Value.AddTicks(1).AddSeconds(-1));
    }
}
