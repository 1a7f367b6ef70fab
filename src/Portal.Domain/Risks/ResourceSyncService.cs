using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Security;
using Portal.Domain.Sync;

namespace Portal.Domain.Risks;

/// <summary>
/// Brings the stored cloud-resource configurations of an account in line with Azure, then scans them with the rule catalog.
/// Every subscription is read before anything is stored: a failed read changes no resource and no result (the last good
/// data stays and the account shows the error). Resources gone from Azure are marked removed, not deleted; resources of types
/// the read could not see (403/404 warnings) are kept as they were.
/// </summary>
public sealed class ResourceSyncService(ICloudConnector cloud, IAccountStore accounts, IResourceStore resources, RiskService risks,
    ISecretProtector secrets, SyncProgressBoard board, IAuditLog audit, TimeProvider clock, PortalNode node)
{
    public const string AuditAction = "sync.resources";

    /// <summary>Returns false when the account does not exist; failures are recorded on the account and in the audit trail.</summary>
    public async Task<bool> SyncAsync(Guid accountId, CancellationToken ct)
    {
        var account = await accounts.GetAsync(accountId, ct);
        if (account is null) return false;
        var run = board.Begin(accountId, SyncKind.Resources, clock);
        var started = run.Started;

        run.Report(SyncPhase.Running, "Reading resource configurations…", 0);
        CloudCredential credential;
        try
        {
            credential = account.OpenCredential(secrets);
        }
        catch (SecretUnreadableException ex)
        {
            await FailAsync(account, "SecretUnreadable", ex.Message, started, ct);
            run.Report(SyncPhase.Failed, ex.Message, 0);
            return true;
        }

        // Read every subscription first: nothing is stored unless all reads succeed.
        var snapshots = new List<ResourceConfigurationSnapshot>();
        var readBefore = 0;
        foreach (var subscription in account.Subscriptions)
        {
            var progress = new Progress<int>(n => run.Report(SyncPhase.Running, $"Reading resource configurations of {subscription.DisplayName}…", readBefore + n));
            var read = await cloud.ListResourceConfigurationsAsync(credential, subscription.SubscriptionId, progress, ct);
            if (!read.IsSuccess)
            {
                await FailAsync(account, read.Error.Code, $"{read.Error.Meaning} {read.Error.Fix}", started, ct);
                run.Report(SyncPhase.Failed, $"{read.Error.Code}: {read.Error.Meaning}", readBefore);
                return true;
            }
            snapshots.Add(read.Value);
            readBefore += read.Value.Resources.Count;
        }

        run.Report(SyncPhase.Running, "Storing resource configurations…", readBefore);
        var now = clock.GetUtcNow().UtcDateTime;
        var totals = ResourceSyncOutcome.None;
        var unread = new List<string>();
        foreach (var (subscription, snapshot) in account.Subscriptions.Zip(snapshots))
        {
            var unreadTypes = UnreadTypeNames(snapshot);
            unread.AddRange(snapshot.UnreadTypes.Select(t => $"{subscription.SubscriptionId}: {t}"));
            totals = totals.Plus(await resources.ApplySyncAsync(account.Id, subscription.SubscriptionId, snapshot.Resources, now, ct, unreadTypes));
        }

        run.Report(SyncPhase.Running, $"Evaluating {CheckCatalog.All.Count} checks…", totals.Seen);
        ScanOutcome scan;
        try
        {
            scan = await risks.ScanAsync(account.Id, ct);
        }
        catch (CheckEvaluationException ex)
        {
            await audit.RecordAsync(new AuditEvent("system", AuditAction, $"{account.Name} ({account.Id})", AuditOutcome.Failed, node.AuditSource,
                $"Resources stored ({Describe(totals)}), but the scan failed: {ex.Message} The results of the last scan are kept."), ct);
            run.Report(SyncPhase.Failed, ex.Message, totals.Seen);
            return true;
        }

        // Re-read: the account may have been edited while the sync ran; only the sync fields change.
        var fresh = await accounts.GetAsync(accountId, ct);
        if (fresh is null) return false;
        fresh.LastResourceSyncAt = clock.GetUtcNow().UtcDateTime;
        fresh.ClearFailureBefore(started);
        await accounts.UpdateAsync(fresh, ct);

        var armRequests = snapshots.Sum(s => s.ArmRequests);
        var summary = $"{Describe(totals)}; {scan.FailedChecks} of {CheckCatalog.All.Count} checks failed " +
                      $"({scan.Failed} failed, {scan.Whitelisted} whitelisted, {scan.Passed} passed results); {armRequests} ARM requests." +
                      (unread.Count > 0 ? $" Not readable (kept as last synced): {string.Join("; ", unread.Take(20))}{(unread.Count > 20 ? $" and {unread.Count - 20} more" : "")}." : "");
        run.Report(SyncPhase.Succeeded, summary, totals.Seen);
        await audit.RecordAsync(new AuditEvent("system", AuditAction, $"{fresh.Name} ({fresh.Id})", AuditOutcome.Succeeded, node.AuditSource, summary), ct);
        return true;
    }

    private static string Describe(ResourceSyncOutcome o) =>
        $"{o.Seen} resources: {o.Added} new, {o.Changed} changed, {o.Removed} removed";

    /// <summary>"Microsoft.Insights/diagnosticSettings on Microsoft.KeyVault/vaults" → "Microsoft.Insights/diagnosticSettings".</summary>
    public static IReadOnlyCollection<string> UnreadTypeNames(ResourceConfigurationSnapshot snapshot) =>
        snapshot.UnreadTypes.Select(t => t.Split(" on ", 2)[0].Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private async Task FailAsync(CloudAccount account, string code, string message, DateTime at, CancellationToken ct)
    {
        var fresh = await accounts.GetAsync(account.Id, ct) ?? account;
        fresh.RecordFailure(code, message, at);
        await accounts.UpdateAsync(fresh, ct);
        await audit.RecordAsync(new AuditEvent("system", AuditAction, $"{fresh.Name} ({fresh.Id})", AuditOutcome.Failed, node.AuditSource,
            $"{code}: {message} The resources and risk results of the last good sync are kept."), ct);
    }
}
