using System.Text.Json;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Risks;

namespace Portal.Risks.Tests;

public sealed class SummaryTests
{
    private const string Sub = "0b1f6471-1bf0-4dda-aec3-aaaabbbbcccc";
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid();
    private const string Https = "azure-storage-secure-transfer";   // High, Storage, CIS 4.1
    private const string Tls = "azure-storage-min-tls";             // High, Storage, CIS 4.15
    private const string Rdp = "azure-nsg-rdp-internet";            // Critical, Network

    private static string Sa(string name, string rg = "rg") => $"/subscriptions/{Sub}/resourcegroups/{rg}/providers/microsoft.storage/storageaccounts/{name}";

    private static RiskResult R(Guid account, string check, string resource, bool failed) => new()
    {
        AccountId = account, CheckId = check, ResourceId = resource, Status = failed ? CheckStatus.Failed : CheckStatus.Passed, Evidence = "e", EvaluatedAt = Now,
    };

    private static WhitelistEntry W(string check, WhitelistScopeType type, string value, DateTime? expires = null, DateTime? removed = null) =>
        new() { Id = Guid.NewGuid(), CheckId = check, ScopeType = type, ScopeValue = WhitelistScope.Normalize(type, value).Scope!.Value, Reason = "r", ExpiresOn = expires, RemovedAt = removed };

    private static readonly RiskResult[] Results =
    [
        R(A, Https, Sa("a1"), failed: true),
        R(A, Https, Sa("a2", "lab"), failed: true),
        R(A, Https, Sa("a3"), failed: false),
        R(A, Tls, Sa("a1"), failed: true),
        R(B, Https, Sa("b1"), failed: true),
        R(B, Rdp, $"/subscriptions/{Sub}/resourcegroups/rg/providers/microsoft.network/networksecuritygroups/n1", failed: true),
    ];

    private static IReadOnlyDictionary<string, string>? Tags(RiskResult r) =>
        r.ResourceId.EndsWith("/b1") ? new Dictionary<string, string> { ["env"] = "dev" } : null;

    private static CheckSummary Row(IReadOnlyList<CheckSummary> rows, string id) => rows.Single(r => r.CheckId == id);

    [Fact]
    public void Counts_failed_passed_and_whitelisted_per_check_with_every_catalog_check_listed()
    {
        var rows = RiskSummaries.Summarize(Results, [], Tags, new RiskFilter(), Now);
        Assert.Equal(CheckCatalog.All.Count, rows.Count);
        Assert.Equal((3, 1, 0), (Row(rows, Https).Failed, Row(rows, Https).Passed, Row(rows, Https).Whitelisted));
        Assert.Equal((1, 0, 0), (Row(rows, Tls).Failed, Row(rows, Tls).Passed, Row(rows, Tls).Whitelisted));
        Assert.Equal(Severity.High, Row(rows, Https).Severity);
        Assert.Contains("4.1", Row(rows, Https).Cis);
        // Most severe first, then most failed.
        Assert.Equal(Rdp, rows.First(r => r.Failed > 0).CheckId);
        var high = rows.Where(r => r.Severity == Severity.High).ToList();
        Assert.Equal(Https, high[0].CheckId);
    }

    [Fact]
    public void Whitelisted_results_leave_the_failed_count_and_come_back_when_the_entry_expires_or_is_removed()
    {
        var group = W(Https, WhitelistScopeType.ResourceGroup, $"/subscriptions/{Sub}/resourceGroups/lab", expires: Now.AddDays(1));
        var tag = W(Https, WhitelistScopeType.Tag, "env=dev");
        var otherCheck = W(Tls, WhitelistScopeType.Resource, Sa("a9"));
        var wl = new[] { group, tag, otherCheck };

        var now = RiskSummaries.Summarize(Results, wl, Tags, new RiskFilter(), Now);
        Assert.Equal((1, 1, 2), (Row(now, Https).Failed, Row(now, Https).Passed, Row(now, Https).Whitelisted));
        Assert.Equal((1, 0), (Row(now, Tls).Failed, Row(now, Tls).Whitelisted));

        var later = RiskSummaries.Summarize(Results, wl, Tags, new RiskFilter(), Now.AddDays(1));
        Assert.Equal((2, 1), (Row(later, Https).Failed, Row(later, Https).Whitelisted));

        tag.RemovedAt = Now.AddDays(1);
        var afterRemoval = RiskSummaries.Summarize(Results, wl, Tags, new RiskFilter(), Now.AddDays(1));
        Assert.Equal((3, 0), (Row(afterRemoval, Https).Failed, Row(afterRemoval, Https).Whitelisted));

        // A passed result is never "whitelisted".
        var all = W(Https, WhitelistScopeType.Subscription, Sub);
        var allRows = RiskSummaries.Summarize(Results, [all], Tags, new RiskFilter(), Now);
        Assert.Equal((0, 1, 3), (Row(allRows, Https).Failed, Row(allRows, Https).Passed, Row(allRows, Https).Whitelisted));
    }

