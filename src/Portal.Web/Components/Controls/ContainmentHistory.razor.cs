using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;
using Portal.Domain.Response;
using Portal.Web.Model;

namespace Portal.Web.Components.Controls;

public sealed partial class ContainmentHistory
{
    [Inject] private ContainmentService Service { get; set; } = default!;
    [Inject] private ContainmentBoard Board { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Parameter] public bool CanUndo { get; set; }
    [Parameter] public EventCallback<ContainmentAction> OnUndo { get; set; }

    private ContainmentHistoryView View { get; set; } = default!;
    private MudDataGrid<ContainmentAction>? _grid;
    private int _page, _pageSize = ContainmentHistoryView.DefaultPageSize;
    private LiveRefresh? _live;
    private IReadOnlyList<ContainmentAction> _shown = [];

    protected override void OnInitialized()
    {
        View = new ContainmentHistoryView(Service);
        var query = QueryHelpers.ParseQuery(Navigation.ToAbsoluteUri(Navigation.Uri).Query).ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());
        View.FromUrl(query);
        _page = View.Page;
        _pageSize = View.PageSize;
        _live = new LiveRefresh(Board, () => InvokeAsync(async () => { if (_grid is not null) await _grid.ReloadServerData(); }), () => _shown.Any(ContainmentView.IsLive));
    }

    private async Task<GridData<ContainmentAction>> LoadAsync(GridState<ContainmentAction> state, CancellationToken ct)
    {
        var data = await View.LoadAsync(state, ct);
        _shown = data.Items.ToList();
        if (_page != View.Page) _page = View.Page;
        var uri = Navigation.GetUriWithQueryParameters(View.QueryParameters());
        if (uri != Navigation.Uri) Navigation.NavigateTo(uri, replace: true);
        return data;
    }

    private async Task ReloadAsync()
    {
        View.FiltersChanged();
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private Task KindChangedAsync(ContainmentKind? k) { View.Kind = k; return ReloadAsync(); }
    private Task StatusChangedAsync(ContainmentStatus? s) { View.Status = s; return ReloadAsync(); }
    private Task SearchChangedAsync(string? s) { View.Search = s; return ReloadAsync(); }

    private Task ClearAsync()
    {
        View.ClearFilters();
        return ReloadAsync();
    }

    /// <summary>Re-reads the page shown (after an undo the page asks for it).</summary>
    public Task RefreshAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    public void Dispose() => _live?.Dispose();
}
