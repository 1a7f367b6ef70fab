using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Cspm;
using Portal.Data;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Risks;

namespace Portal.DataTests;

/// <summary>Resource sync, scan results and whitelists on both providers.</summary>
public sealed class RiskStoreTests
{
    public static TheoryData<DatabaseProvider> Providers => SchemaTests.Providers;

    internal const string Sub = "0b1f6471-1bf0-4dda-aec3-111122223333";
    internal static readonly DateTime T1 = new(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc);

    internal sealed class Clock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }

    internal static JsonElement Storage(string name, bool https = true, string tls = "TLS1_2", string? env = null, string rg = "RG-Data") =>
        JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            id = $"/subscriptions/{Sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}",
            name,
            type = "Microsoft.Storage/storageAccounts",
            location = "westeurope",
            tags = env is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["env"] = env },
            properties = new { supportsHttpsTrafficOnly = https, minimumTlsVersion = tls },
        })).RootElement;

    internal static async Task<(TestDatabase Db, ServiceProvider Services, Guid AccountId, Clock Clock)> SetUpAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext()) await ctx.Database.MigrateAsync();
        var clock = new Clock(T1);
        var services = db.Services(clock);
        var accountId = Guid.NewGuid();
        await services.GetRequiredService<IAccountStore>().AddAsync(new CloudAccount
        {
            Id = accountId, Name = "a", TenantId = "t", ClientId = "c", ProtectedClientSecret = "x", CreatedAt = T1, CreatedBy = "test",
            Subscriptions = [new AccountSubscription(Sub, "Prod")],
        });
        return (db, services, accountId, clock);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Resource_sync_adds_keeps_history_of_changes_marks_removed_and_brings_back(DatabaseProvider provider)
    {
        var (db, services, accountId, _) = await SetUpAsync(provider);
        await using var _db = db;
        await using var _s = services;
        var store = services.GetRequiredService<IResourceStore>();

        var first = await store.ApplySyncAsync(accountId, Sub, [Storage("alpha"), Storage("beta", env: "prod"), Storage("gamma")], T1);
        Assert.Equal(new ResourceSyncOutcome(3, 3, 0, 0, 0), first);

        // beta's configuration changes (property order alone is no change), gamma disappears.
        var t2 = T1.AddHours(1);
        var reordered = JsonDocument.Parse($$"""{"properties":{"minimumTlsVersion":"TLS1_2","supportsHttpsTrafficOnly":true},"location":"westeurope","type":"Microsoft.Storage/storageAccounts","name":"alpha","tags":{},"id":"/subscriptions/{{Sub}}/resourceGroups/RG-Data/providers/Microsoft.Storage/storageAccounts/alpha"}""").RootElement;
        var second = await store.ApplySyncAsync(accountId, Sub, [reordered, Storage("beta", https: false, env: "prod")], t2);
        Assert.Equal(new ResourceSyncOutcome(2, 0, 1, 1, 1), second);

        var all = await store.QueryAsync(new ResourceQuery { AccountId = accountId, IncludeRemoved = true });
        Assert.Equal(3, all.Total);
        var gamma = all.Items.Single(r => r.Name == "gamma");
        Assert.Equal((true, t2, T1), (gamma.Removed, gamma.RemovedAt, gamma.LastSeen));
        var beta = all.Items.Single(r => r.Name == "beta");
        Assert.Equal($"/subscriptions/{Sub}/resourcegroups/rg-data/providers/microsoft.storage/storageaccounts/beta", beta.ResourceId);
        Assert.Equal(("Microsoft.Storage/storageAccounts", "Storage", "RG-Data", "prod"), (beta.Type, beta.Service, beta.ResourceGroup, beta.Tags["env"]));
        Assert.Equal((T1, t2), (beta.FirstSeen, beta.LastSeen));
        Assert.Contains("\"supportsHttpsTrafficOnly\":false", beta.Json);

        var history = await store.HistoryAsync(accountId, beta.ResourceId.ToUpperInvariant());
        Assert.Equal([ResourceChangeKind.Changed, ResourceChangeKind.Added], history.Select(h => h.Kind));
        Assert.Equal(t2, history[0].ChangedAt);
        Assert.Contains("\"supportsHttpsTrafficOnly\":false", history[0].Json);
        Assert.Contains("\"supportsHttpsTrafficOnly\":true", history[1].Json);
        Assert.Single(await store.HistoryAsync(accountId, all.Items.Single(r => r.Name == "alpha").ResourceId));

        // Queries: current only by default, by service / type / tag / text, paging.
        Assert.Equal(2, (await store.QueryAsync(new ResourceQuery { AccountId = accountId })).Total);
        Assert.Equal(2, (await store.QueryAsync(new ResourceQuery { Service = "storage" })).Total);
        Assert.Equal(2, (await store.QueryAsync(new ResourceQuery { Type = "microsoft.storage/storageaccounts" })).Total);
        Assert.Equal("beta", (await store.QueryAsync(new ResourceQuery { Search = "env=PROD" })).Items.Single().Name);
        Assert.Equal("alpha", (await store.QueryAsync(new ResourceQuery { Search = "ALP" })).Items.Single().Name);
        var page2 = await store.QueryAsync(new ResourceQuery { IncludeRemoved = true, PageSize = 2, Page = 2 });
        Assert.Equal((3, "gamma"), (page2.Total, page2.Items.Single().Name));
        Assert.Equal(2, (await store.ListCurrentAsync(accountId)).Count);
        Assert.Equal(2, (await store.CountByServiceAsync(accountId))["Storage"]);
        Assert.Equal(beta.Id, (await store.GetByResourceIdAsync(accountId, beta.ResourceId.ToUpperInvariant()))!.Id);
        Assert.Equal("beta", (await store.GetAsync(beta.Id))!.Name);
        var refs = await store.LookupAsync([beta.ResourceId, gamma.ResourceId, "/subscriptions/x/nothing"], accountId);
        Assert.Equal("prod", refs.Single().Value.Tags["env"]);

        // gamma comes back: same row, history says so.
        var third = await store.ApplySyncAsync(accountId, Sub, [Storage("alpha"), Storage("beta", https: false, env: "prod"), Storage("gamma")], t2.AddHours(1));
        Assert.Equal(new ResourceSyncOutcome(3, 1, 0, 2, 0), third);
        Assert.Equal([ResourceChangeKind.Returned, ResourceChangeKind.Removed, ResourceChangeKind.Added],
            (await store.HistoryAsync(accountId, gamma.ResourceId)).Select(h => h.Kind));
        Assert.Equal(gamma.Id, (await store.GetByResourceIdAsync(accountId, gamma.ResourceId))!.Id);

        // Removing the account removes its resources and their history.
        Assert.True(await services.GetRequiredService<IAccountStore>().DeleteAsync(accountId));
        Assert.Equal(0, (await store.QueryAsync(new ResourceQuery { IncludeRemoved = true })).Total);
        await using var ctx = db.NewContext();
        Assert.Equal(0, await ctx.ResourceChanges.CountAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Scan_results_are_replaced_atomically_and_trend_points_accumulate(DatabaseProvider provider)
    {
        var (db, services, accountId, clock) = await SetUpAsync(provider);
        await using var _db = db;
        await using var _s = services;
        var resources = services.GetRequiredService<IResourceStore>();
        var risks = services.GetRequiredService<IRiskStore>();
        var scanner = services.GetRequiredService<RiskService>();

        await resources.ApplySyncAsync(accountId, Sub, [Storage("alpha", https: false), Storage("beta", tls: "TLS1_0")], T1);
        var first = await scanner.ScanAsync(accountId);
        Assert.Equal(2, first.Resources);
        var results = await risks.ListResultsAsync(accountId, ["azure-storage-secure-transfer", "azure-storage-min-tls"]);
        Assert.Equal(4, results.Count);
        var failedHttps = results.Single(r => r.CheckId == "azure-storage-secure-transfer" && r.Status == CheckStatus.Failed);
        Assert.EndsWith("/storageaccounts/alpha", failedHttps.ResourceId);
        Assert.Contains("supportsHttpsTrafficOnly", failedHttps.Evidence);

        // A second scan after a fix replaces every result.
        clock.Now = T1.AddHours(6);
        await resources.ApplySyncAsync(accountId, Sub, [Storage("alpha"), Storage("beta", tls: "TLS1_0")], clock.Now);
        var second = await scanner.ScanAsync(accountId);
        Assert.True(second.Failed < first.Failed);
        var all = await risks.ListResultsAsync(accountId);
        Assert.All(all, r => Assert.Equal(clock.Now, r.EvaluatedAt));
        Assert.Equal(second.Results, all.Count);
        Assert.DoesNotContain(all, r => r.CheckId == "azure-storage-secure-transfer" && r.Status == CheckStatus.Failed);

        // A replacement that fails half-way (a row the database rejects) leaves the previous scan whole.
        var broken = new List<RiskResult>
        {
            new() { CheckId = "azure-storage-min-tls", ResourceId = "/x", Status = CheckStatus.Passed, Evidence = "ok", EvaluatedAt = clock.Now },
            new() { CheckId = null!, ResourceId = "/y", Status = CheckStatus.Failed, Evidence = "bad", EvaluatedAt = clock.Now },
        };
        await Assert.ThrowsAnyAsync<Exception>(() => risks.ReplaceResultsAsync(accountId, broken, new RiskTrendPoint { At = clock.Now }));
        Assert.Equal(all.Select(r => (r.CheckId, r.ResourceId, r.Status)), (await risks.ListResultsAsync(accountId)).Select(r => (r.CheckId, r.ResourceId, r.Status)));

        var trend = await scanner.TrendAsync(accountId);
        Assert.Equal([T1, T1.AddHours(6)], trend.Select(p => p.At));
        Assert.Equal(first.Failed, trend[0].Failed);
        Assert.Equal(trend[0].Failed, trend[0].FailedBySeverity.Values.Sum());
        Assert.True(trend[0].FailedBySeverity["High"] > trend[1].FailedBySeverity["High"]);
        Assert.Equal(trend[0].Failed, trend[0].FailedByService.Values.Sum());
        Assert.Equal(2, (await scanner.TrendAsync()).Count);
        Assert.Single(await scanner.TrendAsync(from: T1.AddHours(1)));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Whitelist_entries_persist_are_audited_and_change_the_counts_until_they_expire_or_are_removed(DatabaseProvider provider)
    {
        var (db, services, accountId, clock) = await SetUpAsync(provider);
        await using var _db = db;
        await using var _s = services;
        var resources = services.GetRequiredService<IResourceStore>();
        var whitelist = services.GetRequiredService<WhitelistService>();
        var risks = services.GetRequiredService<RiskService>();
        const string check = "azure-storage-secure-transfer";

        await resources.ApplySyncAsync(accountId, Sub, [Storage("alpha", https: false), Storage("beta", https: false, env: "prod"), Storage("gamma", https: false, rg: "rg-other")], T1);
        await risks.ScanAsync(accountId);
        async Task<(int Failed, int Passed, int Whitelisted)> Counts()
        {
            var s = (await risks.SummaryAsync(new RiskFilter { AccountId = accountId, CheckId = check })).Single();
            return (s.Failed, s.Passed, s.Whitelisted);
        }
        Assert.Equal((3, 0, 0), await Counts());

        // Rejected: unknown check, malformed scope, no reason, expiry in the past.
        Assert.False((await whitelist.AddAsync(new(("no-such-check"), WhitelistScopeType.Subscription, Sub, "r", null), "alice", "10.0.0.1")).Ok);
        Assert.False((await whitelist.AddAsync(new(check, WhitelistScopeType.ResourceGroup, "rg-data", "r", null), "alice", null)).Ok);
        Assert.False((await whitelist.AddAsync(new(check, WhitelistScopeType.Tag, "env=prod", "  ", null), "alice", null)).Ok);
        Assert.False((await whitelist.AddAsync(new(check, WhitelistScopeType.Tag, "env=prod", "r", T1.AddMinutes(-1)), "alice", null)).Ok);

        var byTag = await whitelist.AddAsync(new(check, WhitelistScopeType.Tag, "env=prod", "Static website, HTTP by design", T1.AddDays(1)), "alice", "10.0.0.1");
        Assert.True(byTag.Ok);
        var byGroup = await whitelist.AddAsync(new(check, WhitelistScopeType.ResourceGroup, $"/subscriptions/{Sub}/resourceGroups/RG-Other", "Lab", null), "bob", null);
        Assert.Equal($"/subscriptions/{Sub}/resourcegroups/rg-other", byGroup.Value!.ScopeValue);
        Assert.Equal((1, 0, 2), await Counts());

        var drill = await risks.ResourcesAsync(check, accountId);
        Assert.Equal([RiskStatus.Failed, RiskStatus.Whitelisted, RiskStatus.Whitelisted], drill.Select(r => r.Status));
        Assert.Equal(("alpha", "Microsoft.Storage/storageAccounts"), (drill[0].Name, drill[0].Type));
        Assert.Equal(byTag.Value!.Id, drill.Single(r => r.Name == "beta").WhitelistEntryId);
        Assert.Single(await risks.ResourcesAsync(check, accountId, RiskStatus.Failed));

        // Edit: the group entry now names another group; persisted with who and when.
        clock.Now = T1.AddHours(1);
        var edited = await whitelist.UpdateAsync(byGroup.Value.Id, new(check, WhitelistScopeType.ResourceGroup, $"/subscriptions/{Sub}/resourceGroups/rg-none", "Lab moved", null), "carol", null);
        Assert.True(edited.Ok);
        var stored = await whitelist.GetAsync(byGroup.Value.Id);
        Assert.Equal(("carol", clock.Now, "Lab moved"), (stored!.UpdatedBy, stored.UpdatedAt, stored.Reason));
        Assert.Equal((2, 0, 1), await Counts());

        // The tag entry expires: its result is failed again; the removed entry covers nothing either.
        clock.Now = T1.AddDays(1);
        Assert.Equal((3, 0, 0), await Counts());
        Assert.True(await whitelist.RemoveAsync(byGroup.Value.Id, "carol", null));
        Assert.False(await whitelist.RemoveAsync(byGroup.Value.Id, "carol", null));

        var listed = await whitelist.ListAsync(new WhitelistQuery());
        Assert.Equal(byTag.Value.Id, listed.Items.Single().Id);
        Assert.Equal(2, (await whitelist.ListAsync(new WhitelistQuery { IncludeRemoved = true })).Total);
        Assert.Equal(byTag.Value.Id, (await whitelist.ListAsync(new WhitelistQuery { Search = "static WEB" })).Items.Single().Id);
        Assert.Equal(2, (await whitelist.ListAsync(new WhitelistQuery { CheckId = check.ToUpperInvariant(), IncludeRemoved = true })).Total);

        var audit = await services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = "whitelist", PageSize = 100 });
        var actions = audit.Items.Select(a => (a.Action, a.Outcome)).ToList();
        Assert.Equal(4, actions.Count(a => a == ("whitelist.add", AuditOutcome.Failed)));
        Assert.Equal(2, actions.Count(a => a == ("whitelist.add", AuditOutcome.Succeeded)));
        Assert.Contains(("whitelist.update", AuditOutcome.Succeeded), actions);
        Assert.Contains(("whitelist.remove", AuditOutcome.Succeeded), actions);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_scan_tells_its_observers_the_failed_results_no_whitelist_entry_covers(DatabaseProvider provider)
    {
        var (db, services, accountId, clock) = await SetUpAsync(provider);
        await using var _db = db;
        await using var _s = services;
        const string check = "azure-storage-secure-transfer";
        await services.GetRequiredService<IResourceStore>().ApplySyncAsync(accountId, Sub, [Storage("alpha", https: false), Storage("beta", https: false, env: "prod")], T1);
        Assert.True((await services.GetRequiredService<WhitelistService>().AddAsync(new(check, WhitelistScopeType.Tag, "env=prod", "Static site", null), "alice", null)).Ok);
        var observer = new RecordingObserver();
        var scanner = new RiskService(services.GetRequiredService<IRiskStore>(), services.GetRequiredService<IResourceStore>(),
            services.GetRequiredService<IWhitelistStore>(), clock, [observer]);

        var outcome = await scanner.ScanAsync(accountId);

        Assert.Equal(accountId, observer.AccountId);
        Assert.Equal(outcome.Failed, observer.Failed.Count);
        var https = Assert.Single(observer.Failed, f => f.CheckId == check);
        Assert.EndsWith("/storageaccounts/alpha", https.ResourceId);
        Assert.Equal(CheckCatalog.Find(check)!.Metadata.Severity, https.Severity);
    }

    private sealed class RecordingObserver : IRiskScanObserver
    {
        public Guid AccountId { get; private set; }
        public IReadOnlyList<FailedCheck> Failed { get; private set; } = [];

        public Task OnScannedAsync(Guid accountId, IReadOnlyList<FailedCheck> failed, CancellationToken ct)
        {
            (AccountId, Failed) = (accountId, failed);
            return Task.CompletedTask;
        }
    }
}
