using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;
using Portal.Web.Api;
using Portal.Web.Components.Controls;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>Lists, searches, edits and removes whitelist entries, paged by the store and filtered by state there. Expired and removed
/// entries stay for the record under their own filter. Scopes are shown in words (resource and subscription names).</summary>
public sealed partial class Whitelists
{
    [Inject] private WhitelistService Service { get; set; } = default!;
    [Inject] private IResourceStore Resources { get; set; } = default!;
    [Inject] private IAccountStore Accounts { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "search")] public string? SearchQuery { get; set; }
    [SupplyParameterFromQuery(Name = "state")] public string? StateQuery { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? PageQuery { get; set; }
    [SupplyParameterFromQuery(Name = "size")] public int? SizeQuery { get; set; }

    private string? _search, _source;
    private WhitelistStateFilter _state = WhitelistStateFilter.Active;
    private readonly GridPaging _paging = new();
    private MudDataGrid<WhitelistRow>? _grid;
    private int _total;

    protected override void OnInitialized()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        _search = string.IsNullOrWhiteSpace(SearchQuery) ? null : SearchQuery.Trim();
        _state = Enum.TryParse<WhitelistStateFilter>(StateQuery, true, out var s) ? s : WhitelistStateFilter.Active;
        _paging.Read(PageQuery, SizeQuery, null, null);
    }

    private async Task<GridData<WhitelistRow>> LoadPageAsync(GridState<WhitelistRow> state, CancellationToken ct)
    {
        _paging.Track(state);
        KeepStateInUrl();
        var page = await Service.ListAsync(new WhitelistQuery
        {
            Search = _search, State = WhitelistRow.ToState(_state), IncludeRemoved = _state == WhitelistStateFilter.All,
            Page = state.Page + 1, PageSize = state.PageSize,
        }, ct);
        var names = await ScopeNames.LoadAsync(page.Items.Select(e => (e.ScopeType, e.ScopeValue)), Resources, Accounts, ct);
        var now = Clock.GetUtcNow().UtcDateTime;
        _total = page.Total;
        return new GridData<WhitelistRow> { TotalItems = page.Total, Items = page.Items.Select(e => WhitelistRow.From(e, now, names)).ToList() };
    }

    private async Task ReloadAsync(bool firstPage = true)
    {
        if (_grid is null) return;
        if (firstPage && _grid.CurrentPage != 0) _grid.NavigateTo(MudBlazor.Page.First);
        else await _grid.ReloadServerData();
    }

    private Task SearchChangedAsync(string? v) { _search = string.IsNullOrWhiteSpace(v) ? null : v.Trim(); return ReloadAsync(); }
    private Task StateChangedAsync(WhitelistStateFilter v) { _state = v; return ReloadAsync(); }
    private Task ClearFiltersAsync() { _search = null; _state = WhitelistStateFilter.Active; return ReloadAsync(); }

    private void KeepStateInUrl()
    {
        if (!RendererInfo.IsInteractive) return;
        var q = new Dictionary<string, object?>
        {
            ["search"] = _search, ["state"] = _state == WhitelistStateFilter.Active ? null : _state.ToString().ToLowerInvariant(),
        };
        _paging.Write(q);
        var url = Navigation.GetUriWithQueryParameters(q);
        if (url != Navigation.Uri) Navigation.NavigateTo(url, replace: true);
    }

    private async Task EditAsync(WhitelistRow row)
    {
        var parameters = new DialogParameters<WhitelistEditor>
        {
            { x => x.Form, WhitelistForm.ForEntry(row.Entry) },
            { x => x.CheckTitle, row.CheckTitle },
            { x => x.Save, SaveAsync },
        };
        var dialog = await Dialogs.ShowAsync<WhitelistEditor>("Edit whitelist entry", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled || result.Data is not WhitelistEntry saved) return;
        Snackbar.Add(Message($"Saved the entry for {row.CheckTitle}."), MudBlazor.Severity.Success);
        await ReloadAsync(firstPage: false);
    }

    private async Task<WhitelistEntry?> SaveAsync(WhitelistForm form)
    {
        var outcome = await Service.UpdateAsync(form.EntryId!.Value, form.ToRequest(), (await AuthState).User.Actor(), _source);
        if (outcome.Ok) return outcome.Value;
        form.ApplyProblem(outcome.Problem!.Detail);
        return null;
    }

    private async Task RemoveAsync(WhitelistRow row)
    {
        var dialog = await Dialogs.ShowAsync<WhitelistRemoveDialog>("Remove whitelist entry", new DialogParameters<WhitelistRemoveDialog> { { x => x.Row, row } },
            new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled) return;
        var removed = await Service.RemoveAsync(row.Entry.Id, (await AuthState).User.Actor(), _source);
        Snackbar.Add(Message(removed
            ? $"Removed the entry for {row.CheckTitle} ({row.Scope}); its results count as failed again."
            : "That entry was already removed."), removed ? MudBlazor.Severity.Success : MudBlazor.Severity.Info);
        await ReloadAsync(firstPage: false);
    }

    private static RenderFragment Message(string text) => b =>
    {
        b.OpenElement(0, "span");
        b.AddAttribute(1, "data-testid", "whitelist-message");
        b.AddContent(2, text);
        b.CloseElement();
    };
}
