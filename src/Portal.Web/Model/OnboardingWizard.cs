using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Sync;

namespace Portal.Web.Model;

/// <summary>Where the wizard keeps its state across a reload (the browser's session storage, encrypted by the server).</summary>
public interface IWizardStorage
{
    Task<OnboardingWizardState?> LoadAsync(string key);
    Task SaveAsync(string key, OnboardingWizardState state);
    Task DeleteAsync(string key);
}

/// <summary>
/// The onboarding (and edit) wizard's logic: which steps there are, which are complete, when Next is allowed, the checks
/// against Azure behind each step, and the syncs started at the end. The page binds to it; tests drive it.
/// A step is complete only when its check passed: a failed credential check keeps the Credentials step open with the
/// connector's code, meaning and fix, marks the field the error points at, and keeps Next disabled until a field changes.
/// </summary>
public sealed class OnboardingWizard(OnboardingService service, SyncNowService syncNow, SyncProgressBoard board, IWizardStorage storage)
{
    public OnboardingWizardState State { get; private set; } = new();
    public OnboardingProblem? Problem { get; private set; }
    /// <summary>The credential field the current problem is about (marked in the form).</summary>
    public CredentialField? ProblemField { get; private set; }
    /// <summary>The display name is missing (marked in the form).</summary>
    public bool NameMissing { get; private set; }
    public string? Busy { get; private set; }
    public string? SignedInAs { get; private set; }
    public OnboardingCheck? Check { get; private set; }
    public CloudAccount? Onboarded { get; private set; }
    public SyncRunsView? SyncRuns { get; private set; }
    public bool RestoredWithoutSecret { get; private set; }
    public IReadOnlyList<CredentialInputIssue> InputIssues { get; private set; } = [];

    /// <summary>Azure refused the credential as typed: Next stays disabled until a field changes.</summary>
    public bool CredentialRefused { get; private set; }

    /// <summary>Raised when a long-running command changes what is shown mid-way (busy text).</summary>
    public event Action? Changed;

    public bool Editing => State.EditingAccountId is not null;
    public string StorageKey => State.EditingAccountId is { } id ? $"onboarding:{id}" : "onboarding:new";

    /// <summary>Editing skips Validate (the credential's IDs cannot change); the steps are numbered as shown, 1..n.</summary>
    public IReadOnlyList<WizardStep> Steps => Editing
        ? [WizardStep.Features, WizardStep.Credentials, WizardStep.Policy, WizardStep.Review]
        : [WizardStep.Features, WizardStep.Credentials, WizardStep.Validate, WizardStep.Policy, WizardStep.Review];

    public int StepIndex => Math.Max(0, Steps.ToList().IndexOf(State.Step));
    public int StepNumber(WizardStep step) => Steps.ToList().IndexOf(step) + 1;

    public static string StepTitle(WizardStep step) => step switch
    {
        WizardStep.Features => "Features",
        WizardStep.Credentials => "Credentials",
        WizardStep.Validate => "Validate",
        WizardStep.Policy => "Sync policy",
        _ => "Review",
    };

    /// <summary>Steps before the current one passed their checks; all are complete once the account is saved.</summary>
    public bool IsComplete(WizardStep step) => Onboarded is not null || Steps.ToList().IndexOf(step) < StepIndex;

    public bool HasError(WizardStep step) => step == State.Step && Problem is not null;

    /// <summary>What the sync policy step would refuse, in the user's words (empty = valid).</summary>
    public IReadOnlyList<string> PolicyIssues
    {
        get
        {
            var issues = new List<string>();
            if (State.SelectedRegions is { Count: 0 }) issues.Add("Choose at least one region, or tick “Every region”.");
            foreach (var (title, minutes) in new[] { ("Host sync", State.HostSyncMinutes), ("Cloud-resource sync", State.ResourceSyncMinutes), ("Credential health check", State.HealthCheckMinutes) })
                if (!SyncPolicy.AllowedMinutes.Contains(minutes)) issues.Add($"{title}: choose one of the listed frequencies (or Off).");
            return issues;
        }
    }