    [Fact]
    public void Filters_by_account_severity_service_and_cis_section()
    {
        var a = RiskSummaries.Summarize(Results, [], Tags, new RiskFilter { AccountId = A }, Now);
        Assert.Equal((2, 1), (Row(a, Https).Failed, Row(a, Https).Passed));
        Assert.Equal(0, Row(a, Rdp).Failed);

        var critical = RiskSummaries.Summarize(Results, [], Tags, new RiskFilter { Severity = Severity.Critical }, Now);
        Assert.All(critical, r => Assert.Equal(Severity.Critical, r.Severity));
        Assert.Contains(critical, r => r.CheckId == Rdp && r.Failed == 1);

        var storage = RiskSummaries.Summarize(Results, [], Tags, new RiskFilter { Service = "storage" }, Now);
        Assert.All(storage, r => Assert.Equal("Storage", r.Service));
        Assert.Equal(CheckCatalog.All.Count(c => c.Metadata.Service == "Storage"), storage.Count);

        var section4 = RiskSummaries.Summarize(Results, [], Tags, new RiskFilter { Cis = "4" }, Now);
        Assert.Contains(section4, r => r.CheckId == Https);
        Assert.Contains(section4, r => r.CheckId == Tls);
        Assert.DoesNotContain(section4, r => r.CheckId == Rdp);
        var exact = RiskSummaries.Summarize(Results, [], Tags, new RiskFilter { Cis = "4.1" }, Now);
        Assert.Contains(exact, r => r.CheckId == Https);
        Assert.DoesNotContain(exact, r => r.CheckId == Tls); // 4.15 is not inside section 4.1
        Assert.Single(RiskSummaries.Summarize(Results, [], Tags, new RiskFilter { CheckId = Tls.ToUpperInvariant() }, Now));
    }

    [Fact]
    public void A_trend_point_counts_failed_results_by_severity_and_service_without_the_whitelisted_ones()
    {
        var wl = new[] { W(Https, WhitelistScopeType.Resource, Sa("a1")) };
        var point = RiskSummaries.TrendPoint(A, Results.Where(r => r.AccountId == A).ToList(), wl, Tags, resources: 3, Now);
        Assert.Equal((2, 1, 1, 3), (point.Failed, point.Passed, point.Whitelisted, point.Resources));
        Assert.Equal(2, point.FailedBySeverity["High"]);
        Assert.Equal(0, point.FailedBySeverity["Critical"]);
        Assert.Equal(2, point.FailedByService["Storage"]);
    }

    [Fact]
    public void Combined_trend_sums_each_accounts_latest_point()
    {
        RiskTrendPoint P(Guid acc, int hours, int failed) => new() { AccountId = acc, At = Now.AddHours(hours), Failed = failed, FailedBySeverity = new() { ["High"] = failed } };
        var series = RiskSummaries.Combine([P(A, 0, 5), P(B, 1, 2), P(A, 2, 3), P(B, 2, 1)]);
        Assert.Equal([(0, 5), (1, 7), (2, 4)], series.Select(p => ((int)(p.At - Now).TotalHours, p.Failed)));
        Assert.Equal(4, series[^1].FailedBySeverity["High"]);
    }

