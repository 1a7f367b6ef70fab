using MudBlazor;
using Severity = Portal.Cspm.Severity;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;
using Portal.Domain.Sync;

namespace Portal.Web.Model;

/// <summary>Totals of the checks in view. The KPI cards and the page header both read this one object, so they cannot disagree
/// (defect 8: the header once showed the counts frozen in the last scan's message while the cards counted whitelisting as of now).</summary>
public sealed record RiskTotals(int Checks, int ChecksFailing, int Failed, int Whitelisted, int Passed)
{
    public static RiskTotals Of(IReadOnlyCollection<CheckSummary> rows) =>
        new(rows.Count, rows.Count(r => r.Failed > 0), rows.Sum(r => r.Failed), rows.Sum(r => r.Whitelisted), rows.Sum(r => r.Passed));

    public string Sentence => $"{ChecksFailing} of {Checks} checks failing · {Failed} failed, {Whitelisted} whitelisted, {Passed} passed results";
}

/// <summary>The Configuration risks page: filters (kept in the URL by the page), the per-check rows as of now, their totals, where
/// the scans stand, and the grid's page. The catalog bounds the rows (one per check, ~100): the database counts, this class pages.</summary>
public sealed class RisksView(RiskService risks, IAccountStore accountStore, SyncProgressBoard board)
{
    public string? Search { get; set; }
    public Guid? AccountId { get; set; }
    public string? Service { get; set; }
    public Severity? Severity { get; set; }
    public string? Cis { get; set; }
    public RiskStatusFilter Status { get; set; } = RiskStatusFilter.Failed;

    public IReadOnlyList<CloudAccount> CspmAccounts { get; private set; } = [];
    /// <summary>Every check passing the account / service / severity / CIS / search filters, with counts as of now.</summary>
    public IReadOnlyList<CheckSummary> Rows { get; private set; } = [];
    public RiskTotals Totals { get; private set; } = new(0, 0, 0, 0, 0);
    public IReadOnlyList<AccountScanState> Scans { get; private set; } = [];
    public ScanStatus ScanStatus => ScanStates.Overall(Scans);

    public RiskFilter Filter => new() { AccountId = AccountId, Service = Service, Severity = Severity, Cis = Cis, Search = Search };

    public bool HasFilters => !string.IsNullOrWhiteSpace(Search) || AccountId is not null || !string.IsNullOrEmpty(Service) || Severity is not null
                              || !string.IsNullOrEmpty(Cis) || Status != RiskStatusFilter.Failed;

    public void ClearFilters()
    {
        Search = Service = Cis = null;
        AccountId = null;
        Severity = null;
        Status = RiskStatusFilter.Failed;
    }

    public async Task LoadAsync(CancellationToken ct = default)
    {
        CspmAccounts = (await accountStore.ListAsync(ct)).Where(a => a.Has(Portal.Domain.Cloud.CloudFeature.Cspm)).ToList();
        RefreshScans();
        Rows = await risks.SummaryAsync(Filter, ct);
        Totals = RiskTotals.Of(Rows);
    }

    /// <summary>Re-reads only the live progress (no database): called on every progress report.</summary>
    public void RefreshScans() => Scans = ScanStates.Of(CspmAccounts, board, AccountId);

    /// <summary>The rows the status filter shows, in the grid's order.</summary>
    public IReadOnlyList<CheckSummary> Shown(string? sortBy = null, bool descending = false)
    {
        var shown = Rows.Where(r => RiskView.Shows(r, Status));
        IOrderedEnumerable<CheckSummary>? sorted = sortBy switch
        {
            nameof(CheckSummary.Severity) => Order(shown, r => r.Severity, descending).ThenByDescending(r => r.Failed),
            nameof(CheckSummary.Title) => Order(shown, r => r.Title, descending),
            nameof(CheckSummary.Service) => Order(shown, r => r.Service, descending).ThenByDescending(r => r.Severity),
            nameof(CheckSummary.Failed) => Order(shown, r => r.Failed, descending).ThenByDescending(r => r.Severity),
            nameof(CheckSummary.Whitelisted) => Order(shown, r => r.Whitelisted, descending).ThenByDescending(r => r.Severity),
            nameof(CheckSummary.Passed) => Order(shown, r => r.Passed, descending).ThenByDescending(r => r.Severity),
            _ => null,
        };
        // No sort picked: the service's order (most severe, most failed first).
        return sorted is null ? shown.ToList() : sorted.ThenBy(r => r.CheckId, StringComparer.Ordinal).ToList();
    }

    public GridData<CheckSummary> Page(int page, int pageSize, string? sortBy = null, bool descending = false)
    {
        var shown = Shown(sortBy, descending);
        return new GridData<CheckSummary> { TotalItems = shown.Count, Items = shown.Skip(Math.Max(0, page) * pageSize).Take(pageSize).ToList() };
    }

    private static IOrderedEnumerable<CheckSummary> Order<TKey>(IEnumerable<CheckSummary> rows, Func<CheckSummary, TKey> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);

    /// <summary>What the grid says when it has no rows: never a green "all clear" before a scan has run (defect 1).</summary>
    public (string Text, bool AllClear) EmptyMessage => ScanStatus switch
    {
        ScanStatus.NotScanned => ("Not scanned yet: no results until the first resource sync and scan of this account finish. Use Re-scan now to start it.", false),
        ScanStatus.Running => ("Scan running: results appear here when it finishes.", false),
        _ when Status == RiskStatusFilter.Failed && string.IsNullOrWhiteSpace(Search) => ("All clear: no failed checks match these filters.", true),
        _ => ("No checks match these filters.", false),
    };
}