    public bool CanGoBack => Busy is null && Onboarded is null && StepIndex > 0;

    public bool CanGoNext => Busy is null && Onboarded is null && State.Step switch
    {
        WizardStep.Features => State.Features.Count > 0,
        WizardStep.Credentials => !CredentialRefused && !InputIssues.Any(i => i.Severity == InputIssueSeverity.Error),
        WizardStep.Validate => Check is not null && State.SelectedSubscriptions.Count > 0,
        WizardStep.Policy => PolicyIssues.Count == 0,
        _ => true,
    };

    /// <summary>Why Next is disabled, when it is (shown beside the button).</summary>
    public string? NextHint => Busy is not null || Onboarded is not null || CanGoNext ? null : State.Step switch
    {
        WizardStep.Features => "Choose at least one feature.",
        WizardStep.Credentials when CredentialRefused => "Correct the marked field to continue.",
        WizardStep.Credentials => "Correct the marked fields to continue.",
        WizardStep.Validate when State.SelectedSubscriptions.Count == 0 => "Choose at least one subscription.",
        WizardStep.Validate => "Press “Check access” to continue.",
        WizardStep.Policy => PolicyIssues.FirstOrDefault(),
        _ => null,
    };

    public void Open(CloudAccount account) => State = OnboardingWizardState.FromAccount(account);

    /// <summary>Restores what was saved in this browser session (never the secret: it never left the server).</summary>
    public async Task<bool> RestoreAsync()
    {
        OnboardingWizardState? saved;
        try
        {
            saved = await storage.LoadAsync(StorageKey);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            await storage.DeleteAsync(StorageKey); // saved by another key ring: start afresh
            return false;
        }
        if (saved is null || saved.EditingAccountId != State.EditingAccountId) return false;
        State = saved;
        RestoredWithoutSecret = State.Step > WizardStep.Credentials || State.TenantId.Length > 0;
        // Past the credentials the secret is needed again: go back to where it is typed.
        if (State.Step > WizardStep.Credentials && !Editing) State.Step = WizardStep.Credentials;
        CheckFields();
        return true;
    }

    public void ToggleFeature(CloudFeature feature, bool on)
    {
        if (on) State.Features.Add(feature); else State.Features.Remove(feature);
        Check = null; // readiness was for the old feature set
        if (Problem?.Code == CloudErrorCodes.InvalidInput) ClearProblem();
    }

    public void ToggleSubscription(string id, bool on)
    {
        if (on) State.SelectedSubscriptions.Add(id); else State.SelectedSubscriptions.Remove(id);
        Check = null;
    }

    public void SetAllRegions(bool all) => State.SelectedRegions = all ? null : [.. State.AvailableRegions];

    public void ToggleRegion(string region, bool on)
    {
        if (State.SelectedRegions is null) return;
        if (on) State.SelectedRegions.Add(region); else State.SelectedRegions.Remove(region);
    }

    public void SetName(string name)
    {
        State.Name = name;
        if (name.Trim().Length > 0) NameMissing = false;
    }

    public void SetCloud(CloudKind cloud) { State.Cloud = cloud; CheckFields(); }
    public void SetTenantId(string value) { State.TenantId = value; CheckFields(); }
    public void SetClientId(string value) { State.ClientId = value; CheckFields(); }
    public void SetSecret(string value) { State.Secret = value; if (value.Length > 0) RestoredWithoutSecret = false; CheckFields(); }

    /// <summary>Live checks of the fields as typed. Any change makes Azure's earlier verdict stale.</summary>
    public void CheckFields()
    {
        if (CredentialRefused || Problem?.Code == CloudErrorCodes.InvalidInput) ClearProblem();
        CredentialRefused = false;
        if (Editing)
        {
            InputIssues = State.Secret.Length == 0 ? [] : CredentialInputCheck.Check(State.Cloud, State.TenantId, State.ClientId, State.Secret).For(CredentialField.ClientSecret).ToList();
            return;
        }
        InputIssues = CredentialInputCheck.Check(State.Cloud, State.TenantId, State.ClientId, State.Secret).Issues
            .Where(i => IsTouched(i.Field) || i.Severity != InputIssueSeverity.Error || i.Code != CredentialInputCheck.Codes.Empty)
            .ToList();
    }

