using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;
using Portal.Domain.Sync;
using Portal.Web.Api;
using Portal.Web.Components.Controls;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>One check: what it checks, why, how to fix it, and every resource it reported on with the evidence. A failed resource
/// is whitelisted from its row in a dialog with a reason; the counts are re-read afterwards and the change is told in a snackbar.</summary>
public sealed partial class RiskDetail
{
    [Inject] private RiskService RiskService { get; set; } = default!;
    [Inject] private WhitelistService Whitelists { get; set; } = default!;
    [Inject] private IResourceStore Resources { get; set; } = default!;
    [Inject] private IAccountStore AccountStore { get; set; } = default!;
    [Inject] private SyncProgressBoard Board { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter] public string CheckId { get; set; } = "";
    [SupplyParameterFromQuery(Name = "accountId")] public Guid? AccountQuery { get; set; }

    private CheckMetadata? _check;
    private RiskDetailView _view = default!;
    private IReadOnlyList<Portal.Domain.Accounts.CloudAccount> _cspm = [];
    private IReadOnlyDictionary<Guid, string> _accounts = new Dictionary<Guid, string>();
    private ScanStatus _scanStatus;
    private MudDataGrid<CheckResourceResult>? _grid;
    private List<BreadcrumbItem> _crumbs = [];
    private string? _source;
    private bool _copied;

    private string BackUrl => _view.AccountId is { } a ? $"risks?accountId={a}" : "risks";

    protected override async Task OnParametersSetAsync()
    {
        _source ??= HttpContextAccessor.HttpContext?.Source();
        _check = CheckCatalog.Find(CheckId)?.Metadata;
        if (_check is null) return;
        _view = new RiskDetailView(RiskService, _check.Id) { AccountId = AccountQuery };
        _cspm = (await AccountStore.ListAsync()).Where(a => a.Has(Portal.Domain.Cloud.CloudFeature.Cspm)).ToList();
        _accounts = _cspm.ToDictionary(a => a.Id, a => a.Name);
        _crumbs = [new("Configuration risks", BackUrl), new(_check.Title, null, disabled: true)];
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _scanStatus = ScanStates.Overall(ScanStates.Of(_cspm, Board, _view.AccountId));
        await _view.LoadAsync();
    }

    private Task<GridData<CheckResourceResult>> LoadPageAsync(GridState<CheckResourceResult> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        return Task.FromResult(_view.Page(state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? false));
    }

    private async Task ReloadGridAsync()
    {
        if (_grid is null) return;
        if (_grid.CurrentPage != 0) _grid.NavigateTo(MudBlazor.Page.First);
        else await _grid.ReloadServerData();
    }

    private async Task TabChangedAsync(int index)
    {
        _view.Tab = (RiskStatusFilter)index;
        await ReloadGridAsync();
    }

    private async Task AccountChangedAsync(Guid? accountId)
    {
        _view.AccountId = accountId;
        _crumbs[0] = new("Configuration risks", BackUrl);
        await LoadAsync();
        await ReloadGridAsync();
        if (RendererInfo.IsInteractive)
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("accountId", accountId?.ToString()), replace: true);
    }

    private async Task OpenWhitelistAsync(CheckResourceResult row)
    {
        var resource = await Resources.GetByResourceIdAsync(row.AccountId, row.ResourceId);
        var form = WhitelistForm.ForResource(_check!.Id, row.ResourceId, row.Name, resource?.Tags);
        var before = (_view.Count(RiskStatusFilter.Failed), _view.Count(RiskStatusFilter.Whitelisted));
        var parameters = new DialogParameters<WhitelistEditor>
        {
            { x => x.Form, form },
            { x => x.CheckTitle, _check.Title },
            { x => x.Save, SaveAsync },
        };
        var dialog = await Dialogs.ShowAsync<WhitelistEditor>("Whitelist", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled || result.Data is not WhitelistEntry entry) return;

        await _view.LoadAsync();
        await ReloadGridAsync();
        var message = $"Whitelisted ({WhitelistForm.ScopeLabel(entry.ScopeType).ToLowerInvariant()} {ScopeName(entry, row)}). {_view.CountChange(before)}";
        Snackbar.Add(Testable(message, "detail-message"), MudBlazor.Severity.Success);
        StateHasChanged();
    }

    /// <summary>Snackbar text with a test id (the browser tests read the count change from it).</summary>
    private static RenderFragment Testable(string text, string testId) => b =>
    {
        b.OpenElement(0, "span");
        b.AddAttribute(1, "data-testid", testId);
        b.AddContent(2, text);
        b.CloseElement();
    };

    private static string ScopeName(WhitelistEntry entry, CheckResourceResult row) => entry.ScopeType switch
    {
        WhitelistScopeType.Resource => row.Name ?? RiskView.NameOf(row.ResourceId),
        WhitelistScopeType.ResourceGroup => ArmId.ResourceGroupOf(entry.ScopeValue) ?? entry.ScopeValue,
        _ => entry.ScopeValue,
    };

    private async Task<WhitelistEntry?> SaveAsync(WhitelistForm form)
    {
        var outcome = await Whitelists.AddAsync(form.ToRequest(), (await AuthState).User.Actor(), _source);
        if (outcome.Ok) return outcome.Value;
        form.ApplyProblem(outcome.Problem!.Detail);
        return null;
    }

    private async Task OpenResourceAsync(CheckResourceResult row)
    {
        if (await Resources.GetByResourceIdAsync(row.AccountId, row.ResourceId) is { } r) Navigation.NavigateTo($"resources/{r.Id}");
        else Snackbar.Add($"{row.Name ?? RiskView.NameOf(row.ResourceId)} is not among the stored resources (a subscription-level result).", MudBlazor.Severity.Info);
    }

    private async Task CopyCliAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("portal.copyText", _check!.RemediationCli);
            _copied = true;
        }
        catch (JSException)
        {
            Snackbar.Add("The browser refused the clipboard; select the command and copy it.", MudBlazor.Severity.Warning);
        }
    }
}
