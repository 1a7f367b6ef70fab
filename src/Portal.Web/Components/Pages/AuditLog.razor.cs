using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Auditing;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>The audit log, newest first, paged by the store; search, action prefix, outcome and dates in the URL.</summary>
public sealed partial class AuditLog
{
    [Inject] private IAuditLog Audit { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "search")] public string? SearchQuery { get; set; }
    [SupplyParameterFromQuery(Name = "action")] public string? ActionQuery { get; set; }
    [SupplyParameterFromQuery(Name = "outcome")] public string? OutcomeQuery { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? FromQuery { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? ToQuery { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? PageQuery { get; set; }
    [SupplyParameterFromQuery(Name = "size")] public int? SizeQuery { get; set; }

    private MudDataGrid<AuditRow>? _grid;
    private readonly GridPaging _paging = new(50);
    private string? _search, _action;
    private AuditOutcome? _outcome;
    private DateTime? _from, _to;
    private int _total;

    private bool HasFilters => _search is not null || _action is not null || _outcome is not null || _from is not null || _to is not null;

    protected override void OnInitialized()
    {
        _search = Clean(SearchQuery);
        _action = Clean(ActionQuery);
        _outcome = Enum.TryParse<AuditOutcome>(OutcomeQuery, true, out var o) ? o : null;
        _from = ParseDate(FromQuery);
        _to = ParseDate(ToQuery);
        _paging.Read(PageQuery, SizeQuery, null, null);
    }

    private static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    private static DateTime? ParseDate(string? v) =>
        DateTime.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private async Task<GridData<AuditRow>> LoadPageAsync(GridState<AuditRow> state, CancellationToken ct)
    {
        _paging.Track(state);
        KeepStateInUrl();
        var result = await Audit.QueryAsync(new AuditQuery
        {
            Search = _search,
            Action = _action,
            Outcome = _outcome,
            From = _from is { } f ? DateTime.SpecifyKind(f.Date, DateTimeKind.Utc) : null,
            To = _to is { } t ? DateTime.SpecifyKind(t.Date.AddDays(1).AddTicks(-1), DateTimeKind.Utc) : null,
            Page = state.Page + 1,
            PageSize = state.PageSize,
        }, ct);
        _total = result.Total;
        return new GridData<AuditRow> { Items = result.Items.Select(AuditRow.From).ToList(), TotalItems = result.Total };
    }

    private async Task ReloadAsync()
    {
        if (_grid is null) return;
        if (_grid.CurrentPage != 0) _grid.NavigateTo(MudBlazor.Page.First);
        else await _grid.ReloadServerData();
    }

    private Task SearchChangedAsync(string? v) { _search = Clean(v); return ReloadAsync(); }
    private Task ActionChangedAsync(string? v) { _action = Clean(v); return ReloadAsync(); }
    private Task OutcomeChangedAsync(AuditOutcome? v) { _outcome = v; return ReloadAsync(); }
    private Task FromChangedAsync(DateTime? v) { _from = v; return ReloadAsync(); }
    private Task ToChangedAsync(DateTime? v) { _to = v; return ReloadAsync(); }

    private Task ClearFiltersAsync()
    {
        _search = _action = null;
        _outcome = null;
        _from = _to = null;
        return ReloadAsync();
    }

    private void KeepStateInUrl()
    {
        if (!RendererInfo.IsInteractive) return;
        var q = new Dictionary<string, object?>
        {
            ["search"] = _search, ["action"] = _action, ["outcome"] = _outcome?.ToString(),
            ["from"] = _from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = _to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        _paging.Write(q);
        var url = Navigation.GetUriWithQueryParameters(q);
        if (url != Navigation.Uri) Navigation.NavigateTo(url, replace: true);
    }

    private static MudBlazor.Color OutcomeColor(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Succeeded => MudBlazor.Color.Success,
        AuditOutcome.Failed => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Warning,
    };
}