    // An empty field is not an error until the user tries to go on.
    private bool IsTouched(CredentialField field) => field switch
    {
        CredentialField.TenantId => State.TenantId.Length > 0,
        CredentialField.ClientId => State.ClientId.Length > 0,
        _ => State.Secret.Length > 0,
    };

    public void UseDemoClient(string tenantId, string clientId, string secret, string displayName)
    {
        State.TenantId = tenantId;
        State.ClientId = clientId;
        State.Secret = secret;
        if (string.IsNullOrWhiteSpace(State.Name)) State.Name = $"Demo · {displayName}";
        NameMissing = false;
        RestoredWithoutSecret = false;
        CheckFields();
    }

    /// <summary>The issues shown under one field: the live checks, or Azure's verdict when it points at this field.</summary>
    public IEnumerable<CredentialInputIssue> IssuesFor(CredentialField field) => InputIssues.Where(i => i.Field == field);

    public bool FieldHasError(CredentialField field) =>
        ProblemField == field || IssuesFor(field).Any(i => i.Severity == InputIssueSeverity.Error);

    public string? FieldErrorText(CredentialField field) =>
        ProblemField == field ? $"{Problem!.Code}: {Problem.Title}" : IssuesFor(field).FirstOrDefault(i => i.Severity == InputIssueSeverity.Error)?.Message;

    public async Task NextAsync()
    {
        if (!CanGoNext) return;
        ClearProblem();
        switch (State.Step)
        {
            case WizardStep.Features:
                State.Step = WizardStep.Credentials;
                break;
            case WizardStep.Credentials:
                if (string.IsNullOrWhiteSpace(State.Name))
                {
                    NameMissing = true;
                    Problem = OnboardingProblem.Invalid("Give the account a display name.");
                    return;
                }
                if (!await CheckCredentialAsync()) return;
                State.Step = Editing ? WizardStep.Policy : WizardStep.Validate;
                break;
            case WizardStep.Validate:
                State.AvailableRegions = Check!.Subscriptions.SelectMany(s => s.Regions.Select(r => r.Name)).Distinct().Order().ToList();
                State.SelectedRegions?.IntersectWith(State.AvailableRegions);
                State.Step = WizardStep.Policy;
                break;
            case WizardStep.Policy:
                State.Step = WizardStep.Review;
                break;
        }
        await storage.SaveAsync(StorageKey, State);
    }

    public async Task BackAsync()
    {
        if (!CanGoBack) return;
        ClearProblem();
        State.Step = Steps[StepIndex - 1];
        await storage.SaveAsync(StorageKey, State);
    }

    /// <summary>Form checks, then Entra ID and the subscriptions the app sees. Editing: only a new secret is checked.</summary>
    private async Task<bool> CheckCredentialAsync()
    {
        if (Editing)
        {
            if (State.Secret.Length == 0) return true; // the stored secret stays
            SetBusy("Checking the new secret with Entra ID…");
            var rotated = await service.CheckCredentialAsync(State.Cloud, State.TenantId, State.ClientId, State.Secret);
            SetBusy(null);
            if (!rotated.Ok) { Refuse(rotated.Problem!); return false; }
            return true;
        }

        var input = CredentialInputCheck.Check(State.Cloud, State.TenantId, State.ClientId, State.Secret);
        InputIssues = input.Issues;
        if (!input.IsValid)
        {
            var first = input.Issues.First(i => i.Severity == InputIssueSeverity.Error);
            Problem = new OnboardingProblem(CloudErrorCodes.InvalidInput, "Check the marked field", first.Message);
            return false;
        }
        State.TenantId = input.Credential.TenantId;
        State.ClientId = input.Credential.ClientId;
        State.Secret = input.Credential.ClientSecret;
        SignedInAs = null;
        Check = null;
        SetBusy("Signing in to Entra ID and listing subscriptions…");
        var result = await service.CheckCredentialAsync(State.Cloud, State.TenantId, State.ClientId, State.Secret);
        SetBusy(null);
        if (!result.Ok) { Refuse(result.Problem!); return false; }
        SignedInAs = result.Value!.Identity.AppDisplayName ?? result.Value.Identity.ClientId;
        State.VisibleSubscriptions = result.Value.Subscriptions.ToList();
        State.SelectedSubscriptions.IntersectWith(State.VisibleSubscriptions.Select(s => s.SubscriptionId));
        if (State.VisibleSubscriptions.Count == 1) State.SelectedSubscriptions.Add(State.VisibleSubscriptions[0].SubscriptionId);
        return true;
    }

