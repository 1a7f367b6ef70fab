using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Accounts;
using Portal.Domain.Inventory;
using Portal.Domain.Playbooks;
using Portal.Domain.Response;
using Portal.Web.Model;
using Portal.Web.Security;

namespace Portal.Web.Components.Pages;

public sealed partial class Response : IDisposable
{
    public enum Tab { Current, Block, History, Playbooks, Protected }

    [Inject] private ContainmentService Service { get; set; } = default!;
    [Inject] private ContainmentBoard Board { get; set; } = default!;
    [Inject] private PlaybookService Playbooks { get; set; } = default!;
    [Inject] private IHostStore HostStore { get; set; } = default!;
    [Inject] private IAccountStore AccountStore { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private Tab _tab = Tab.Current;
    private bool _isAnalyst, _isAdmin;
    private CurrentContainments _current = CurrentContainments.From([]);
    private int _awaitingApproval;
    /// <summary>The in-force action whose undo is being confirmed or followed (kept while it leaves the lists).</summary>
    private ContainmentAction? _undoAction;
    private LiveRefresh? _live;

    // Block an IP
    private readonly BlockIpForm _form = new();
    private IReadOnlyList<ScopeOption> _subscriptions = [], _resourceGroups = [], _vms = [];
    private string _vmSearch = "";
    private int _flowKey;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthState).User;
        _isAnalyst = (await Authorization.AuthorizeAsync(user, PortalPolicies.Analyst)).Succeeded;
        _isAdmin = (await Authorization.AuthorizeAsync(user, PortalPolicies.Admin)).Succeeded;
        await LoadCurrentAsync();
        _live = new LiveRefresh(Board, () => InvokeAsync(async () => { await LoadCurrentAsync(); StateHasChanged(); }), () => _current.InProgress.Count > 0);
    }

    private async Task LoadCurrentAsync()
    {
        var active = await Service.ListAsync(new ContainmentQuery { ActiveOnly = true, PageSize = 500 });
        _current = CurrentContainments.From(active.Items);
        _awaitingApproval = (await Playbooks.ListAwaitingApprovalAsync()).Total;
    }

    private async Task ShowAsync(Tab tab)
    {
        _tab = tab;
        if (tab == Tab.Block && _subscriptions.Count == 0) await LoadScopesAsync();
        if (tab == Tab.Current) await LoadCurrentAsync();
    }

    private async Task LoadScopesAsync()
    {
        var accounts = await AccountStore.ListAsync();
        _subscriptions = BlockScopeOptions.Subscriptions(accounts);
        var responseAccounts = accounts.Where(a => a.Has(Portal.Domain.Cloud.CloudFeature.Response)).Select(a => a.Id).ToHashSet();
        // Resource groups that hold VMs; the first thousand hosts are plenty to offer them.
        var hosts = (await HostStore.QueryAsync(new HostQuery { PageSize = 1000 })).Items.Where(h => responseAccounts.Contains(h.AccountId)).ToList();
        _resourceGroups = BlockScopeOptions.ResourceGroups(hosts);
        await SearchVmsAsync();
    }

    private async Task SearchVmsAsync()
    {
        var accounts = (await AccountStore.ListAsync()).Where(a => a.Has(Portal.Domain.Cloud.CloudFeature.Response)).Select(a => a.Id).ToHashSet();
        var found = await HostStore.QueryAsync(new HostQuery { Search = string.IsNullOrWhiteSpace(_vmSearch) ? null : _vmSearch.Trim(), PageSize = 100 });
        _vms = BlockScopeOptions.Vms(found.Items.Where(h => accounts.Contains(h.AccountId)));
        if (_form.VmId is not null && !_vms.Any(v => v.Id == _form.VmId)) _form.VmId = null;
    }

    private async Task VmSearchChangedAsync(ChangeEventArgs e)
    {
        _vmSearch = e.Value?.ToString() ?? "";
        await SearchVmsAsync();
    }

    private (ContainmentRequest? Request, string? Error) BlockRequest => _form.ToRequest();

    private async Task BlockFinishedAsync(ContainmentAction _) => await LoadCurrentAsync();

    /// <summary>A fresh form after a finished block (the flow component is recreated).</summary>
    private void NewBlock()
    {
        _form.Address = "";
        _form.BothDirections = false;
        _flowKey++;
    }

    private async Task UndoFinishedAsync(ContainmentAction _) => await LoadCurrentAsync();

    private void OpenUndo(ContainmentAction a) => _undoAction = a;

    private async Task CloseUndoAsync()
    {
        _undoAction = null;
        await LoadCurrentAsync();
    }

    public void Dispose() => _live?.Dispose();
}
