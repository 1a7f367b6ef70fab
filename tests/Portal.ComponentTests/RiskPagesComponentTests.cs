using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Risks;
using Portal.Domain.Sync;
using Portal.Web.Components.Pages;
using Portal.Web.Model;

namespace Portal.ComponentTests;

/// <summary>The Configuration risks, check detail and Whitelists pages with the portal's real services over a throw-away SQLite
/// store: stored resources are scanned by the real rule catalog, whitelisting goes through the real service.</summary>
public sealed class RiskPagesComponentTests
{
    private const string Sub = "0b1f6471-1bf0-4dda-aec3-111122223333";
    private const string SecureTransfer = "azure-storage-secure-transfer";

    private sealed class TestClock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }

    private static JsonElement Storage(string name, bool https, string rg = "RG-Data", string? env = null) =>
        JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            id = $"/subscriptions/{Sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}",
            name, type = "Microsoft.Storage/storageAccounts", location = "westeurope",
            tags = env is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["env"] = env },
            properties = new { supportsHttpsTrafficOnly = https, minimumTlsVersion = "TLS1_2" },
        })).RootElement;

    /// <summary>A CSPM account; with resources, they are stored and scanned as a resource sync would (and its time recorded).</summary>
    private static async Task<CloudAccount> AccountAsync(PortalTestContext ctx, params JsonElement[]? resources)
    {
        var store = ctx.Service<IAccountStore>();
        var account = new CloudAccount
        {
            Id = Guid.NewGuid(), Name = "Fabrikam", TenantId = "t", ClientId = "c", ProtectedClientSecret = "x", CreatedAt = DateTime.UtcNow, CreatedBy = "test",
            Subscriptions = [new AccountSubscription(Sub, "Fabrikam Production")], Features = [CloudFeature.Cspm],
        };
        await store.AddAsync(account);
        if (resources is null) return account;
        var clock = ctx.Service<TimeProvider>();
        await ctx.Service<IResourceStore>().ApplySyncAsync(account.Id, Sub, resources, clock.GetUtcNow().UtcDateTime);
        await ctx.Service<RiskService>().ScanAsync(account.Id);
        account.LastResourceSyncAt = clock.GetUtcNow().UtcDateTime;
        await store.UpdateAsync(account);
        return account;
    }

    /// <summary>The pages keep their filters in the URL only once interactive (never while prerendering): render as a circuit does.</summary>
    private static async Task<PortalTestContext> ContextAsync(PortalBunitOptions options)
    {
        var ctx = await PortalBunit.CreateAsync(options);
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return ctx;
    }

    private static Task<PortalTestContext> ContextAsync(string role = "Analyst") => ContextAsync(new PortalBunitOptions { Role = role });

    private static void Navigate(PortalTestContext ctx, string url) => ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(url);

    [Fact]
    public async Task Before_the_first_scan_the_risks_page_says_not_scanned_yet_and_never_all_clear()
    {
        await using var ctx = await ContextAsync();
        await AccountAsync(ctx, null);
        var page = ctx.Render<Risks>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=risks-none]")));
        Assert.Contains("Not scanned yet", page.Find("[data-testid=risks-not-scanned]").TextContent);
        var none = page.Find("[data-testid=risks-none]");
        Assert.Equal("false", none.GetAttribute("data-all-clear"));
        Assert.Contains("Not scanned yet", none.TextContent);
        Assert.DoesNotContain("All clear", page.Markup);
        Assert.Equal("–", page.Find("[data-testid=risk-stat-failed] [data-testid=risk-stat-value]").TextContent.Trim());
        Assert.Contains("not scanned yet", page.Find("[data-testid=rescan-last]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=risks-header]"));
    }

    [Fact]
    public async Task While_the_first_scan_runs_the_page_says_so_and_after_a_clean_scan_it_says_all_clear()
    {
        await using var ctx = await ContextAsync();
        var account = await AccountAsync(ctx, null);
        var board = ctx.Service<SyncProgressBoard>();
        board.Publish(new SyncProgress(account.Id, SyncKind.Resources, SyncPhase.Running, "Reading resource configurations of Fabrikam Production…", 3, DateTime.UtcNow, null));
        var page = ctx.Render<Risks>();
        page.WaitForAssertion(() => Assert.Contains("Scan running", page.Find("[data-testid=risks-scan-running]").TextContent));
        Assert.Equal("false", page.Find("[data-testid=risks-none]").GetAttribute("data-all-clear"));
        Assert.True(page.Find("[data-testid=rescan-now]").HasAttribute("disabled"));

        // A scan of an account whose only resource passes the check (and with the search on that check): all clear.
        await using var ctx2 = await ContextAsync();
        await AccountAsync(ctx2, Storage("good", https: true));
        Navigate(ctx2, $"risks?search={SecureTransfer}");
        var clean = ctx2.Render<Risks>();
        clean.WaitForAssertion(() => Assert.Equal("true", clean.Find("[data-testid=risks-none]").GetAttribute("data-all-clear")));
        Assert.Contains("All clear", clean.Find("[data-testid=risks-none]").TextContent);
        Assert.Empty(clean.FindAll("[data-testid=risks-not-scanned]"));
    }

    [Fact]
    public async Task Risks_grid_pages_the_checks_searches_by_title_and_the_header_agrees_with_the_cards()
    {
        await using var ctx = await ContextAsync();
        await AccountAsync(ctx, Storage("alpha", false), Storage("beta", false), Storage("gamma", false));

        // All checks: one page of 25 of the whole catalog, not one long page.
        Navigate(ctx, "risks?status=all");
        var page = ctx.Render<Risks>();
        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("tr.risk-row").Count));
        var catalog = Portal.Cspm.CheckCatalog.All.Count;
        Assert.Contains($"of {catalog}", page.Find(".mud-table-pagination").TextContent);

        // The search narrows to the checks whose title or id matches.
        page.Find("[data-testid=risk-search]").Input("secure transfer");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.risk-row")), TimeSpan.FromSeconds(5));
        var row = page.Find("tr.risk-row");
        Assert.Equal(SecureTransfer, row.QuerySelector("[data-testid=risk-link]")!.GetAttribute("data-check"));
        Assert.Equal("3", row.QuerySelector("[data-testid=risk-failed]")!.TextContent.Trim());

        // Header sentence and KPI cards come from the same totals.
        var failedCard = page.Find("[data-testid=risk-stat-failed] [data-testid=risk-stat-value]").TextContent.Trim();
        Assert.Contains($"{failedCard} failed, 0 whitelisted", page.Find("[data-testid=risks-header]").TextContent);
        Assert.Equal("3", failedCard);
    }

    [Fact]
    public async Task Risks_view_filters_by_severity_and_status_and_sorts_on_request()
    {
        await using var ctx = await ContextAsync();
        await AccountAsync(ctx, Storage("alpha", false), Storage("beta", false));
        var view = new RisksView(ctx.Service<RiskService>(), ctx.Service<IAccountStore>(), ctx.Service<SyncProgressBoard>());
        await view.LoadAsync();
        Assert.Equal(ScanStatus.Scanned, view.ScanStatus);
        var failing = view.Shown();
        Assert.NotEmpty(failing);
        Assert.All(failing, r => Assert.True(r.Failed > 0));
        Assert.Equal(failing.OrderByDescending(r => r.Severity).Select(r => r.Severity), failing.Select(r => r.Severity));

        view.Severity = Portal.Cspm.Severity.High;
        await view.LoadAsync();
        Assert.All(view.Shown(), r => Assert.Equal(Portal.Cspm.Severity.High, r.Severity));
        Assert.Contains(view.Shown(), r => r.CheckId == SecureTransfer);

        view.Status = RiskStatusFilter.All;
        var byTitle = view.Shown(nameof(CheckSummary.Title));
        Assert.Equal(byTitle.Select(r => r.Title).Order(), byTitle.Select(r => r.Title));
        var page2 = view.Page(1, 2, nameof(CheckSummary.Title));
        Assert.Equal(byTitle.Skip(2).Take(2), page2.Items);
        Assert.Equal(byTitle.Count, page2.TotalItems);
    }

    [Fact]
    public async Task Whitelisting_a_failed_resource_needs_a_reason_marked_inline_then_stores_the_entry_and_moves_the_counts()
    {
        await using var ctx = await ContextAsync();
        await AccountAsync(ctx, Storage("alpha", false), Storage("beta", false), Storage("gamma", false));
        var page = ctx.Render<RiskDetail>(p => p.Add(x => x.CheckId, SecureTransfer));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=whitelist-open]").Count));
        Assert.Equal("3", page.Find("[data-testid=detail-count-failed]").TextContent.Trim());
        var resourceId = page.Find("tr.detail-row [data-resource]").GetAttribute("data-resource")!;

        page.FindAll("[data-testid=whitelist-open]")[0].Click();
        ctx.Dialogs.WaitForAssertion(() => Assert.NotNull(ctx.Dialogs.Find("[data-testid=whitelist-save]")));
        // Scope prefilled with the resource.
        Assert.Equal(resourceId, ctx.Dialogs.Find("input[data-testid=whitelist-scope-value]").GetAttribute("value"));

        ctx.Dialogs.Find("[data-testid=whitelist-save]").Click();
        ctx.Dialogs.WaitForAssertion(() => Assert.Contains("A reason is required", ctx.Dialogs.Markup));
        Assert.DoesNotContain("'reason'", ctx.Dialogs.Markup);
        Assert.Contains("mud-input-error", ctx.Dialogs.Find("[data-testid=whitelist-reason]").ParentElement!.ParentElement!.OuterHtml + ctx.Dialogs.Markup);
        var whitelist = ctx.Service<WhitelistService>();
        Assert.Equal(0, (await whitelist.ListAsync(new WhitelistQuery())).Total);

        ctx.Dialogs.Find("[data-testid=whitelist-reason]").Input("Static website, HTTP by design");
        ctx.Dialogs.Find("[data-testid=whitelist-save]").Click();
        ctx.Dialogs.WaitForAssertion(() => Assert.Empty(ctx.Dialogs.FindAll("[data-testid=whitelist-save]")));

        var stored = Assert.Single((await whitelist.ListAsync(new WhitelistQuery())).Items);
        Assert.Equal((SecureTransfer, WhitelistScopeType.Resource, resourceId.ToLowerInvariant(), "Static website, HTTP by design"),
            (stored.CheckId, stored.ScopeType, stored.ScopeValue, stored.Reason));
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=detail-count-failed]").TextContent.Trim()));
        Assert.Equal("1", page.Find("[data-testid=detail-count-whitelisted]").TextContent.Trim());
        ctx.Snackbars.WaitForAssertion(() => Assert.Contains("Failed 3 → 2, whitelisted 0 → 1", ctx.Snackbars.Find("[data-testid=detail-message]").TextContent));

        // The list's header and its card agree on the new count.
        var list = ctx.Render<Risks>();
        list.WaitForAssertion(() => Assert.Equal("1", list.Find("[data-testid=risk-stat-whitelisted] [data-testid=risk-stat-value]").TextContent.Trim()));
        Assert.Contains("2 failed, 1 whitelisted", list.Find("[data-testid=risks-header]").TextContent);
    }

    [Fact]
    public async Task Whitelists_page_filters_by_state_in_the_query_and_shows_scopes_in_words()
    {
        var clock = new TestClock(DateTime.UtcNow);
        await using var ctx = await ContextAsync(new PortalBunitOptions { Role = "Analyst", Clock = clock });
        await AccountAsync(ctx, Storage("alpha", false), Storage("beta", false));
        var whitelist = ctx.Service<WhitelistService>();
        var alpha = $"/subscriptions/{Sub}/resourceGroups/RG-Data/providers/Microsoft.Storage/storageAccounts/alpha";
        Assert.True((await whitelist.AddAsync(new(SecureTransfer, WhitelistScopeType.Resource, alpha, "Active one", null), "alice", null)).Ok);
        Assert.True((await whitelist.AddAsync(new(SecureTransfer, WhitelistScopeType.Subscription, Sub, "Expiring one", clock.Now.AddHours(1)), "alice", null)).Ok);
        var removed = await whitelist.AddAsync(new(SecureTransfer, WhitelistScopeType.Tag, "env=dev", "Removed one", null), "alice", null);
        Assert.True(await whitelist.RemoveAsync(removed.Value!.Id, "bob", null));
        clock.Now = clock.Now.AddHours(2);

        var page = ctx.Render<Whitelists>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.whitelist-row")));
        var scope = page.Find("[data-testid=whitelist-scope]").TextContent;
        Assert.Contains("Resource", scope);
        Assert.Contains("alpha", scope);
        Assert.DoesNotContain("/subscriptions/", scope);
        Assert.Equal("Active", page.Find("[data-testid=whitelist-state-cell]").TextContent.Trim());

        Navigate(ctx, "whitelists?state=expired");
        var expired = ctx.Render<Whitelists>();
        expired.WaitForAssertion(() => Assert.Single(expired.FindAll("tr.whitelist-row")));
        Assert.Equal("Expired", expired.Find("[data-testid=whitelist-state-cell]").TextContent.Trim());
        Assert.Contains("Subscription", expired.Find("[data-testid=whitelist-scope]").TextContent);
        Assert.Contains("Fabrikam Production", expired.Find("[data-testid=whitelist-scope]").TextContent);
        Assert.Contains("1 entry", expired.Find("[data-testid=whitelist-total]").TextContent);

        Navigate(ctx, "whitelists?state=removed");
        var gone = ctx.Render<Whitelists>();
        gone.WaitForAssertion(() => Assert.Equal("Removed", gone.Find("[data-testid=whitelist-state-cell]").TextContent.Trim()));
        Assert.Contains("Tag", gone.Find("[data-testid=whitelist-scope]").TextContent);
        Assert.Contains("env=dev", gone.Find("[data-testid=whitelist-scope]").TextContent);
        Assert.Empty(gone.FindAll("[data-testid=whitelist-edit]"));

        Navigate(ctx, "whitelists?state=all");
        var all = ctx.Render<Whitelists>();
        all.WaitForAssertion(() => Assert.Equal(3, all.FindAll("tr.whitelist-row").Count));
    }

    [Fact]
    public void Whitelist_form_puts_the_services_refusals_on_their_fields_in_the_users_words()
    {
        var form = WhitelistForm.ForResource(SecureTransfer, $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a", "a", null);
        Assert.False(form.Validate(DateTime.UtcNow));
        Assert.Equal("A reason is required: say why this risk is accepted.", form.ReasonError);
        Assert.Null(form.ScopeError);

        form.Reason = "ok";
        form.ScopeValue = "/subscriptions/not-a-guid";
        Assert.False(form.Validate(DateTime.UtcNow));
        Assert.Null(form.ReasonError);
        Assert.Contains("is not an ARM resource id", form.ScopeError);

        form.ScopeValue = form.ResourceId!;
        form.ExpiresOn = DateTime.UtcNow.Date.AddDays(-2);
        Assert.False(form.Validate(DateTime.UtcNow));
        Assert.Equal("The expiry date must be in the future.", form.ExpiryError);

        form.ExpiresOn = null;
        Assert.True(form.Validate(DateTime.UtcNow));
        Assert.False(form.HasErrors);
    }
}
