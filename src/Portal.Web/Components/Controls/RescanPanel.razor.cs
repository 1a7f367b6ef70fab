using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Sync;
using Portal.Web.Api;

namespace Portal.Web.Components.Controls;

/// <summary>"Re-scan now" per account with configuration risk scanning: queues the resource sync (which ends with the scan) through
/// the scheduler, as Sync now on the Accounts page does, and shows its live progress. Tells the page when a run has finished.</summary>
public sealed partial class RescanPanel : IDisposable
{
    [Inject] private ISyncScheduler Scheduler { get; set; } = default!;
    [Inject] private SyncProgressBoard Board { get; set; } = default!;
    [Inject] private IAuditLog Audit { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>Accounts with the CSPM feature.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<CloudAccount> Accounts { get; set; } = [];
    [Parameter] public EventCallback<SyncProgress> OnFinished { get; set; }

    private string? _source;
    private readonly Dictionary<Guid, DateTime> _queued = [];

    protected override void OnInitialized()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        Board.Changed += OnProgress;
    }

    private void OnProgress(SyncProgress progress)
    {
        if (progress.Kind != SyncKind.Resources || Accounts.All(a => a.Id != progress.AccountId)) return;
        _ = InvokeAsync(async () =>
        {
            if (progress.Phase != SyncPhase.Running) await OnFinished.InvokeAsync(progress);
            StateHasChanged();
        });
    }

    private async Task RescanAsync(CloudAccount account)
    {
        _queued[account.Id] = Clock.GetUtcNow().UtcDateTime;
        await Scheduler.TriggerNowAsync(account.Id, SyncKind.Resources);
        await Audit.RecordAsync(new AuditEvent((await AuthState).User.Actor(), "sync.request", $"{account.Name} ({account.Id})", AuditOutcome.Succeeded, _source, SyncKind.Resources.ToString()));
    }

    public void Dispose() => Board.Changed -= OnProgress;
}
