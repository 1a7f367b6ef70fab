using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Sync;
using Portal.Web.Components.Pages;
using Portal.Web.Model;
using Portal.Web.Security;

namespace Portal.ComponentTests;

/// <summary>The Cloud accounts page's view model and markup over a real store, scheduler and simulator: Sync now starts every
/// sync the account's features need and follows each run until it is done.</summary>
public sealed class AccountsViewTests(PortalWorld world) : IClassFixture<PortalWorld>
{
    private async Task<CloudAccount> OnboardAsync(string name, IReadOnlyList<CloudFeature> features, DateTime? secretExpires = null)
    {
        var responder = world.Sim.Client("fabrikam-portal-responder");
        var outcome = await world.Get<OnboardingService>().OnboardAsync(new OnboardingRequest
        {
            Name = name, TenantId = world.Sim.TenantId, ClientId = responder.ClientId, ClientSecret = responder.Secret,
            SubscriptionIds = [world.Sim.SubscriptionId], Features = features, SecretExpiresOn = secretExpires,
            Policy = new SyncPolicy { HostSyncMinutes = 60, ResourceSyncMinutes = 360, HealthCheckMinutes = 60 },
        }, "admin@portal.test", null);
        Assert.True(outcome.Ok, outcome.Problem?.Detail);
        return outcome.Value.Account;
    }

    private AccountsView NewView() => new(world.Get<IAccountStore>(), world.Get<ISyncScheduler>(), world.Get<SyncNowService>(),
        world.Get<OnboardingService>(), world.Get<SyncProgressBoard>(), world.Get<TimeProvider>());

    [Fact]
    public async Task Sync_now_with_CSPM_runs_the_host_sync_and_the_resource_sync_with_its_scan_and_follows_both_to_the_end()
    {
        var account = await OnboardAsync("Accounts CSPM " + Guid.NewGuid().ToString("N")[..4], [CloudFeature.Hosts, CloudFeature.Cspm],
            DateTime.UtcNow.Date.AddDays(6));
        var view = NewView();
        await view.LoadAsync();
        var card = view.Cards.Single(c => c.Account.Id == account.Id);
        Assert.Equal([SyncKind.Hosts, SyncKind.Resources, SyncKind.HealthCheck], card.Syncs.Select(s => s.Kind));
        Assert.All(card.Syncs.Where(s => s.Kind != SyncKind.HealthCheck), s => Assert.Null(s.LastAt));
        Assert.All(card.Syncs, s => Assert.NotNull(s.NextAt));                  // all three scheduled
        Assert.Equal(["CSPM", "Hosts"], card.FeatureNames.Order());
        Assert.Equal(SecretExpiryWarning.Critical, card.SecretWarning);         // 6 days: the 7-day warning
        Assert.Contains("expires in 5 days", card.SecretText); // midnight six days on: five whole days left

        var message = await view.SyncNowAsync(account, "admin@portal.test", null);
        Assert.Contains("Host sync", message);
        Assert.Contains("configuration scan (CSPM)", message);
        var runs = view.Requested(account.Id)!;
        Assert.Equal([SyncKind.Hosts, SyncKind.Resources], runs.Kinds);
        Assert.True(view.IsSyncing(account.Id));

        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!runs.AllFinished && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.True(runs.AllFinished, string.Join("; ", runs.Lines.Select(l => $"{l.Kind}: {l.State} {l.Message}")));
        Assert.All(runs.Lines, l => Assert.Equal(SyncRunState.Succeeded, l.State));
        Assert.Contains("checks failed", runs.Lines.Single(l => l.Kind == SyncKind.Resources).Message);
        Assert.False(view.IsSyncing(account.Id));

        await view.LoadAsync();
        card = view.Cards.Single(c => c.Account.Id == account.Id);
        Assert.NotNull(card.Syncs.Single(s => s.Kind == SyncKind.Hosts).LastAt);
        Assert.NotNull(card.Syncs.Single(s => s.Kind == SyncKind.Resources).LastAt);
        // What the risk and resource pages read to tell "not scanned yet" / "running" / "all clear" apart.
        var status = AccountSyncs.StatusOf(card.Account, SyncKind.Resources, world.Get<SyncProgressBoard>());
        Assert.Equal(AssetSyncState.Succeeded, status.State);
        Assert.Equal(card.Account.LastResourceSyncAt, status.LastSucceededAt);
    }

    [Fact]
    public async Task A_hosts_only_account_syncs_hosts_only_and_the_page_shows_the_run_live()
    {
        var account = await OnboardAsync("Accounts hosts " + Guid.NewGuid().ToString("N")[..4], [CloudFeature.Hosts]);
        Assert.Equal(AssetSyncState.NotNeeded, AccountSyncs.StatusOf(account, SyncKind.Resources, world.Get<SyncProgressBoard>()).State);
        Assert.Equal(AssetSyncState.NeverRun, AccountSyncs.StatusOf(account, SyncKind.Hosts, world.Get<SyncProgressBoard>()).State);

        await using var ctx = world.Context(PortalPolicies.Admin, PortalPolicies.Analyst, PortalPolicies.Viewer);
        ctx.Render<MudPopoverProvider>();
        ctx.Render<MudSnackbarProvider>();
        var cut = ctx.Render<Accounts>();
        var card = () => cut.FindAll("[data-testid=account-card]").Single(c => c.TextContent.Contains(account.Name));
        Assert.Equal("Healthy", card().QuerySelector("[data-testid=account-status]")!.TextContent.Trim());
        Assert.Contains("never", card().QuerySelector("[data-testid=last-Hosts]")!.TextContent);
        Assert.Null(card().QuerySelector("[data-testid=last-Resources]"));     // no CSPM: no resource sync line

        card().QuerySelector("[data-testid=account-sync]")!.Click();
        cut.WaitForAssertion(() => Assert.Single(card().QuerySelectorAll("[data-testid=sync-progress]")));
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", card().QuerySelector("[data-testid=sync-progress][data-kind=Hosts]")!.GetAttribute("data-state")),
            TimeSpan.FromSeconds(90));
        cut.WaitForAssertion(() => Assert.DoesNotContain("never", card().QuerySelector("[data-testid=last-Hosts]")!.TextContent));
        Assert.Matches(@"\d+ hosts", card().TextContent);
    }
}
