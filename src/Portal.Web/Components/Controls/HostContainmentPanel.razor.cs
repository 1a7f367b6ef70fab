using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Response;
using Portal.Web.Model;
using Portal.Web.Security;
using Host = Portal.Domain.Inventory.Host;

namespace Portal.Web.Components.Controls;

public sealed partial class HostContainmentPanel
{
    private enum DialogKind { None, Isolate, Power, Undo }

    [Inject] private ContainmentService Service { get; set; } = default!;
    [Inject] private ContainmentBoard Board { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter, EditorRequired] public Host Host { get; set; } = default!;
    [Parameter] public CloudAccount? Account { get; set; }
    /// <summary>Raised when an action or undo finished (the page re-reads the NSGs).</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    private ContainmentGate? _gate;
    private List<ContainmentAction> _recent = [];
    /// <summary>The isolation and the power-off/deallocate of this VM that are queued, running or in force.</summary>
    private ContainmentAction? _isolation, _power;
    private DialogKind _dialog;
    private VmPowerAction _powerAction;
    private ContainmentAction? _undo;
    private string _managementCidr = "";
    private LiveRefresh? _live;

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

    /// <summary>The inventory's power state, unless a portal power action (or its undo) finished since the last sync.</summary>
    private string PowerState
    {
        get
        {
            var last = _recent.FirstOrDefault(a => a.Kind == ContainmentKind.Power && a.Status is ContainmentStatus.Succeeded or ContainmentStatus.Undone);
            if (last is null || (last.UndoneAt ?? last.FinishedAt) < Host.LastSeen) return Host.PowerState;
            return last.Status == ContainmentStatus.Undone
                ? last.UndoItems.FirstOrDefault(u => u.Kind == UndoKind.PowerChanged)?.PreviousPowerState ?? Host.PowerState
                : ContainmentReader.ExpectedPowerState(last.PowerAction!.Value);
        }
    }

    /// <summary>Power actions for the current state; Start is offered by the power-off's own undo while that is in force.</summary>
    private IEnumerable<VmPowerAction> PowerOffered =>
        ContainmentGate.PowerActionsFor(PowerState).Where(p => !(p == VmPowerAction.Start && _power is not null));

    private string? Why => _gate is { Allowed: false } g ? string.Join(" ", g.Reasons) : null;

    private ContainmentRequest IsolateRequest => new(ContainmentKind.Isolate, Host.ResourceId, null, null, null)
    {
        ManagementCidr = string.IsNullOrWhiteSpace(_managementCidr) ? null : _managementCidr.Trim(),
    };

    private ContainmentRequest PowerRequest => new(ContainmentKind.Power, Host.ResourceId, null, _powerAction, null);

    private static string PowerExplanation(VmPowerAction p) => p switch
    {
        VmPowerAction.PowerOff => "Powers the VM off; it keeps its compute allocation (and is still billed). Undo starts it again.",
        VmPowerAction.Deallocate => "Stops the VM and releases its compute (not billed; a dynamic public IP may change). Undo starts it again.",
        VmPowerAction.Restart => "Restarts the VM. A restart cannot be undone.",
        _ => "Starts the VM.",
    };

    private void OpenIsolate() { _managementCidr = ""; _dialog = DialogKind.Isolate; }

    private void OpenPower(VmPowerAction p) { _powerAction = p; _dialog = DialogKind.Power; }

    private void OpenUndo(ContainmentAction a) { _undo = a; _dialog = DialogKind.Undo; }

    private async Task CloseAsync()
    {
        _dialog = DialogKind.None;
        _undo = null;
        await LoadAsync();
    }

    private async Task SubmittedAsync(ContainmentAction _) => await LoadAsync();

    private async Task FinishedAsync(ContainmentAction _)
    {
        await LoadAsync();
        await OnChanged.InvokeAsync();
    }

    public void Dispose() => _live?.Dispose();
}
