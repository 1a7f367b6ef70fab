using System.Globalization;
using MudBlazor;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Risks;
using Severity = Portal.Cspm.Severity;

namespace Portal.Web.Model;

/// <summary>The overview's figures and the series its charts draw (hosts by region and power state, failed results by severity, per scan).</summary>
public sealed class OverviewView(IAuditLog audit, IAccountStore accounts, IHostStore hosts, RiskService risks, TimeProvider clock)
{
    /// <summary>Scans drawn in the trend (the latest ones).</summary>
    public const int TrendScans = 20;
    public static readonly Severity[] Severities = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low];

    public int OperatorActions24h { get; private set; }
    public int FailedSignIns24h { get; private set; }
    public IReadOnlyList<CloudAccount> Accounts { get; private set; } = [];
    public HostCounts Hosts { get; private set; } = new(0, new Dictionary<string, int>(), new Dictionary<string, int>());
    public int Running => Hosts.ByPowerState.GetValueOrDefault("running");
    public int CspmAccounts { get; private set; }
    public int Whitelisted { get; private set; }
    public int FailingChecks { get; private set; }
    public IReadOnlyDictionary<Severity, int> FailedBySeverity { get; private set; } = new Dictionary<Severity, int>();
    public IReadOnlyList<(string Service, int Failed)> FailedByService { get; private set; } = [];
    public IReadOnlyList<RiskTrendPoint> Trend { get; private set; } = [];

    public async Task LoadAsync()
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        OperatorActions24h = (await audit.QueryAsync(new() { From = since, PageSize = 1 })).Total;
        FailedSignIns24h = (await audit.QueryAsync(new() { From = since, Action = "auth.sign-in", Outcome = AuditOutcome.Failed, PageSize = 1 })).Total;
        Accounts = await accounts.ListAsync();
        Hosts = await hosts.CountAsync();

        CspmAccounts = Accounts.Count(a => a.Has(CloudFeature.Cspm));
        if (CspmAccounts == 0) return;
        // Counts as of now (whitelisting applied), the same numbers the Configuration risks page shows.
        var summary = await risks.SummaryAsync(new RiskFilter());
        FailedBySeverity = summary.GroupBy(s => s.Severity).ToDictionary(g => g.Key, g => g.Sum(s => s.Failed));
        FailedByService = summary.GroupBy(s => s.Service).Select(g => (g.Key, g.Sum(s => s.Failed))).Where(x => x.Item2 > 0)
            .OrderByDescending(x => x.Item2).ThenBy(x => x.Key).ToList();
        Whitelisted = summary.Sum(s => s.Whitelisted);
        FailingChecks = summary.Count(s => s.Failed > 0);
        Trend = await risks.TrendAsync();
    }

    /// <summary>Regions by host count, largest first (the bar chart's labels and its one series).</summary>
    public (string[] Labels, List<ChartSeries<double>> Series) HostsByRegion()
    {
        var ordered = Hosts.ByRegion.OrderByDescending(r => r.Value).ThenBy(r => r.Key).ToList();
        return (ordered.Select(r => r.Key).ToArray(),
            [new ChartSeries<double> { Name = "Hosts", Data = new ChartData<double>(ordered.Select(r => (double)r.Value).ToList()) }]);
    }

    public (string[] Labels, List<ChartSeries<double>> Series) HostsByPowerState()
    {
        var ordered = Hosts.ByPowerState.OrderByDescending(r => r.Value).ThenBy(r => r.Key).ToList();
        return (ordered.Select(r => PowerStateLabel(r.Key)).ToArray(),
            [new ChartSeries<double> { Name = "Hosts", Data = new ChartData<double>(ordered.Select(r => (double)r.Value).ToList()) }]);
    }

    public (string[] Labels, List<ChartSeries<double>> Series) BySeverity() =>
        (Severities.Select(s => s.ToString()).ToArray(),
            [new ChartSeries<double> { Name = "Failed", Data = new ChartData<double>(Severities.Select(s => (double)FailedBySeverity.GetValueOrDefault(s)).ToList()) }]);

    /// <summary>Failed results per scan, one stacked series per severity, the latest <see cref="TrendScans"/> scans.</summary>
    public (string[] Labels, List<ChartSeries<double>> Series) TrendSeries()
    {
        var shown = Trend.TakeLast(TrendScans).ToList();
        var labels = shown.Select(p => p.At.ToString("MMM d HH:mm", CultureInfo.InvariantCulture)).ToArray();
        var series = Severities.Select(s => new ChartSeries<double>
        {
            Name = s.ToString(),
            Data = new ChartData<double>(shown.Select(p => (double)p.FailedBySeverity.GetValueOrDefault(s.ToString())).ToList()),
        }).ToList();
        return (labels, series);
    }

    /// <summary>Severity colours, most severe first (the order of <see cref="Severities"/>).</summary>
    public static readonly string[] SeverityPalette = Severities.Select(TrendChart.Color).ToArray();

    /// <summary>The user's words for ARM power states.</summary>
    public static string PowerStateLabel(string state) => state.ToLowerInvariant() switch
    {
        "running" => "Running",
        "deallocated" => "Deallocated",
        "stopped" => "Stopped",
        "starting" => "Starting",
        "stopping" => "Stopping",
        "deallocating" => "Deallocating",
        "" or "unknown" => "Unknown",
        var s => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s),
    };
}
