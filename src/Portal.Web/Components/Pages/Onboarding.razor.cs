using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.JSInterop;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Sync;
using Portal.Web.Api;
using Portal.Web.Hosting;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>The onboarding and edit wizard: markup over <see cref="OnboardingWizard"/>, which holds the logic.</summary>
public sealed partial class Onboarding
{
    [Parameter] public Guid? AccountId { get; set; }

    [Inject] private OnboardingService Service { get; set; } = default!;
    [Inject] private SyncNowService SyncNow { get; set; } = default!;
    [Inject] private SyncProgressBoard Board { get; set; } = default!;
    [Inject] private IAccountStore Accounts { get; set; } = default!;
    [Inject] private ProtectedSessionStorage Storage { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private DemoEnvironment? Demo => Services.GetService<DemoEnvironment>();
    private OnboardingWizard Vm { get; set; } = default!;
    private string? _notFound, _source;
    private bool _loaded;

    protected override async Task OnInitializedAsync()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        Vm = new OnboardingWizard(Service, SyncNow, Board, new SessionWizardStorage(Storage));
        Vm.Changed += OnVmChanged;
        Board.Changed += OnProgress;
        if (AccountId is { } id)
        {
            var account = await Accounts.GetAsync(id);
            if (account is null) { _notFound = $"No cloud account with id {id}."; return; }
            Vm.Open(account);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Session storage needs the browser: only after the first interactive render.
        if (!firstRender || _loaded || _notFound is not null) return;
        _loaded = true;
        if (await Vm.RestoreAsync()) StateHasChanged();
    }

    private void OnVmChanged() => _ = InvokeAsync(StateHasChanged);

    // Runs report from the scheduler's threads: render on the circuit's dispatcher.
    private void OnProgress(SyncProgress progress)
    {
        if (Vm.Follows(progress)) _ = InvokeAsync(StateHasChanged);
    }

    private async Task<string> ActorAsync() => (await AuthState).User.Actor();

    private Task NextAsync() => Vm.NextAsync();
    private Task BackAsync() => Vm.BackAsync();
    private Task CheckAccessAsync() => Vm.CheckAccessAsync();
    private async Task FinishAsync() => await Vm.FinishAsync(await ActorAsync(), _source);
    private async Task SyncNowAsync() => await Vm.SyncNowAsync(await ActorAsync(), _source);
    private Task StartOverAsync() => Vm.StartOverAsync();

    private void UseDemoClient(string clientId)
    {
        var client = Demo!.Clients.First(c => c.ClientId == clientId);
        Vm.UseDemoClient(Demo.TenantId, client.ClientId, client.Secret, client.DisplayName);
    }

    private async Task DownloadRoleAsync(string subscriptionId, string json) =>
        await JS.InvokeVoidAsync("portal.downloadText", $"least-privilege-role-{subscriptionId}.json", "application/json", json);

    /// <summary>Azure's codes are shown as they are; the portal's own form checks have no code worth showing.</summary>
    private static string? ErrorCode(string code) => code switch
    {
        CloudErrorCodes.InvalidInput or "NotFound" => null,
        _ => code,
    };

    public static string CloudName(CloudKind cloud) => cloud == CloudKind.AzureChina ? "Azure China (21Vianet)" : "Azure global";

    public void Dispose()
    {
        Board.Changed -= OnProgress;
        if (Vm is not null) Vm.Changed -= OnVmChanged;
    }
}
