using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Security;
using Portal.Domain.Sync;

namespace Portal.Domain.Accounts;

/// <summary>
/// Onboarding and account changes: checks the credential against Azure before anything is stored,
/// keeps the secret encrypted, keeps the schedule in step with the policy, and audits every change.
/// </summary>
public sealed class OnboardingService(ICloudConnector cloud, IAccountStore accounts, ISecretProtector secrets,
    ISyncScheduler scheduler, IAuditLog audit, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    /// <summary>Form checks, then a token, then the subscriptions the app can see.</summary>
    public async Task<Outcome<CredentialCheck>> CheckCredentialAsync(CloudKind kind, string? tenantId, string? clientId, string? clientSecret, CancellationToken ct = default)
    {
        var input = CredentialInputCheck.Check(kind, tenantId, clientId, clientSecret);
        if (!input.IsValid)
        {
            var first = input.Issues.First(i => i.Severity == InputIssueSeverity.Error);
            return new OnboardingProblem(CloudErrorCodes.InvalidInput, "Check the credential fields", first.Message, null, input.Issues);
        }
        var credential = input.Credential;
        var identity = await cloud.ValidateCredentialAsync(credential, ct);
        if (!identity.IsSuccess) return OnboardingProblem.FromCloud(identity.Error);
        var subscriptions = await cloud.ListSubscriptionsAsync(credential, ct);
        if (!subscriptions.IsSuccess) return OnboardingProblem.FromCloud(subscriptions.Error);
        if (subscriptions.Value.Count == 0)
            return OnboardingProblem.FromCloud(CloudError.From(CloudErrorCodes.NoSubscriptions, "The app registration holds no role on any subscription."));
        return new CredentialCheck(credential, identity.Value, subscriptions.Value, input.Issues);
    }

    /// <summary>For each chosen subscription: it exists for this app, its regions, its VMs, and what the chosen features lack.</summary>
    public async Task<Outcome<OnboardingCheck>> CheckAsync(OnboardingRequest request, CancellationToken ct = default)
    {
        if (request.SubscriptionIds.Count == 0) return OnboardingProblem.Invalid("Choose at least one subscription.");
        if (request.Features.Count == 0) return OnboardingProblem.Invalid("Choose at least one feature.");
        var credentialCheck = await CheckCredentialAsync(request.Cloud, request.TenantId, request.ClientId, request.ClientSecret, ct);
        if (!credentialCheck.Ok) return credentialCheck.Problem!;
        var credential = credentialCheck.Value!.Credential;

        var checks = new List<SubscriptionCheck>();
        foreach (var subscriptionId in request.SubscriptionIds.Select(s => s.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!Guid.TryParse(subscriptionId, out _))
                return OnboardingProblem.Invalid($"'{subscriptionId}' is not a subscription ID (a GUID).");
            var subscription = await cloud.GetSubscriptionAsync(credential, subscriptionId, ct);
            if (!subscription.IsSuccess) return OnboardingProblem.FromCloud(subscription.Error);
            var regions = await cloud.ListRegionsAsync(credential, subscriptionId, ct);
            if (!regions.IsSuccess) return OnboardingProblem.FromCloud(regions.Error);
            var permissions = await cloud.GetPermissionsAsync(credential, subscriptionId, ct);
            if (!permissions.IsSuccess) return OnboardingProblem.FromCloud(permissions.Error);
            var readiness = FeatureRequirements.Evaluate(permissions.Value, request.Features);
            var vmCount = 0;
            if (readiness.Any(r => r.Feature == CloudFeature.Hosts && r.Ready))
            {
                var vms = await cloud.ListVirtualMachinesAsync(credential, subscriptionId, null, ct);
                if (!vms.IsSuccess) return OnboardingProblem.FromCloud(vms.Error);
                vmCount = vms.Value.Vms.Count;
            }
            var roleJson = readiness.Any(r => !r.Ready) ? FeatureRequirements.LeastPrivilegeRoleJson(readiness, subscriptionId) : null;
            checks.Add(new SubscriptionCheck(subscription.Value, regions.Value, vmCount, readiness, roleJson));
        }
        return new OnboardingCheck(credentialCheck.Value, checks);
    }

    /// <summary>Checks everything again and stores the account only when the credential works. Nothing is stored on failure.</summary>
    public async Task<Outcome<(CloudAccount Account, OnboardingCheck Check)>> OnboardAsync(OnboardingRequest request, string actor, string? source, CancellationToken ct = default)
    {
        var name = request.Name?.Trim() ?? "";
        var invalid = name.Length is 0 or > MaxNameLength ? $"'name' must be 1 to {MaxNameLength} characters."
            : request.Policy.Validate().FirstOrDefault()
            ?? (request.SecretExpiresOn is { } exp && exp.ToUniversalTime() < clock.GetUtcNow().UtcDateTime ? "'secretExpiresOn' is in the past: that secret no longer works. Create a new one." : null);
        if (invalid is not null) return OnboardingProblem.Invalid(invalid);

        var check = await CheckAsync(request, ct);
        if (!check.Ok)
        {
            await audit.RecordAsync(new AuditEvent(actor, "account.onboard", $"{name} ({request.ClientId?.Trim()})", AuditOutcome.Failed, source,
                $"{check.Problem!.Code}: {check.Problem.Title}"), ct);
            return check.Problem!;
        }
        var result = check.Value!;
        var now = clock.GetUtcNow().UtcDateTime;
        var account = new CloudAccount
        {
            Id = Guid.NewGuid(),
            Name = name,
            Cloud = request.Cloud,
            TenantId = result.Credential.Credential.TenantId,
            ClientId = result.Credential.Credential.ClientId,
            ProtectedClientSecret = secrets.Protect(result.Credential.Credential.ClientSecret),
            SecretExpiresOn = request.SecretExpiresOn?.ToUniversalTime(),
            Subscriptions = result.Subscriptions.Select(s => new AccountSubscription(s.Subscription.SubscriptionId, s.Subscription.DisplayName)).ToList(),
            Features = request.Features.Distinct().ToList(),
            Policy = request.Policy,
            KnownRegions = result.Subscriptions.SelectMany(s => s.Regions.Select(r => r.Name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Readiness = result.Readiness.ToList(),
            Status = result.Readiness.All(r => r.Ready) ? AccountStatus.Healthy : AccountStatus.Degraded,
            LastHealthCheckAt = now,
            CreatedAt = now,
            CreatedBy = actor,
        };
        await accounts.AddAsync(account, ct);
        await audit.RecordAsync(new AuditEvent(actor, "account.onboard", $"{account.Name} ({account.Id})", AuditOutcome.Succeeded, source,
            $"Subscriptions {string.Join(", ", account.Subscriptions.Select(s => s.SubscriptionId))}; features {string.Join(", ", account.Features)}; status {account.Status}."), ct);
        await scheduler.ApplyAsync(account.Id, ScheduleFor(account), ct);
        return (account, result);
    }

    /// <summary>Changes name, features, policy or secret. A new secret is checked against Azure before it replaces the old one.</summary>
    public async Task<Outcome<CloudAccount>> UpdateAsync(Guid id, AccountChange change, string actor, string? source, CancellationToken ct = default)
    {
        var account = await accounts.GetAsync(id, ct);
        if (account is null) return new OnboardingProblem("NotFound", "No such account", $"No cloud account with id {id}.");
        var changes = new List<string>();
        if (change.Name is { } newName)
        {
            newName = newName.Trim();
            if (newName.Length is 0 or > MaxNameLength) return OnboardingProblem.Invalid($"'name' must be 1 to {MaxNameLength} characters.");
            if (newName != account.Name) { changes.Add($"name → {newName}"); account.Name = newName; }
        }
        if (change.Policy is { } policy)
        {
            if (policy.Validate().FirstOrDefault() is { } bad) return OnboardingProblem.Invalid(bad);
            account.Policy = policy;
            changes.Add("sync policy");
        }
        if (change.Features is { } features)
        {
            if (features.Count == 0) return OnboardingProblem.Invalid("Choose at least one feature.");
            account.Features = features.Distinct().ToList();
            changes.Add($"features → {string.Join(", ", account.Features)}");
        }
        if (change.ClientSecret is { } secret)
        {
            var credential = await CheckCredentialAsync(account.Cloud, account.TenantId, account.ClientId, secret, ct);
            if (!credential.Ok)
            {
                await audit.RecordAsync(new AuditEvent(actor, "account.rotate-secret", $"{account.Name} ({account.Id})", AuditOutcome.Failed, source,
                    $"{credential.Problem!.Code}: the old secret stays in use."), ct);
                return credential.Problem!;
            }
            account.ProtectedClientSecret = secrets.Protect(credential.Value!.Credential.ClientSecret);
            account.SecretExpiresOn = change.SecretExpiresOn?.ToUniversalTime();
            changes.Add("client secret rotated");
        }
        else if (change.SecretExpiresOn is { } expiry)
        {
            account.SecretExpiresOn = expiry.ToUniversalTime();
            changes.Add("secret expiry");
        }
        if (!await accounts.UpdateAsync(account, ct)) return new OnboardingProblem("NotFound", "No such account", $"No cloud account with id {id}.");
        await audit.RecordAsync(new AuditEvent(actor, "account.update", $"{account.Name} ({account.Id})", AuditOutcome.Succeeded, source, string.Join("; ", changes)), ct);
        await scheduler.ApplyAsync(account.Id, ScheduleFor(account), ct);
        if (change.ClientSecret is not null) await scheduler.TriggerNowAsync(account.Id, SyncKind.HealthCheck, ct);
        return account;
    }

    public async Task<bool> RemoveAsync(Guid id, string actor, string? source, CancellationToken ct = default)
    {
        var account = await accounts.GetAsync(id, ct);
        if (account is null) return false;
        await scheduler.RemoveAsync(id, ct);
        var removed = await accounts.DeleteAsync(id, ct);
        await audit.RecordAsync(new AuditEvent(actor, "account.remove", $"{account.Name} ({account.Id})", removed ? AuditOutcome.Succeeded : AuditOutcome.Failed, source,
            $"Subscriptions {string.Join(", ", account.Subscriptions.Select(s => s.SubscriptionId))}; jobs stopped; hosts deleted."), ct);
        return removed;
    }

    /// <summary>Only the work the account's features need is scheduled: host sync with Hosts, resource sync and risk scan with Cspm, agentless scans with Agentless.</summary>
    public static SyncSchedule ScheduleFor(CloudAccount account) => new(
        account.Has(CloudFeature.Hosts) ? account.Policy.HostSyncMinutes : 0,
        account.Has(CloudFeature.Cspm) ? account.Policy.ResourceSyncMinutes : 0,
        account.Policy.HealthCheckMinutes,
        account.Has(CloudFeature.Agentless) ? account.Policy.AgentlessMinutes : 0);
}

public sealed record AccountChange
{
    public string? Name { get; init; }
    public IReadOnlyList<CloudFeature>? Features { get; init; }
    public SyncPolicy? Policy { get; init; }
    public string? ClientSecret { get; init; }
    public DateTime? SecretExpiresOn { get; init; }

    private bool PrintMembers(System.Text.StringBuilder b)
    {
        b.Append($"Name = {Name}, Features = [{string.Join(", ", Features ?? [])}], Policy = {Policy}, ClientSecret = {Secrets.Mask(ClientSecret)}, SecretExpiresOn = {SecretExpiresOn}");
        return true;
    }
}
