using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Response;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;
using Portal.Web.Security;
using Host = Portal.Domain.Inventory.Host;

namespace Portal.Web.Components.Controls;

public sealed partial class HostContainmentPanel
{
    [Inject] private ContainmentService Service { get; set; } = default!;
    [Inject] private ContainmentBoard Board { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter, EditorRequired] public Host Host { get; set; } = default!;
    [Parameter] public CloudAccount? Account { get; set; }
    /// <summary>The page's power state (read live from Azure, or a verified action's outcome); the inventory's when not given.</summary>
    [Parameter] public string? PowerState { get; set; }
    /// <summary>The VM's id in Azure's casing (actions name it as their target).</summary>
    [Parameter] public string? VmId { get; set; }
    /// <summary>Raised when an action or undo finished (the page re-reads the VM and its NSGs).</summary>
    [Parameter] public EventCallback<ContainmentAction> OnChanged { get; set; }

    private ContainmentGate? _gate;
    private List<ContainmentAction> _recent = [];
    /// <summary>The isolation and the power-off/deallocate of this VM that are queued, running or in force.</summary>
    private ContainmentAction? _isolation, _power;
    private LiveRefresh? _live;
    private readonly HashSet<Guid> _announced = [];

    private static Dictionary<string, object> Attrs(string testId) => new() { ["data-testid"] = testId };

    protected override async Task OnInitializedAsync()
    {
        var isAnalyst = (await Authorization.AuthorizeAsync((await AuthState).User, PortalPolicies.Analyst)).Succeeded;
        _gate = ContainmentGate.For(Host, Account, isAnalyst, await Service.ProtectedSetAsync());
        await LoadAsync();
        _live = new LiveRefresh(Board, () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }), () => _recent.Any(ContainmentView.IsLive));
    }

    private async Task LoadAsync()
    {
        // Actions on this VM (isolate and power name it as their target; ids compare without case, as Azure's do).
        var all = await Service.ListAsync(new ContainmentQuery { PageSize = 500 });
        _recent = all.Items.Where(a => a.Kind != ContainmentKind.BlockIp && a.Target.Equals(Host.ResourceId, StringComparison.OrdinalIgnoreCase)).Take(20).ToList();
        _isolation = _recent.FirstOrDefault(a => a.Kind == ContainmentKind.Isolate && a.ActiveKey is not null);
        _power = _recent.FirstOrDefault(a => a.Kind == ContainmentKind.Power && a.ActiveKey is not null && a.PowerAction is VmPowerAction.PowerOff or VmPowerAction.Deallocate);
    }

    private string CurrentPowerState => PowerState ?? Host.PowerState;

    /// <summary>Power actions for the current state; Start is offered by the power-off's own undo while that is in force.</summary>
    private IEnumerable<VmPowerAction> PowerOffered =>
        ContainmentGate.PowerActionsFor(CurrentPowerState).Where(p => !(p == VmPowerAction.Start && _power is not null));

    private string Target => string.IsNullOrEmpty(VmId) ? Host.ResourceId : VmId;

    private static string PowerExplanation(VmPowerAction p) => p switch
    {
        VmPowerAction.PowerOff => "Powers the VM off; it keeps its compute allocation (and is still billed). Undo starts it again.",
        VmPowerAction.Deallocate => "Stops the VM and releases its compute (not billed; a dynamic public IP may change). Undo starts it again.",
        VmPowerAction.Restart => "Restarts the VM. A restart cannot be undone.",
        _ => "Starts the VM.",
    };

    private Task OpenIsolateAsync() => ShowAsync(new DialogParameters<ContainmentDialog>
    {
        { d => d.Title, $"Isolate {Host.Name}" },
        { d => d.Icon, Icons.Material.Filled.LinkOff },
        { d => d.Intro, "Deny-all rules ahead of every allow rule in the NSGs of the VM's network interfaces cut it off, inbound and outbound. A NIC without an NSG gets a new NSG on the NIC, created by the portal." },
        { d => d.Request, new ContainmentRequest(ContainmentKind.Isolate, Target, null, null, null) },
        { d => d.AskManagementCidr, true },
        { d => d.ConfirmText, "isolate" },
    });

    private Task OpenPowerAsync(VmPowerAction p) => ShowAsync(new DialogParameters<ContainmentDialog>
    {
        { d => d.Title, $"{ContainmentView.PowerLabel(p)} {Host.Name}" },
        { d => d.Icon, Icons.Material.Filled.PowerSettingsNew },
        { d => d.Intro, PowerExplanation(p) },
        { d => d.Request, new ContainmentRequest(ContainmentKind.Power, Target, null, p, null) },
        { d => d.ConfirmText, ContainmentView.PowerLabel(p).ToLowerInvariant() },
    });

    private Task OpenUndoAsync(ContainmentAction a) => ShowAsync(new DialogParameters<ContainmentDialog>
    {
        { d => d.Title, $"{ContainmentView.UndoLabel(a)}: {Host.Name}" },
        { d => d.Icon, Icons.Material.Filled.Undo },
        { d => d.UndoAction, a },
    });

    private async Task ShowAsync(DialogParameters<ContainmentDialog> parameters)
    {
        parameters.Add(d => d.OnSubmitted, EventCallback.Factory.Create<ContainmentAction>(this, SubmittedAsync));
        parameters.Add(d => d.OnFinished, EventCallback.Factory.Create<ContainmentAction>(this, FinishedAsync));
        var options = new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = false, BackdropClick = false, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<ContainmentDialog>(null, parameters, options);
        await dialog.Result;
        await LoadAsync();
        StateHasChanged();
    }

    private async Task SubmittedAsync(ContainmentAction _) => await LoadAsync();

    private async Task FinishedAsync(ContainmentAction a)
    {
        if (_announced.Add(a.Id) || a.Status == ContainmentStatus.Undone)
        {
            var (text, severity) = ContainmentView.Result(a);
            Snackbar.Add(text, severity);
        }
        await LoadAsync();
        await OnChanged.InvokeAsync(a);
    }

    public void Dispose() => _live?.Dispose();
}