    [Fact]
    public void Configuration_hash_ignores_property_order_and_whitespace_but_not_values()
    {
        var a = ConfigurationHash.Of("""{"id":"/x","properties":{"a":1,"b":[1,2]}}""");
        var b = ConfigurationHash.Of("""{ "properties": { "b": [1, 2], "a": 1 }, "id": "/x" }""");
        var c = ConfigurationHash.Of("""{"id":"/x","properties":{"a":1,"b":[2,1]}}""");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_cloud_resource_is_built_from_its_arm_object()
    {
        using var doc = JsonDocument.Parse($$$"""{"id":"/subscriptions/{{{Sub}}}/resourceGroups/RG/providers/Microsoft.KeyVault/vaults/KV1","name":"KV1","type":"Microsoft.KeyVault/vaults","location":"westeurope","tags":{"Env":"prod"},"properties":{}}""");
        var r = CloudResource.FromArm(A, doc.RootElement, Now);
        Assert.Equal(($"/subscriptions/{Sub}/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv1", "KeyVault", "KV1", "RG", Sub), (r.ResourceId, r.Service, r.Name, r.ResourceGroup, r.SubscriptionId));
        Assert.Equal("prod", r.Tag("env"));
        Assert.Equal("KV1", r.ToConfig().Name);
        Assert.Equal(64, r.ConfigHash.Length);
    }

    [Fact]
    public void Resource_sync_is_scheduled_by_policy_only_for_accounts_with_cspm()
    {
        var account = new CloudAccount { Features = [CloudFeature.Hosts], Policy = new SyncPolicy { ResourceSyncMinutes = 120 } };
        Assert.Equal(0, OnboardingService.ScheduleFor(account).ResourceSyncMinutes);
        account.Features = [CloudFeature.Hosts, CloudFeature.Cspm];
        Assert.Equal(120, OnboardingService.ScheduleFor(account).ResourceSyncMinutes);
    }
}

public sealed class SummaryFromCountsTests
{
    [Fact]
    public void Counting_in_the_database_gives_the_same_rows_as_counting_results()
    {
        var sub = "0b1f6471-1bf0-4dda-aec3-aaaabbbbcccc";
        var now = new DateTime(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
        var checks = Portal.Cspm.CheckCatalog.All.Take(12).Select(c => c.Metadata.Id).ToList();
        var rnd = new Random(7);
        var results = Enumerable.Range(0, 400).Select(i => new RiskResult
        {
            AccountId = Guid.Empty, CheckId = checks[rnd.Next(checks.Count)],
            ResourceId = $"/subscriptions/{sub}/resourcegroups/rg{rnd.Next(3)}/providers/microsoft.storage/storageaccounts/s{i}",
            Status = rnd.Next(2) == 0 ? Portal.Cspm.CheckStatus.Failed : Portal.Cspm.CheckStatus.Passed,
        }).ToList();
        var entries = new[]
        {
            new WhitelistEntry { CheckId = checks[0], ScopeType = WhitelistScopeType.ResourceGroup, ScopeValue = $"/subscriptions/{sub}/resourcegroups/rg1" },
            new WhitelistEntry { CheckId = checks[1], ScopeType = WhitelistScopeType.Subscription, ScopeValue = sub },
        };
        var filter = new RiskFilter();
        var direct = RiskSummaries.Summarize(results, entries, _ => null, filter, now);

        var counts = results.GroupBy(r => (r.CheckId, r.Status)).Select(g => new ResultCount(g.Key.CheckId, g.Key.Status, g.Count()));
        var whitelisted = results.Where(r => RiskSummaries.StatusOf(r, entries, null, now).Status == RiskStatus.Whitelisted)
            .GroupBy(r => r.CheckId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(direct, RiskSummaries.FromCounts(counts, whitelisted, filter), new SummaryComparer());
        Assert.True(direct.Sum(d => d.Whitelisted) > 0);
    }

    private sealed class SummaryComparer : IEqualityComparer<CheckSummary>
    {
        public bool Equals(CheckSummary? a, CheckSummary? b) =>
            (a!.CheckId, a.Failed, a.Passed, a.Whitelisted) == (b!.CheckId, b.Failed, b.Passed, b.Whitelisted);
        public int GetHashCode(CheckSummary s) => s.CheckId.GetHashCode();
    }
}
