using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Inventory;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>The hosts grid: filters, sort and page live in the URL; the view model asks the store for one page at a time.</summary>
public sealed partial class Hosts
{
    [Inject] private IHostStore Store { get; set; } = default!;
    [Inject] private IAccountStore AccountStore { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "search")] public string? QSearch { get; set; }
    [SupplyParameterFromQuery(Name = "account")] public string? QAccount { get; set; }
    [SupplyParameterFromQuery(Name = "region")] public string? QRegion { get; set; }
    [SupplyParameterFromQuery(Name = "power")] public string? QPower { get; set; }
    [SupplyParameterFromQuery(Name = "tag")] public string? QTag { get; set; }
    [SupplyParameterFromQuery(Name = "removed")] public bool? QRemoved { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? QPage { get; set; }
    [SupplyParameterFromQuery(Name = "size")] public int? QSize { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? QSort { get; set; }
    [SupplyParameterFromQuery(Name = "desc")] public bool? QDesc { get; set; }

    private HostsView View { get; set; } = default!;
    private MudDataGrid<HostRow>? _grid;
    private int _page, _pageSize = HostsView.DefaultPageSize;
    /// <summary>Columns hidden by default so the grid fits 1100 px without sideways scroll; the column menu shows them.</summary>
    private readonly Dictionary<string, bool> _hidden = new()
    {
        [nameof(HostRow.Account)] = false, [nameof(HostRow.VmSize)] = true, [nameof(HostRow.OsType)] = true,
        [nameof(HostRow.PublicIps)] = true, [nameof(HostRow.LastSeen)] = false,
    };
    private string? _applied;

    protected override async Task OnInitializedAsync()
    {
        View = new HostsView(Store, AccountStore);
        ApplyUrl();
        _page = View.Page;
        _pageSize = View.PageSize;
        await View.LoadChoicesAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        // Back/forward or an edited link: the URL's filters win, and the grid reloads from its first matching page.
        if (_applied is not null && _applied != UrlKey())
        {
            ApplyUrl();
            if (_grid is not null) await _grid.ReloadServerData();
        }
    }

    private string UrlKey() => string.Join("|", QSearch, QAccount, QRegion, QPower, QTag, QRemoved, QSort, QDesc);

    private void ApplyUrl()
    {
        View.FromUrl(QSearch, QAccount, QRegion, QPower, QTag, QRemoved, QPage, QSize, QSort, QDesc);
        _applied = UrlKey();
    }

    private SortDirection Initial(string column) =>
        HostsView.SortColumn(View.Sort) == column && View.Sort != "name" || column == nameof(HostRow.Name) && View.Sort == "name" && View.Descending
            ? (View.Descending ? SortDirection.Descending : SortDirection.Ascending)
            : SortDirection.None;

    private async Task<GridData<HostRow>> LoadAsync(GridState<HostRow> state, CancellationToken ct)
    {
        var data = await View.LoadAsync(state, ct);
        if (_page != View.Page) _page = View.Page;
        WriteUrl();
        return data;
    }

    /// <summary>Mirrors the view's filters, page and sort into the address bar without a new history entry.</summary>
    private void WriteUrl()
    {
        var uri = Navigation.GetUriWithQueryParameters(View.QueryParameters());
        if (uri == Navigation.Uri) return;
        QSearch = View.Search; QAccount = View.AccountId?.ToString(); QRegion = View.Region; QPower = View.PowerState; QTag = View.Tag;
        QRemoved = View.IncludeRemoved ? true : null; QSort = View.Sort == "name" ? null : View.Sort; QDesc = View.Descending ? true : null;
        _applied = UrlKey();
        Navigation.NavigateTo(uri, replace: true);
    }

    private async Task FilterChangedAsync()
    {
        View.FiltersChanged();
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private Task SearchChangedAsync(string? v) { View.Search = v; return FilterChangedAsync(); }
    private Task AccountChangedAsync(Guid? v) { View.AccountId = v; return FilterChangedAsync(); }
    private Task RegionChangedAsync(string? v) { View.Region = v; return FilterChangedAsync(); }
    private Task PowerChangedAsync(string? v) { View.PowerState = v; return FilterChangedAsync(); }
    private Task TagChangedAsync(string? v) { View.Tag = v; return FilterChangedAsync(); }
    private Task RemovedChangedAsync(bool v) { View.IncludeRemoved = v; return FilterChangedAsync(); }

    private Task ClearAsync()
    {
        View.ClearFilters();
        return FilterChangedAsync();
    }
}
