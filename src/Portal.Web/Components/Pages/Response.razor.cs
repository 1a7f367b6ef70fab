using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Inventory;
using Portal.Domain.Playbooks;
using Portal.Domain.Response;
using Portal.Web.Components.Controls;
using Portal.Web.Components.Dialogs;
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
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>The open tab, in the URL (?tab=block) so a link opens it.</summary>
    [SupplyParameterFromQuery(Name = "tab")] public string? QTab { get; set; }

    private bool _isAnalyst, _isAdmin;
    private CurrentContainments _current = CurrentContainments.From([]);
    private int _awaitingApproval;
    private LiveRefresh? _live;
    private ContainmentHistory? _history;
    private int _tabIndex;

    // Block an IP
    private readonly BlockIpForm _form = new();
    private VmPicker _picker = default!;
    private IReadOnlyList<ScopeOption> _subscriptions = [], _resourceGroups = [];
    private bool _scopesLoaded;
    private int _flowKey;

    private int TabIndex
    {
        get => _tabIndex;
        set
        {
            if (_tabIndex == value) return;
            _tabIndex = value;
            _ = InvokeAsync(() => TabChangedAsync((Tab)value));
        }
    }

    protected override async Task OnInitializedAsync()
    {
        _picker = new VmPicker(HostStore, AccountStore);
        var user = (await AuthState).User;
        _isAnalyst = (await Authorization.AuthorizeAsync(user, PortalPolicies.Analyst)).Succeeded;
        _isAdmin = (await Authorization.AuthorizeAsync(user, PortalPolicies.Admin)).Succeeded;
        _tabIndex = (int)(Enum.TryParse<Tab>(QTab, true, out var t) && Enum.IsDefined(t) ? t : Tab.Current);
        await LoadCurrentAsync();
        if ((Tab)_tabIndex == Tab.Block) await LoadScopesAsync();
        _live = new LiveRefresh(Board, () => InvokeAsync(async () => { await LoadCurrentAsync(); StateHasChanged(); }), () => _current.InProgress.Count > 0);
    }

    private async Task TabChangedAsync(Tab tab)
    {
        var uri = Navigation.GetUriWithQueryParameter("tab", tab == Tab.Current ? null : tab.ToString().ToLowerInvariant());
        if (uri != Navigation.Uri) Navigation.NavigateTo(uri, replace: true);
        if (tab == Tab.Block) await LoadScopesAsync();
        if (tab == Tab.Current) await LoadCurrentAsync();
        StateHasChanged();
    }

    private async Task LoadCurrentAsync()
    {
        var active = await Service.ListAsync(new ContainmentQuery { ActiveOnly = true, PageSize = 500 });
        _current = CurrentContainments.From(active.Items);
        _awaitingApproval = (await Playbooks.ListAwaitingApprovalAsync()).Total;
    }

    private async Task LoadScopesAsync()
    {
        if (_scopesLoaded) return;
        _scopesLoaded = true;
        var accounts = await AccountStore.ListAsync();
        _subscriptions = BlockScopeOptions.Subscriptions(accounts);
        var responseAccounts = accounts.Where(a => a.Has(Portal.Domain.Cloud.CloudFeature.Response)).Select(a => a.Id).ToHashSet();
        // Resource groups that hold VMs; the first thousand hosts are plenty to offer them.
        var hosts = (await HostStore.QueryAsync(new HostQuery { PageSize = 1000 })).Items.Where(h => responseAccounts.Contains(h.AccountId)).ToList();
        _resourceGroups = BlockScopeOptions.ResourceGroups(hosts);
    }

    private void ScopeKindChanged(BlockScopeKind kind) => _form.ScopeKind = kind;

    private void VmChanged(ScopeOption? vm) => _form.Vm = vm;

    private (ContainmentRequest? Request, string? Error) BlockRequest => _form.ToRequest();

    private async Task BlockFinishedAsync(ContainmentAction a)
    {
        var (text, severity) = ContainmentView.Result(a);
        Snackbar.Add(text, severity);
        await LoadCurrentAsync();
    }

    /// <summary>A fresh form after a finished block (the flow component is recreated).</summary>
    private void NewBlock()
    {
        _form.Address = "";
        _form.BothDirections = false;
        _flowKey++;
    }

    /// <summary>Undo in a dialog (one Cancel, one action, a reason); the lists re-read when it is final.</summary>
    private async Task OpenUndoAsync(ContainmentAction a)
    {
        var parameters = new DialogParameters<ContainmentDialog>
        {
            { d => d.Title, $"{ContainmentView.UndoLabel(a)}: {ContainmentView.Describe(a)}" },
            { d => d.Icon, Icons.Material.Filled.Undo },
            { d => d.UndoAction, a },
            { d => d.OnFinished, EventCallback.Factory.Create<ContainmentAction>(this, UndoFinishedAsync) },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<ContainmentDialog>(null, parameters, options);
        await dialog.Result;
        await LoadCurrentAsync();
        if (_history is not null) await _history.RefreshAsync();
        StateHasChanged();
    }

    private async Task UndoFinishedAsync(ContainmentAction a)
    {
        var (text, severity) = ContainmentView.Result(a);
        Snackbar.Add(text, severity);
        await LoadCurrentAsync();
    }

    public void Dispose() => _live?.Dispose();
}