    private void Refuse(OnboardingProblem problem)
    {
        Problem = problem;
        ProblemField = CredentialErrorField.Of(problem.Code)
            ?? (Editing && CloudErrorCatalog.IsCredentialProblem(problem.Code) ? CredentialField.ClientSecret : null);
        // Retrying the same input can only help when Azure was unreachable or busy.
        CredentialRefused = !CloudErrorCatalog.IsTransient(problem.Code);
    }

    /// <summary>Each chosen subscription's regions, VMs and the app's effective permissions per feature.</summary>
    public async Task CheckAccessAsync()
    {
        ClearProblem();
        SetBusy("Reading each subscription's regions, VMs and the app's effective permissions…");
        var result = await service.CheckAsync(State.ToRequest());
        SetBusy(null);
        Check = result.Ok ? result.Value : null;
        if (!result.Ok) Problem = result.Problem;
    }

    public async Task FinishAsync(string actor, string? source)
    {
        ClearProblem();
        SetBusy(Editing ? "Saving…" : "Validating again and onboarding…");
        if (State.EditingAccountId is { } id)
        {
            var updated = await service.UpdateAsync(id, new AccountChange
            {
                Name = State.Name,
                Features = State.Features.ToList(),
                Policy = State.Policy,
                ClientSecret = State.Secret.Length > 0 ? State.Secret : null,
                SecretExpiresOn = State.SecretExpiresOn is { } d ? DateTime.SpecifyKind(d.Date, DateTimeKind.Utc) : null,
            }, actor, source);
            SetBusy(null);
            if (!updated.Ok) { Problem = updated.Problem; return; }
            Onboarded = updated.Value;
        }
        else
        {
            var result = await service.OnboardAsync(State.ToRequest(), actor, source);
            SetBusy(null);
            if (!result.Ok) { Problem = result.Problem; return; }
            Onboarded = result.Value.Account;
        }
        State.Secret = "";
        await storage.DeleteAsync(StorageKey);
    }

    /// <summary>The syncs this account's features need (<see cref="AccountSyncs"/>), started now and followed live.</summary>
    public IReadOnlyList<SyncKind> SyncsNeeded => Onboarded is null ? [] : AccountSyncs.AssetSyncsFor(Onboarded);

    public async Task SyncNowAsync(string actor, string? source)
    {
        if (Onboarded is null || SyncRuns is { AllFinished: false }) return;
        var started = await syncNow.StartAsync(Onboarded.Id, actor, source);
        if (started is null) { Problem = new OnboardingProblem("NotFound", "No such account", "The account was removed meanwhile."); return; }
        SyncRuns = new SyncRunsView(board, started);
    }

    /// <summary>True when a progress report is about a sync this wizard follows.</summary>
    public bool Follows(SyncProgress progress) => SyncRuns is not null && progress.AccountId == SyncRuns.AccountId;

    public async Task StartOverAsync()
    {
        await storage.DeleteAsync(StorageKey);
        State = new OnboardingWizardState();
        Onboarded = null;
        Check = null;
        SignedInAs = null;
        SyncRuns = null;
        ClearProblem();
        InputIssues = [];
    }

    private void ClearProblem()
    {
        Problem = null;
        ProblemField = null;
        NameMissing = false;
    }

    private void SetBusy(string? text)
    {
        Busy = text;
        Changed?.Invoke();
    }
}
