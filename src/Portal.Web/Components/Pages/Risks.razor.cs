using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;
using Portal.Domain.Sync;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>One row per check with failed / whitelisted / passed counts in a paged grid; search, filters, sort and page live in the
/// query string so a drill-down's back link, a shared link and the export buttons keep them. Logic in <see cref="RisksView"/>.</summary>
public sealed partial class Risks
{
    [Inject] private RiskService RiskService { get; set; } = default!;
    [Inject] private IAccountStore AccountStore { get; set; } = default!;
    [Inject] private SyncProgressBoard Board { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "search")] public string? SearchQuery { get; set; }
    [SupplyParameterFromQuery(Name = "status")] public string? StatusQuery { get; set; }
    [SupplyParameterFromQuery(Name = "accountId")] public Guid? AccountQuery { get; set; }
    [SupplyParameterFromQuery(Name = "service")] public string? ServiceQuery { get; set; }
    [SupplyParameterFromQuery(Name = "severity")] public string? SeverityQuery { get; set; }
    [SupplyParameterFromQuery(Name = "cis")] public string? CisQuery { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? PageQuery { get; set; }
    [SupplyParameterFromQuery(Name = "size")] public int? SizeQuery { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? SortQuery { get; set; }
    [SupplyParameterFromQuery(Name = "desc")] public bool? DescQuery { get; set; }

    private RisksView _view = default!;
    private readonly GridPaging _paging = new();
    private MudDataGrid<CheckSummary>? _grid;

    protected override async Task OnInitializedAsync()
    {
        // The URL is read once; afterwards the page owns the state and writes it back (replacing the history entry).
        _view = new RisksView(RiskService, AccountStore, Board)
        {
            Search = SearchQuery, AccountId = AccountQuery, Service = ServiceQuery, Cis = CisQuery,
            Severity = Enum.TryParse<Portal.Cspm.Severity>(SeverityQuery, true, out var sev) ? sev : null,
            Status = Enum.TryParse<RiskStatusFilter>(StatusQuery, true, out var st) ? st : RiskStatusFilter.Failed,
        };
        _paging.Read(PageQuery, SizeQuery, SortQuery, DescQuery);
        await _view.LoadAsync();
    }

    // The rows are already read (one per check); the grid pages and sorts them here.
    private Task<GridData<CheckSummary>> LoadPageAsync(GridState<CheckSummary> state, CancellationToken ct)
    {
        if (_paging.Track(state))
        {
            _ = InvokeAsync(() => _grid?.NavigateTo(MudBlazor.Page.First));
            return Task.FromResult(_view.Page(0, state.PageSize, _paging.SortBy, _paging.Descending));
        }
        KeepStateInUrl();
        return Task.FromResult(_view.Page(state.Page, state.PageSize, _paging.SortBy, _paging.Descending));
    }

    private async Task ReloadAsync()
    {
        await _view.LoadAsync();
        _paging.Page = 0;
        KeepStateInUrl();
        if (_grid is null) return;
        if (_grid.CurrentPage != 0) _grid.NavigateTo(MudBlazor.Page.First);
        else await _grid.ReloadServerData();
    }

    private Task SearchChangedAsync(string? v) { _view.Search = string.IsNullOrWhiteSpace(v) ? null : v.Trim(); return ReloadAsync(); }
    private Task StatusChangedAsync(RiskStatusFilter v) { _view.Status = v; return ReloadAsync(); }
    private Task AccountChangedAsync(Guid? v) { _view.AccountId = v; return ReloadAsync(); }
    private Task ServiceChangedAsync(string? v) { _view.Service = v; return ReloadAsync(); }
    private Task SeverityChangedAsync(Portal.Cspm.Severity? v) { _view.Severity = v; return ReloadAsync(); }
    private Task CisChangedAsync(string? v) { _view.Cis = v; return ReloadAsync(); }
    private Task ClearFiltersAsync() { _view.ClearFilters(); return ReloadAsync(); }

    // A finished run changed the results and the account's last scan time.
    private Task ScanFinishedAsync() => ReloadAsync();

    private Task ProgressAsync()
    {
        _view.RefreshScans();
        StateHasChanged();
        return Task.CompletedTask;
    }

    private string AccountNames(Func<AccountScanState, bool> which) =>
        string.Join(", ", _view.Scans.Where(which).Select(s => s.Account.Name)) is { Length: > 0 } names ? names : "the account";

    private Dictionary<string, string?> Filters() => new()
    {
        ["accountId"] = _view.AccountId?.ToString(), ["service"] = _view.Service, ["severity"] = _view.Severity?.ToString(), ["cis"] = _view.Cis,
        ["search"] = _view.Search,
    };

    private void KeepStateInUrl()
    {
        if (!RendererInfo.IsInteractive) return;
        var q = new Dictionary<string, object?>();
        foreach (var (k, v) in Filters()) q[k] = v;
        q["status"] = _view.Status == RiskStatusFilter.Failed ? null : _view.Status.ToString().ToLowerInvariant();
        _paging.Write(q);
        var url = Navigation.GetUriWithQueryParameters(q);
        if (url != Navigation.Uri) Navigation.NavigateTo(url, replace: true);
    }

    private string ExportUrl(string format)
    {
        // The exports hold failed results; under the whitelisted / all filters they include the whitelisted ones too.
        var q = Filters();
        if (_view.Status is RiskStatusFilter.Whitelisted or RiskStatusFilter.All) q["includeWhitelisted"] = "true";
        return QueryHelpers.AddQueryString($"api/v1/risks/export.{format}", q.Where(kv => !string.IsNullOrEmpty(kv.Value))!);
    }

    private string DetailUrl(string checkId) =>
        _view.AccountId is { } a ? $"risks/{Uri.EscapeDataString(checkId)}?accountId={a}" : $"risks/{Uri.EscapeDataString(checkId)}";
}
