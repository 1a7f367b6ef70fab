using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;
using Portal.Domain.Sync;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>Browses synced resources by account, service, type and search with server paging; filters and page in the URL. Tells
/// "CSPM is off" apart from "not synced yet" and "sync running" (defect 1).</summary>
public sealed partial class CloudResources : IDisposable
{
    [Inject] private IResourceStore Store { get; set; } = default!;
    [Inject] private IAccountStore AccountStore { get; set; } = default!;
    [Inject] private SyncProgressBoard Board { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "search")] public string? SearchQuery { get; set; }
    [SupplyParameterFromQuery(Name = "accountId")] public Guid? AccountQuery { get; set; }
    [SupplyParameterFromQuery(Name = "service")] public string? ServiceQuery { get; set; }
    [SupplyParameterFromQuery(Name = "type")] public string? TypeQuery { get; set; }
    [SupplyParameterFromQuery(Name = "removed")] public bool? RemovedQuery { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? PageQuery { get; set; }
    [SupplyParameterFromQuery(Name = "size")] public int? SizeQuery { get; set; }

    private MudDataGrid<CloudResourceRow>? _grid;
    private readonly GridPaging _paging = new();
    private IReadOnlyList<CloudAccount> _all = [];
    private IReadOnlyDictionary<Guid, string> _accounts = new Dictionary<Guid, string>();
    private IReadOnlyList<ResourceTypeCount> _types = [];
    private IReadOnlyList<AccountScanState> _states = [];
    private ScanStatus _scanStatus;
    private string? _search, _service, _type;
    private Guid? _accountId;
    private bool _includeRemoved;
    private int _total;

    private bool HasFilters => _search is not null || _accountId is not null || _service is not null || _type is not null || _includeRemoved;

    protected override async Task OnInitializedAsync()
    {
        _search = string.IsNullOrWhiteSpace(SearchQuery) ? null : SearchQuery.Trim();
        _accountId = AccountQuery;
        _service = string.IsNullOrWhiteSpace(ServiceQuery) ? null : ServiceQuery;
        _type = string.IsNullOrWhiteSpace(TypeQuery) ? null : TypeQuery;
        _includeRemoved = RemovedQuery ?? false;
        _paging.Read(PageQuery, SizeQuery, null, null);
        _all = await AccountStore.ListAsync();
        _accounts = _all.ToDictionary(a => a.Id, a => a.Name);
        RefreshStates();
        await LoadTypesAsync();
        Board.Changed += OnProgress;
    }

    private void RefreshStates()
    {
        _states = ScanStates.Of(_all, Board, _accountId);
        _scanStatus = ScanStates.Overall(_states);
    }

    private void OnProgress(SyncProgress p)
    {
        if (p.Kind != SyncKind.Resources || _all.All(a => a.Id != p.AccountId)) return;
        _ = InvokeAsync(async () =>
        {
            if (p.Phase != SyncPhase.Running)
            {
                _all = await AccountStore.ListAsync();
                await LoadTypesAsync();
                if (_grid is not null) await _grid.ReloadServerData();
            }
            RefreshStates();
            StateHasChanged();
        });
    }

    private string Names(Func<AccountScanState, bool> which) =>
        string.Join(", ", _states.Where(which).Select(s => s.Account.Name)) is { Length: > 0 } n ? n : "the account";

    private async Task LoadTypesAsync() => _types = await Store.CountByTypeAsync(_accountId, _includeRemoved);

    private async Task<GridData<CloudResourceRow>> LoadPageAsync(GridState<CloudResourceRow> state, CancellationToken ct)
    {
        _paging.Track(state);
        KeepStateInUrl();
        var result = await Store.QueryAsync(new ResourceQuery
        {
            AccountId = _accountId, Service = _service, Type = _type, Search = _search, IncludeRemoved = _includeRemoved,
            Page = state.Page + 1, PageSize = state.PageSize,
        }, ct);
        _total = result.Total;
        return new GridData<CloudResourceRow>
        {
            Items = result.Items.Select(r => CloudResourceRow.From(r, _accounts.GetValueOrDefault(r.AccountId, "?"))).ToList(),
            TotalItems = result.Total,
        };
    }

    private async Task ReloadAsync()
    {
        if (_grid is null) return;
        if (_grid.CurrentPage != 0) _grid.NavigateTo(MudBlazor.Page.First);
        else await _grid.ReloadServerData();
    }

    private Task SearchChangedAsync(string? v) { _search = string.IsNullOrWhiteSpace(v) ? null : v.Trim(); return ReloadAsync(); }
    private Task TypeChangedAsync(string? v) { _type = v; return ReloadAsync(); }
    private Task ServiceChangedAsync(string? v) { _service = v; _type = null; return ReloadAsync(); }

    private async Task AccountChangedAsync(Guid? v)
    {
        _accountId = v;
        RefreshStates();
        await LoadTypesAsync();
        await ReloadAsync();
    }

    private async Task RemovedChangedAsync(bool v)
    {
        _includeRemoved = v;
        await LoadTypesAsync();
        await ReloadAsync();
    }

    private async Task ClearFiltersAsync()
    {
        _search = _service = _type = null;
        _accountId = null;
        _includeRemoved = false;
        RefreshStates();
        await LoadTypesAsync();
        await ReloadAsync();
    }

    private void KeepStateInUrl()
    {
        if (!RendererInfo.IsInteractive) return;
        var q = new Dictionary<string, object?>
        {
            ["search"] = _search, ["accountId"] = _accountId?.ToString(), ["service"] = _service, ["type"] = _type, ["removed"] = _includeRemoved ? true : null,
        };
        _paging.Write(q);
        var url = Navigation.GetUriWithQueryParameters(q);
        if (url != Navigation.Uri) Navigation.NavigateTo(url, replace: true);
    }

    public void Dispose() => Board.Changed -= OnProgress;
}
