using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Domain.Agentless;
using Portal.Web.Model;
using Portal.Web.Security;

namespace Portal.Web.Components.Pages;

public sealed partial class Agentless : IDisposable
{
    [Inject] private AgentlessScanService Service { get; set; } = default!;
    [Inject] private Portal.Domain.Accounts.IAccountStore AccountStore { get; set; } = default!;
    [Inject] private AgentlessProgressBoard Board { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private AgentlessView View { get; set; } = default!;
    private MudDataGrid<AgentlessScanRow>? _grid;
    private bool _isAnalyst;
    private string _actor = "";
    private readonly CancellationTokenSource _stop = new();
    private int _refreshQueued;

    private int TabIndex
    {
        get => View.Kind == AgentlessScanKind.Server ? 0 : 1;
        set
        {
            var kind = value == 0 ? AgentlessScanKind.Server : AgentlessScanKind.CustomImage;
            if (kind == View.Kind) return;
            View.Kind = kind;
            _ = InvokeAsync(async () => { await View.SelectAsync(null); if (_grid is not null) await _grid.ReloadServerData(); });
        }
    }

    protected override async Task OnInitializedAsync()
    {
        View = new AgentlessView(Service, AccountStore, Board);
        var user = (await AuthState).User;
        _isAnalyst = (await Authorization.AuthorizeAsync(user, PortalPolicies.Analyst)).Succeeded;
        _actor = user.Identity?.Name ?? "anonymous";
        await View.LoadAccountsAsync();
        Board.Changed += OnProgress;
        _ = PollAsync();
    }

    private async Task<GridData<AgentlessScanRow>> LoadAsync(GridState<AgentlessScanRow> state, CancellationToken ct)
    {
        var (total, rows) = await View.LoadPageAsync(state.Page + 1, state.PageSize, ct);
        return new GridData<AgentlessScanRow> { TotalItems = total, Items = rows };
    }

    private async Task ScanNowAsync(Guid accountId)
    {
        if (await View.ScanNowAsync(accountId, _actor) is { } id) await View.SelectAsync(id);
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private async Task FilterAsync(Guid? accountId)
    {
        View.AccountFilter = accountId;
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private Task SelectAsync(Guid id) => View.SelectAsync(id);

    /// <summary>Progress of this node's scans: refresh at most every 300 ms.</summary>
    private void OnProgress(AgentlessTargetProgress progress)
    {
        if (Interlocked.Exchange(ref _refreshQueued, 1) == 1) return;
        _ = Task.Delay(300).ContinueWith(_ => RefreshAsync(), TaskScheduler.Default);
    }

    /// <summary>Scans may run on another node: while something shown is moving, read the store every 2 s.</summary>
    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                if (View.IsLive) await RefreshAsync();
        }
        catch (OperationCanceledException) { }
    }

    private Task RefreshAsync() => InvokeAsync(async () =>
    {
        Interlocked.Exchange(ref _refreshQueued, 0);
        if (_stop.IsCancellationRequested) return;
        try
        {
            if (View.Detail is { } d) await View.SelectAsync(d.Scan.Id);
            if (_grid is not null) await _grid.ReloadServerData();
            StateHasChanged();
        }
        catch (ObjectDisposedException) { }
    });

    private static Color Color(string state) => AgentlessView.Tone(state) switch
    {
        "success" => MudBlazor.Color.Success,
        "error" => MudBlazor.Color.Error,
        "info" => MudBlazor.Color.Info,
        "warning" => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };

    public void Dispose()
    {
        Board.Changed -= OnProgress;
        _stop.Cancel();
        _stop.Dispose();
    }
}
