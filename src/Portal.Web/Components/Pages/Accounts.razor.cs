using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Sync;
using Portal.Web.Api;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

public sealed partial class Accounts
{
    [Inject] private IAccountStore Store { get; set; } = default!;
    [Inject] private ISyncScheduler Scheduler { get; set; } = default!;
    [Inject] private SyncNowService SyncNow { get; set; } = default!;
    [Inject] private OnboardingService Onboarding { get; set; } = default!;
    [Inject] private SyncProgressBoard Board { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private AccountsView Vm { get; set; } = default!;
    private string? _source;

    protected override async Task OnInitializedAsync()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        Vm = new AccountsView(Store, Scheduler, SyncNow, Onboarding, Board, Clock);
        await Vm.LoadAsync();
        Board.Changed += OnProgress;
    }

    // Runs report from the scheduler's threads: re-read on the circuit's dispatcher; a finished run changed the stored times.
    private void OnProgress(SyncProgress progress)
    {
        if (!Vm.Shows(progress.AccountId)) return;
        _ = InvokeAsync(async () =>
        {
            if (progress.Phase != SyncPhase.Running) await Vm.LoadAsync();
            StateHasChanged();
        });
    }

    private async Task SyncNowAsync(CloudAccount account)
    {
        var message = await Vm.SyncNowAsync(account, (await AuthState).User.Actor(), _source);
        Snackbar.Add(message, MudBlazor.Severity.Info);
    }

    private async Task RemoveAsync(CloudAccount account)
    {
        var parameters = new DialogParameters<RemoveAccountDialog>
        {
            { d => d.Name, account.Name },
            { d => d.Subscriptions, string.Join(", ", account.Subscriptions.Select(s => $"{s.DisplayName} ({s.SubscriptionId})")) },
        };
        var dialog = await Dialogs.ShowAsync<RemoveAccountDialog>($"Remove {account.Name}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled) return;
        var message = await Vm.RemoveAsync(account, (await AuthState).User.Actor(), _source);
        Snackbar.Add(message, message.EndsWith("was removed.") ? MudBlazor.Severity.Success : MudBlazor.Severity.Warning);
    }

    private static string When(DateTime? at) => at is { } t ? $"{t:yyyy-MM-dd HH:mm:ss} UTC" : "never";

    private static string Next(DateTimeOffset? at) => at is { } t ? $"{t.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "off";

    private static string DaysText(int? days) => days switch
    {
        null => "",
        < 0 => $"expired {-days} days ago",
        0 => "today",
        1 => "1 day left",
        _ => $"{days} days left",
    };

    private static MudBlazor.Color StatusColor(AccountStatus s) => s switch
    {
        AccountStatus.Healthy => MudBlazor.Color.Success,
        AccountStatus.Degraded => MudBlazor.Color.Warning,
        AccountStatus.Unhealthy => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Default,
    };

    private static string StatusIcon(AccountStatus s) => s switch
    {
        AccountStatus.Healthy => Icons.Material.Filled.CheckCircle,
        AccountStatus.Degraded => Icons.Material.Filled.Warning,
        AccountStatus.Unhealthy => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.HourglassEmpty,
    };

    public void Dispose() => Board.Changed -= OnProgress;
}
