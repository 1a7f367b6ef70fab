using Microsoft.AspNetCore.Components;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Risks;

namespace Portal.Web.Components.Pages;

public sealed partial class Overview
{
    [Inject] private IAuditLog Audit { get; set; } = default!;
    [Inject] private IAccountStore Accounts { get; set; } = default!;
    [Inject] private IHostStore Hosts { get; set; } = default!;
    [Inject] private RiskService Risks { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private int _actions24h, _failedSignIns24h;
    private IReadOnlyList<CloudAccount> _accounts = [];
    private HostCounts? _hosts;

    private int _cspmAccounts, _whitelisted, _failingChecks;
    private IReadOnlyDictionary<Severity, int> _failedBySeverity = new Dictionary<Severity, int>();
    private IReadOnlyDictionary<string, int> _failedByService = new Dictionary<string, int>();
    private IReadOnlyList<RiskTrendPoint> _trend = [];

    protected override async Task OnInitializedAsync()
    {
        var since = Clock.GetUtcNow().UtcDateTime.AddHours(-24);
        _actions24h = (await Audit.QueryAsync(new() { From = since, PageSize = 1 })).Total;
        _failedSignIns24h = (await Audit.QueryAsync(new() { From = since, Action = "auth.sign-in", Outcome = AuditOutcome.Failed, PageSize = 1 })).Total;
        _accounts = await Accounts.ListAsync();
        _hosts = await Hosts.CountAsync();

        _cspmAccounts = _accounts.Count(a => a.Has(CloudFeature.Cspm));
        if (_cspmAccounts == 0) return;
        // Counts as of now (whitelisting applied), the same numbers the Configuration risks page shows.
        var summary = await Risks.SummaryAsync(new RiskFilter());
        _failedBySeverity = summary.GroupBy(s => s.Severity).ToDictionary(g => g.Key, g => g.Sum(s => s.Failed));
        _failedByService = summary.GroupBy(s => s.Service).Select(g => (g.Key, Failed: g.Sum(s => s.Failed))).Where(x => x.Failed > 0)
            .ToDictionary(x => x.Key, x => x.Failed);
        _whitelisted = summary.Sum(s => s.Whitelisted);
        _failingChecks = summary.Count(s => s.Failed > 0);
        _trend = await Risks.TrendAsync();
    }
}
