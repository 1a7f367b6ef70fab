using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Accounts;
using Portal.Domain.Sync;
using Portal.Web.Api;

namespace Portal.Web.Components.Pages;

public sealed partial class Accounts
{
    [Inject] private IAccountStore Store { get; set; } = default!;
    [Inject] private ISyncScheduler Scheduler { get; set; } = default!;
    [Inject] private OnboardingService Onboarding { get; set; } = default!;
    [Inject] private SyncProgressBoard Board { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private IReadOnlyList<CloudAccount> _accounts = [];
    private readonly Dictionary<Guid, IReadOnlyDictionary<SyncKind, DateTimeOffset?>> _nextRuns = [];
    private Guid? _confirmRemove;
    private string? _message, _source;
    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected override async Task OnInitializedAsync()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        await LoadAsync();
        Board.Changed += OnProgress;
    }

    private async Task LoadAsync()
    {
        _accounts = await Store.ListAsync();
        foreach (var a in _accounts) _nextRuns[a.Id] = await Scheduler.NextRunsAsync(a.Id);
    }

    // Runs report from the scheduler's threads: re-read on the circuit's dispatcher.
    private void OnProgress(SyncProgress progress) => _ = InvokeAsync(async () =>
    {
        if (progress.Phase != SyncPhase.Running) await LoadAsync();
        StateHasChanged();
    });

    private async Task SyncNowAsync(CloudAccount account)
    {
        await Scheduler.TriggerNowAsync(account.Id, SyncKind.Hosts);
        _message = $"Host sync of {account.Name} started.";
    }

    private async Task RemoveAsync(CloudAccount account)
    {
        _confirmRemove = null;
        var removed = await Onboarding.RemoveAsync(account.Id, (await AuthState).User.Actor(), _source);
        _message = removed ? $"{account.Name} was removed." : $"{account.Name} no longer exists.";
        await LoadAsync();
    }

    private string Next(Guid id, SyncKind kind) =>
        _nextRuns.TryGetValue(id, out var runs) && runs.TryGetValue(kind, out var at) && at is { } t ? $"{t.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "off";

    private static string When(DateTime? at) => at is { } t ? $"{t:yyyy-MM-dd HH:mm:ss} UTC" : "never";

    private static string StatusBadge(AccountStatus s) => s switch
    {
        AccountStatus.Healthy => "text-bg-success",
        AccountStatus.Degraded => "text-bg-warning",
        AccountStatus.Unhealthy => "text-bg-danger",
        _ => "text-bg-secondary",
    };

    public void Dispose() => Board.Changed -= OnProgress;
}
