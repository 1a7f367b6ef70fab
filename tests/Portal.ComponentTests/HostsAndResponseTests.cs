using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Response;
using Portal.Web.Components.Pages;
using Portal.Web.Model;

namespace Portal.ComponentTests;

/// <summary>
/// The Hosts grid, the Response page's block-IP flow and the host page's isolation, rendered with bUnit and MudBlazor on the real
/// services (SQLite store, the Azure connector against AzureSim's demo tenant). The simulator's own VM list is the oracle for
/// paging; the connector reads Azure back after a containment.
/// </summary>
[Collection(ResponseComponentCollection.Name)]
public sealed class HostsAndResponseTests(ResponseComponentFixture f)
{
    private async Task<IReadOnlyList<string>> SimulatorVmNamesAsync() =>
        (await f.Connector.ListVirtualMachinesAsync(f.Credential(), f.Sim.SubscriptionId)).Value.Vms.Select(v => v.Name).Order(StringComparer.Ordinal).ToList();

    private static List<string> Names(IRenderedComponent<IComponent> cut) => cut.FindAll("[data-testid=host-link]").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task Hosts_grid_pages_on_the_server_and_page_two_shows_the_next_rows_by_name()
    {
        var all = await SimulatorVmNamesAsync();
        Assert.True(all.Count > 25, "the demo tenant has more VMs than one page of 25");
        await using var ctx = f.Context();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("hosts?size=25");
        var cut = ResponseComponentFixture.Render<Hosts>(ctx, "Viewer");

        cut.WaitForAssertion(() => Assert.Equal(all.Take(25), Names(cut)), TimeSpan.FromSeconds(10));
        var next = cut.FindAll(".mud-table-pagination-actions button").Single(b => (b.GetAttribute("aria-label") ?? "").Contains("Next", StringComparison.OrdinalIgnoreCase));
        await next.ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Equal(all.Skip(25).Take(25), Names(cut)), TimeSpan.FromSeconds(10));
        // The page is in the URL (1-based, as people count), so the view survives a reload.
        Assert.Contains("page=2", ctx.Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task Hosts_search_filters_in_the_store_restarts_at_page_one_and_is_kept_in_the_url()
    {
        var all = await SimulatorVmNamesAsync();
        var weu = all.Where(n => n.Contains("weu", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(weu);
        await using var ctx = f.Context();
        var nav = ctx.Services.GetRequiredService<NavigationManager>();
        nav.NavigateTo("hosts?size=25&page=2");
        var cut = ResponseComponentFixture.Render<Hosts>(ctx, "Viewer");
        cut.WaitForAssertion(() => Assert.Equal(all.Skip(25).Take(25), Names(cut)), TimeSpan.FromSeconds(10));

        await cut.Find("[data-testid=host-search] input").InputAsync(new ChangeEventArgs { Value = "weu" });
        cut.WaitForAssertion(() => Assert.True(weu.Take(25).SequenceEqual(Names(cut)), $"{nav.Uri}: {string.Join(",", Names(cut))}"), TimeSpan.FromSeconds(10));
        Assert.Contains("search=weu", nav.Uri);
        Assert.DoesNotContain("page=", nav.Uri);
        Assert.Contains("search=weu", cut.Find("[data-testid=hosts-export]").GetAttribute("href"));

        // Clear filters brings every host back.
        await cut.Find("[data-testid=hosts-clear]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Equal(all.Take(25), Names(cut)), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("search=", nav.Uri);
    }

    [Fact]
    public async Task Hosts_power_filter_from_a_shared_link_shows_only_that_state()
    {
        var vms = (await f.Connector.ListVirtualMachinesAsync(f.Credential(), f.Sim.SubscriptionId)).Value.Vms;
        var deallocated = vms.Where(v => v.PowerState == "deallocated").Select(v => v.Name).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(deallocated);
        await using var ctx = f.Context();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("hosts?power=deallocated");
        var cut = ResponseComponentFixture.Render<Hosts>(ctx, "Viewer");
        cut.WaitForAssertion(() => Assert.Equal(deallocated, Names(cut)), TimeSpan.FromSeconds(10));
        Assert.All(cut.FindAll("[data-testid=host-power-cell]"), c => Assert.Equal("deallocated", c.TextContent.Trim()));
    }

    [Fact]
    public async Task Block_ip_type_ahead_selects_the_single_match_on_enter_previews_the_nsg_and_priority_and_confirm_is_verified()
    {
        const string address = "203.0.113.91";
        await using var ctx = f.Context();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("response?tab=block");
        var cut = ResponseComponentFixture.Render<Response>(ctx, "Analyst");

        await cut.Find("[data-testid=block-address-field] input").InputAsync(new ChangeEventArgs { Value = address });
        var vmInput = cut.Find("[data-testid=block-vm-search] input");
        await vmInput.InputAsync(new ChangeEventArgs { Value = "jump-eus-01" });
        // One VM matches: the list shows it and Enter takes it (no blur, no second click needed).
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".mud-popover-open .mud-list-item")), TimeSpan.FromSeconds(10));
        await cut.Find("[data-testid=block-vm-search] input").KeyDownAsync(new KeyboardEventArgs { Key = "Enter", Code = "Enter" });
        cut.WaitForAssertion(() => Assert.StartsWith("jump-eus-01 · rg-shared-eus", cut.Find("[data-testid=block-vm-search] input").GetAttribute("value")), TimeSpan.FromSeconds(5));

        await cut.Find("[data-testid=containment-reason-field] textarea").InputAsync(new ChangeEventArgs { Value = "INC-7001: SSH brute force" });
        await cut.Find("button[data-testid=containment-preview-button]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=preview-rule]")), TimeSpan.FromSeconds(15));
        Assert.Empty(cut.FindAll("[data-testid=containment-problem]"));
        var rule = cut.FindAll("[data-testid=preview-rule]").First(r => r.TextContent.Contains("portal-block-inbound"));
        var cells = rule.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("nsg-jump-eus", cells[0]);
        Assert.True(int.TryParse(cells[2], out var priority) && priority is >= 100 and <= 4096, $"priority cell: {cells[2]}");
        Assert.Contains(address, rule.TextContent);

