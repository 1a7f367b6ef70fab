using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Security;
using Portal.Domain.Sync;

namespace Portal.Domain.Accounts;

/// <summary>Scheduled credential check: the token, each subscription, the permissions of the chosen features, the secret's expiry.</summary>
public sealed class CredentialHealthService(ICloudConnector cloud, IAccountStore accounts, ISecretProtector secrets,
    SyncProgressBoard board, IAuditLog audit, TimeProvider clock, PortalNode node)
{
    public async Task<bool> CheckAsync(Guid accountId, CancellationToken ct)
    {
        var account = await accounts.GetAsync(accountId, ct);
        if (account is null) return false;
        var run = board.Begin(accountId, SyncKind.HealthCheck, clock);
        var started = run.Started;
        run.Report(SyncPhase.Running, "Checking the credential…", 0);

        var (status, readiness, error) = await EvaluateAsync(account, ct);
        var fresh = await accounts.GetAsync(accountId, ct);
        if (fresh is null) return false;
        var previous = fresh.Status;
        fresh.Status = status;
        fresh.LastHealthCheckAt = clock.GetUtcNow().UtcDateTime;
        if (readiness is not null) fresh.Readiness = readiness.ToList();
        if (error is { } failure) fresh.RecordFailure(failure.Code, failure.Message, started);
        else { fresh.LastErrorCode = fresh.LastErrorMessage = null; fresh.LastErrorAt = null; }
        await accounts.UpdateAsync(fresh, ct);

        var message = error is { } e ? $"{status}: {e.Code}: {e.Message}" : status.ToString();
        run.Report(error is null ? SyncPhase.Succeeded : SyncPhase.Failed, message, 0);
        if (previous != status || error is not null)
            await audit.RecordAsync(new AuditEvent("system", "account.health", $"{fresh.Name} ({fresh.Id})",
                error is null ? AuditOutcome.Succeeded : AuditOutcome.Failed, node.AuditSource, $"{previous} → {message}"), ct);
        return true;
    }

    private async Task<(AccountStatus, IReadOnlyList<FeatureReadiness>?, (string Code, string Message)?)> EvaluateAsync(CloudAccount account, CancellationToken ct)
    {
        if (account.SecretWarning(clock.GetUtcNow().UtcDateTime) == SecretExpiryWarning.Expired)
            return (AccountStatus.Unhealthy, null, (CloudErrorCodes.ClientSecretExpired, $"The client secret expired on {account.SecretExpiresOn:yyyy-MM-dd}. Create a new secret and rotate it here."));
        CloudCredential credential;
        try
        {
            credential = account.OpenCredential(secrets);
        }
        catch (SecretUnreadableException ex)
        {
            return (AccountStatus.Unhealthy, null, ("SecretUnreadable", ex.Message));
        }
        var token = await cloud.ValidateCredentialAsync(credential, ct);
        if (!token.IsSuccess) return (AccountStatus.Unhealthy, null, (token.Error.Code, $"{token.Error.Meaning} {token.Error.Fix}"));
        var readiness = new List<FeatureReadiness>();
        foreach (var subscription in account.Subscriptions)
        {
            var permissions = await cloud.GetPermissionsAsync(credential, subscription.SubscriptionId, ct);
            if (!permissions.IsSuccess) return (AccountStatus.Unhealthy, null, (permissions.Error.Code, $"{subscription.DisplayName}: {permissions.Error.Meaning} {permissions.Error.Fix}"));
            readiness.AddRange(FeatureRequirements.Evaluate(permissions.Value, account.Features));
        }
        var merged = AccountCredentials.Merge(readiness);
        return (merged.All(r => r.Ready) ? AccountStatus.Healthy : AccountStatus.Degraded, merged, null);
    }
}
