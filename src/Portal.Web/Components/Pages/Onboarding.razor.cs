using System.Security.Claims;
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

public sealed partial class Onboarding
{
    [Parameter] public Guid? AccountId { get; set; }

    [Inject] private OnboardingService Service { get; set; } = default!;
    [Inject] private IAccountStore Accounts { get; set; } = default!;
    [Inject] private ISyncScheduler Scheduler { get; set; } = default!;
    [Inject] private ProtectedSessionStorage Storage { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private DemoEnvironment? Demo => Services.GetService<DemoEnvironment>();
    private OnboardingWizardState State { get; set; } = new();
    private IReadOnlyList<WizardStep> Steps => State.EditingAccountId is null
        ? Enum.GetValues<WizardStep>()
        : [WizardStep.Features, WizardStep.Credentials, WizardStep.Policy, WizardStep.Review];

    private OnboardingProblem? _problem;
    private string? _busy;
    private string? _signedInAs;
    private OnboardingCheck? _check;
    private CloudAccount? _onboarded;
    private bool _syncQueued, _restoredWithoutSecret, _loaded;
    private IReadOnlyList<CredentialInputIssue> _inputIssues = [];
    private string? _source;

    private string StorageKey => AccountId is { } id ? $"onboarding:{id}" : "onboarding:new";

    protected override async Task OnInitializedAsync()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        if (AccountId is { } id)
        {
            var account = await Accounts.GetAsync(id);
            if (account is null) { _problem = new("NotFound", "No such account", $"No cloud account with id {id}."); return; }
            State = OnboardingWizardState.FromAccount(account);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _loaded) return;
        _loaded = true;
        try
        {
            var saved = await Storage.GetAsync<OnboardingWizardState>(StorageKey);
            if (saved.Success && saved.Value is { } state && state.EditingAccountId == State.EditingAccountId)
            {
                State = state;
                // The secret never left the server; after a reload it must be typed again.
                _restoredWithoutSecret = State.Step > WizardStep.Credentials || State.TenantId.Length > 0;
                if (State.Step > WizardStep.Credentials && State.EditingAccountId is null) State.Step = WizardStep.Credentials;
                StateHasChanged();
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            await Storage.DeleteAsync(StorageKey); // saved by another key ring: start afresh
        }
    }

    private Task SaveAsync() => Storage.SetAsync(StorageKey, State).AsTask();

    private static string StepTitle(WizardStep step) => step switch
    {
        WizardStep.Features => "Features",
        WizardStep.Credentials => "Credentials",
        WizardStep.Validate => "Validate",
        WizardStep.Policy => "Sync policy",
        _ => "Review",
    };

    private void ToggleFeature(CloudFeature feature, bool on)
    {
        if (on) State.Features.Add(feature); else State.Features.Remove(feature);
    }

    private void ToggleSubscription(string id, bool on)
    {
        if (on) State.SelectedSubscriptions.Add(id); else State.SelectedSubscriptions.Remove(id);
        _check = null;
    }

    private void ToggleRegion(string region, bool on)
    {
        if (on) State.SelectedRegions!.Add(region); else State.SelectedRegions!.Remove(region);
    }

    private void CheckFields()
    {
        // A message about the fields as they were is stale once they change.
        if (_problem?.Code == CloudErrorCodes.InvalidInput) _problem = null;
        if (State.EditingAccountId is not null)
        {
            _inputIssues = State.Secret.Length == 0 ? [] : CredentialInputCheck.Check(State.Cloud, State.TenantId, State.ClientId, State.Secret).For(CredentialField.ClientSecret).ToList();
            return;
        }
        _inputIssues = CredentialInputCheck.Check(State.Cloud, State.TenantId, State.ClientId, State.Secret).Issues
            .Where(i => i.Field != CredentialField.ClientSecret || State.Secret.Length > 0 || i.Code != CredentialInputCheck.Codes.Empty)
            .ToList();
    }

    private void UseDemoClient(string clientId)
    {
        var client = Demo!.Clients.First(c => c.ClientId == clientId);
        State.TenantId = Demo.TenantId;
        State.ClientId = client.ClientId;
        State.Secret = client.Secret;
        if (string.IsNullOrWhiteSpace(State.Name)) State.Name = $"Demo · {client.DisplayName}";
        _restoredWithoutSecret = false;
        CheckFields();
    }

    private async Task NextAsync()
    {
        _problem = null;
        switch (State.Step)
        {
            case WizardStep.Features:
                if (State.Features.Count == 0) { _problem = OnboardingProblem.Invalid("Choose at least one feature."); return; }
                State.Step = WizardStep.Credentials;
                break;
            case WizardStep.Credentials:
                if (string.IsNullOrWhiteSpace(State.Name)) { _problem = OnboardingProblem.Invalid("Give the account a display name."); return; }
                if (State.EditingAccountId is not null)
                {
                    CheckFields();
                    if (_inputIssues.Any(i => i.Severity == InputIssueSeverity.Error)) { _problem = OnboardingProblem.Invalid(_inputIssues.First().Message); return; }
                    State.Step = WizardStep.Policy;
                    break;
                }
                var input = CredentialInputCheck.Check(State.Cloud, State.TenantId, State.ClientId, State.Secret);
                _inputIssues = input.Issues;
                if (!input.IsValid) { _problem = new(CloudErrorCodes.InvalidInput, "Check the credential fields", input.Issues.First(i => i.Severity == InputIssueSeverity.Error).Message); return; }
                State.TenantId = input.Credential.TenantId;
                State.ClientId = input.Credential.ClientId;
                State.Secret = input.Credential.ClientSecret;
                State.Step = WizardStep.Validate;
                await SaveAsync();
                await ValidateCredentialAsync();
                return;
            case WizardStep.Validate:
                if (_check is null) { _problem = OnboardingProblem.Invalid("Choose subscriptions and press “Check access” first."); return; }
                State.AvailableRegions = _check.Subscriptions.SelectMany(s => s.Regions.Select(r => r.Name)).Distinct().Order().ToList();
                State.SelectedRegions?.IntersectWith(State.AvailableRegions);
                State.Step = WizardStep.Policy;
                break;
            case WizardStep.Policy:
                if (State.Policy.Validate().FirstOrDefault() is { } bad) { _problem = OnboardingProblem.Invalid(bad); return; }
                State.Step = WizardStep.Review;
                break;
        }
        await SaveAsync();
    }

    private async Task BackAsync()
    {
        _problem = null;
        var steps = Steps.ToList();
        var at = steps.IndexOf(State.Step);
        if (at > 0) State.Step = steps[at - 1];
        await SaveAsync();
    }

    private async Task ValidateCredentialAsync()
    {
        _busy = "Signing in to Entra ID and listing subscriptions…";
        _signedInAs = null;
        _check = null;
        StateHasChanged();
        var result = await Service.CheckCredentialAsync(State.Cloud, State.TenantId, State.ClientId, State.Secret);
        _busy = null;
        if (!result.Ok) { _problem = result.Problem; return; }
        _signedInAs = result.Value!.Identity.AppDisplayName ?? result.Value.Identity.ClientId;
        State.VisibleSubscriptions = result.Value.Subscriptions.ToList();
        State.SelectedSubscriptions.IntersectWith(State.VisibleSubscriptions.Select(s => s.SubscriptionId));
        if (State.VisibleSubscriptions.Count == 1) State.SelectedSubscriptions.Add(State.VisibleSubscriptions[0].SubscriptionId);
        await SaveAsync();
    }

    private async Task CheckAccessAsync()
    {
        _problem = null;
        _busy = "Reading each subscription's regions, VMs and the app's effective permissions…";
        StateHasChanged();
        var result = await Service.CheckAsync(State.ToRequest());
        _busy = null;
        if (!result.Ok) { _problem = result.Problem; _check = null; return; }
        _check = result.Value;
    }

    private async Task DownloadRoleAsync(string subscriptionId, string json) =>
        await JS.InvokeVoidAsync("portal.downloadText", $"least-privilege-role-{subscriptionId}.json", "application/json", json);

    private async Task FinishAsync()
    {
        _problem = null;
        _busy = "Validating again and onboarding…";
        StateHasChanged();
        var actor = (await AuthState).User.Actor();
        if (State.EditingAccountId is { } id)
        {
            var updated = await Service.UpdateAsync(id, new AccountChange
            {
                Name = State.Name,
                Features = State.Features.ToList(),
                Policy = State.Policy,
                ClientSecret = State.Secret.Length > 0 ? State.Secret : null,
                SecretExpiresOn = State.SecretExpiresOn is { } d ? DateTime.SpecifyKind(d.Date, DateTimeKind.Utc) : null,
            }, actor, _source);
            _busy = null;
            if (!updated.Ok) { _problem = updated.Problem; return; }
            _onboarded = updated.Value;
        }
        else
        {
            var result = await Service.OnboardAsync(State.ToRequest(), actor, _source);
            _busy = null;
            if (!result.Ok) { _problem = result.Problem; return; }
            _onboarded = result.Value.Account;
        }
        State.Secret = "";
        await Storage.DeleteAsync(StorageKey);
    }

    private async Task SyncNowAsync()
    {
        if (_onboarded is null) return;
        await Scheduler.TriggerNowAsync(_onboarded.Id, SyncKind.Hosts);
        _syncQueued = true;
    }

    private async Task StartOverAsync()
    {
        await Storage.DeleteAsync(StorageKey);
        State = new OnboardingWizardState();
        _onboarded = null;
        _check = null;
        _signedInAs = null;
        _syncQueued = false;
    }

    private RenderFragment FieldIssues(CredentialField field) => builder =>
    {
        var seq = 0;
        foreach (var issue in _inputIssues.Where(i => i.Field == field))
        {
            builder.OpenElement(seq++, "div");
            builder.AddAttribute(seq++, "class", issue.Severity switch
            {
                InputIssueSeverity.Error => "small text-danger mt-1",
                InputIssueSeverity.Warning => "small text-warning-emphasis mt-1",
                _ => "small text-body-secondary mt-1",
            });
            builder.AddAttribute(seq++, "data-testid", $"issue-{field}");
            builder.AddContent(seq++, issue.Message);
            builder.CloseElement();
        }
    };

    private RenderFragment FrequencySelect(string id, string label, Func<int> get, Action<int> set) => builder =>
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "mb-3");
        builder.OpenElement(2, "label");
        builder.AddAttribute(3, "class", "form-label");
        builder.AddAttribute(4, "for", id);
        builder.AddContent(5, label);
        builder.CloseElement();
        builder.OpenElement(6, "select");
        builder.AddAttribute(7, "id", id);
        builder.AddAttribute(8, "class", "form-select");
        builder.AddAttribute(9, "data-testid", id);
        builder.AddAttribute(10, "value", get().ToString());
        builder.AddAttribute(11, "onchange", EventCallback.Factory.Create<ChangeEventArgs>(this, e => set(int.Parse(e.Value?.ToString() ?? "0"))));
        foreach (var minutes in SyncPolicy.AllowedMinutes)
        {
            builder.OpenElement(12, "option");
            builder.AddAttribute(13, "value", minutes.ToString());
            builder.AddAttribute(14, "selected", minutes == get());
            builder.AddContent(15, OnboardingWizardState.Frequency(minutes));
            builder.CloseElement();
        }
        builder.CloseElement();
        builder.CloseElement();
    };
}