        await cut.Find("button[data-testid=containment-confirm]").ClickAsync(new MouseEventArgs());
        var id = cut.WaitForElement("[data-testid=containment-status]", TimeSpan.FromSeconds(10)) is { } _ ? await ActionIdAsync(ctx, address) : Guid.Empty;
        var done = await ResponseComponentFixture.RunAsync(ctx.Services, id);
        Assert.Equal(ContainmentStatus.Succeeded, done.Status);
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("succeeded", cut.Find("[data-testid=containment-status]").GetAttribute("data-status"));
            Assert.Equal("verified", cut.Find("[data-testid=verification]").TextContent.Trim());
        }, TimeSpan.FromSeconds(10));

        // Azure read back independently of the portal's verification: the address is in the deny rule at the previewed priority.
        var nsg = await f.Connector.GetNetworkSecurityGroupAsync(f.Credential(), $"/subscriptions/{f.Sim.SubscriptionId}/resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/nsg-jump-eus");
        var deny = nsg.Value.Rules.Single(r => r.Name == "portal-block-inbound");
        Assert.Equal(("Deny", priority), (deny.Access, deny.Priority));
        Assert.Contains(address, deny.SourceAddressPrefixes);
    }

    [Fact]
    public async Task Block_ip_type_ahead_also_selects_on_click_and_without_a_reason_asks_for_one_in_the_products_words()
    {
        await using var ctx = f.Context();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo("response?tab=block");
        var cut = ResponseComponentFixture.Render<Response>(ctx, "Analyst");
        await cut.Find("[data-testid=block-address-field] input").InputAsync(new ChangeEventArgs { Value = "203.0.113.92" });
        await cut.Find("[data-testid=block-vm-search] input").InputAsync(new ChangeEventArgs { Value = "web-weu" });
        cut.WaitForAssertion(() => Assert.True(cut.FindAll(".mud-popover-open .mud-list-item").Count > 1), TimeSpan.FromSeconds(10));
        var second = cut.FindAll(".mud-popover-open .mud-list-item")[1];
        var label = second.TextContent.Trim();
        await second.ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Equal(label, cut.Find("[data-testid=block-vm-search] input").GetAttribute("value")), TimeSpan.FromSeconds(5));

        await cut.Find("button[data-testid=containment-preview-button]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Contains(ContainmentProblemView.ReasonMissing, cut.Find("[data-testid=containment-reason-field]").TextContent), TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("'reason'", cut.Markup);
        Assert.DoesNotContain("InvalidInput", cut.Markup);
        Assert.DoesNotContain("Pick the VM", cut.Markup);
    }

    [Fact]
    public async Task Isolate_with_no_free_priority_offers_the_quarantine_nsg_which_isolates_and_the_page_shows_the_new_nsg_at_once()
    {
        var host = await f.HostAsync("legacy-ftp-uks-01");
        var before = (await f.Connector.GetVirtualMachineAsync(f.Credential(), host.ResourceId)).Value.Nics.Single().NsgId;
        await using var ctx = f.Context();
        var cut = ResponseComponentFixture.Render<HostDetail>(ctx, "Analyst", new Dictionary<string, object?> { ["Id"] = host.Id });
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=nsg]")), TimeSpan.FromSeconds(15));
        Assert.DoesNotContain(cut.FindAll("[data-testid=nsg]"), n => n.TextContent.Contains("quarantine"));

        await cut.Find("button[data-testid=isolate-button]").ClickAsync(new MouseEventArgs());
        cut.WaitForElement("[data-testid=containment-reason-field] textarea", TimeSpan.FromSeconds(5));
        await cut.Find("[data-testid=containment-reason-field] textarea").InputAsync(new ChangeEventArgs { Value = "INC-7002: exfiltration over FTP" });
        await cut.Find("button[data-testid=containment-preview-button]").ClickAsync(new MouseEventArgs());

        // The NIC's NSG allows at 100: the page says why and offers the API's way out, and Confirm stays off until it is taken.
        cut.WaitForElement("[data-testid=quarantine-offer]", TimeSpan.FromSeconds(15));
        Assert.Contains("priority 100", cut.Find("[data-testid=quarantine-offer]").TextContent);
        Assert.True(cut.Find("button[data-testid=containment-confirm]").HasAttribute("disabled"));
        await cut.Find("button[data-testid=use-quarantine]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Contains("quarantine NSG legacy-ftp-uks-01-portal-quarantine-nsg", cut.Find("[data-testid=preview-nic]").TextContent), TimeSpan.FromSeconds(15));
        Assert.Empty(cut.FindAll("[data-testid=quarantine-offer]"));
        Assert.False(cut.Find("button[data-testid=containment-confirm]").HasAttribute("disabled"));

        await cut.Find("button[data-testid=containment-confirm]").ClickAsync(new MouseEventArgs());
        var store = ctx.Services.GetRequiredService<IContainmentStore>();
        var queued = (await store.QueryAsync(new ContainmentQuery { Kind = ContainmentKind.Isolate, ActiveOnly = true })).Items.Single(a => a.Target.EndsWith("legacy-ftp-uks-01", StringComparison.OrdinalIgnoreCase));
        Assert.True(queued.UseQuarantineNsg);
        var done = await ResponseComponentFixture.RunAsync(ctx.Services, queued.Id);
        Assert.Equal(ContainmentStatus.Succeeded, done.Status);

        // Azure: the NIC has the quarantine NSG now. The page: without a reload, the network path shows it (defect 2).
        var nicNsg = (await f.Connector.GetVirtualMachineAsync(f.Credential(), host.ResourceId)).Value.Nics.Single().NsgId;
        Assert.EndsWith("/legacy-ftp-uks-01-portal-quarantine-nsg", nicNsg);
        cut.WaitForAssertion(() =>
        {
            var nic = cut.FindAll("[data-testid=nsg][data-attached=nic]").Single();
            Assert.Contains("legacy-ftp-uks-01-portal-quarantine-nsg", nic.TextContent);
            Assert.NotNull(cut.Find("[data-testid=isolated-badge]"));
        }, TimeSpan.FromSeconds(15));

        // Leave the simulator as found: release through the service, and the previous NSG is back.
        var svc = ctx.Services.GetRequiredService<ContainmentService>();
        await svc.UndoAsync(done.Id, "test", null, "test cleanup");
        Assert.Equal(ContainmentStatus.Undone, (await ResponseComponentFixture.RunAsync(ctx.Services, done.Id)).Status);
        Assert.Equal(before, (await f.Connector.GetVirtualMachineAsync(f.Credential(), host.ResourceId)).Value.Nics.Single().NsgId, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Power_off_from_the_host_page_shows_stopped_in_the_header_without_a_reload()
    {
        var host = await f.HostAsync("dev-wus2-05");
        await using var ctx = f.Context();
        var cut = ResponseComponentFixture.Render<HostDetail>(ctx, "Analyst", new Dictionary<string, object?> { ["Id"] = host.Id });
        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-testid=detail-power]").TextContent.Trim()), TimeSpan.FromSeconds(15));
        await cut.Find("button[data-testid=power-poweroff]").ClickAsync(new MouseEventArgs());
        cut.WaitForElement("[data-testid=containment-reason-field] textarea", TimeSpan.FromSeconds(5));
        await cut.Find("[data-testid=containment-reason-field] textarea").InputAsync(new ChangeEventArgs { Value = "INC-7003: miner" });
        await cut.Find("button[data-testid=containment-preview-button]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Contains("power off will leave it stopped", cut.Find("[data-testid=containment-preview]").TextContent), TimeSpan.FromSeconds(15));
        await cut.Find("button[data-testid=containment-confirm]").ClickAsync(new MouseEventArgs());
        var store = ctx.Services.GetRequiredService<IContainmentStore>();
        var queued = (await store.QueryAsync(new ContainmentQuery { Kind = ContainmentKind.Power, ActiveOnly = true })).Items.Single(a => a.Target.EndsWith("dev-wus2-05", StringComparison.OrdinalIgnoreCase));
        // The target carries Azure's casing of the id (the inventory's copy is lower-cased).
        Assert.Contains("/resourceGroups/", queued.Target);
        Assert.Equal(ContainmentStatus.Succeeded, (await ResponseComponentFixture.RunAsync(ctx.Services, queued.Id)).Status);
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("stopped", cut.Find("[data-testid=detail-power]").TextContent.Trim());
            Assert.Equal("stopped", cut.Find("[data-testid=containment-power-state]").TextContent.Trim());
            Assert.NotNull(cut.Find("button[data-testid=power-undo-button]"));
        }, TimeSpan.FromSeconds(15));
        var svc = ctx.Services.GetRequiredService<ContainmentService>();
        await svc.UndoAsync(queued.Id, "test", null, "test cleanup");
        Assert.Equal(ContainmentStatus.Undone, (await ResponseComponentFixture.RunAsync(ctx.Services, queued.Id)).Status);
    }

    private static async Task<Guid> ActionIdAsync(BunitContext ctx, string address)
    {
        var store = ctx.Services.GetRequiredService<IContainmentStore>();
        return (await store.QueryAsync(new ContainmentQuery { Kind = ContainmentKind.BlockIp })).Items.First(a => a.Target == address).Id;
    }
}
