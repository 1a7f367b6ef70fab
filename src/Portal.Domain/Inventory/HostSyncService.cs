using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Security;
using Portal.Domain.Sync;

namespace Portal.Domain.Inventory;

/// <summary>
/// Brings the stored hosts of an account in line with Azure. A failed listing changes no host: the last good
/// inventory stays, and the account shows the error. VMs gone from Azure are marked removed, not deleted.
/// </summary>
public sealed class HostSyncService(ICloudConnector cloud, IAccountStore accounts, IHostStore hosts, ISecretProtector secrets,
    SyncProgressBoard board, IAuditLog audit, TimeProvider clock, PortalNode node)
{
    public async Task<bool> SyncAsync(Guid accountId, CancellationToken ct)
    {
        var account = await accounts.GetAsync(accountId, ct);
        if (account is null) return false;
        var run = board.Begin(accountId, SyncKind.Hosts, clock);
        var started = run.Started;

        run.Report(SyncPhase.Running, "Listing virtual machines…", 0);
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

        var totals = new HostSyncOutcome(0, 0, 0, 0);
        var listedBefore = 0;
        foreach (var subscription in account.Subscriptions)
        {
            var progress = new Progress<int>(n => run.Report(SyncPhase.Running, $"Listing virtual machines of {subscription.DisplayName}…", listedBefore + n));
            var listed = await cloud.ListVirtualMachinesAsync(credential, subscription.SubscriptionId, progress, ct);
            if (!listed.IsSuccess)
            {
                await FailAsync(account, listed.Error.Code, $"{listed.Error.Meaning} {listed.Error.Fix}", started, ct);
                run.Report(SyncPhase.Failed, $"{listed.Error.Code}: {listed.Error.Meaning}", listedBefore);
                return true;
            }
            var now = clock.GetUtcNow().UtcDateTime;
            var seen = listed.Value.Vms
                .Where(vm => account.Policy.Covers(vm.Location, account.KnownRegions))
                .Select(vm => ToHost(account.Id, vm, now)).ToList();
            var outcome = await hosts.ApplySyncAsync(account.Id, subscription.SubscriptionId, seen, now, ct);
            totals = new(totals.Seen + outcome.Seen, totals.Added + outcome.Added, totals.Updated + outcome.Updated, totals.Removed + outcome.Removed);
            listedBefore += listed.Value.Vms.Count;
        }

        // Re-read: the account may have been edited while the sync ran; only the sync fields change.
        var fresh = await accounts.GetAsync(accountId, ct);
        if (fresh is null) return false;
        fresh.LastHostSyncAt = clock.GetUtcNow().UtcDateTime;
        fresh.HostCount = (await hosts.CountAsync(accountId, ct)).Total;
        fresh.ClearFailureBefore(started); // the error that made it unhealthy is gone: the credential works again
        await accounts.UpdateAsync(fresh, ct);
        var summary = $"{totals.Seen} hosts: {totals.Added} new, {totals.Updated} updated, {totals.Removed} removed.";
        run.Report(SyncPhase.Succeeded, summary, totals.Seen);
        await audit.RecordAsync(new AuditEvent("system", "sync.hosts", $"{fresh.Name} ({fresh.Id})", AuditOutcome.Succeeded, node.AuditSource, summary), ct);
        return true;
    }

    private async Task FailAsync(CloudAccount account, string code, string message, DateTime at, CancellationToken ct)
    {
        var fresh = await accounts.GetAsync(account.Id, ct) ?? account;
        fresh.RecordFailure(code, message, at);
        await accounts.UpdateAsync(fresh, ct);
        await audit.RecordAsync(new AuditEvent("system", "sync.hosts", $"{fresh.Name} ({fresh.Id})", AuditOutcome.Failed, node.AuditSource,
            $"{code}: {message} The hosts of the last good sync are kept."), ct);
    }

    public static Host ToHost(Guid accountId, VmInfo vm, DateTime now) => new()
    {
        AccountId = accountId,
        ResourceId = vm.Id.ToLowerInvariant(),
        Name = vm.Name,
        SubscriptionId = vm.SubscriptionId,
        ResourceGroup = vm.ResourceGroup,
        Location = vm.Location,
        VmSize = vm.VmSize,
        OsType = vm.OsType,
        PowerState = vm.PowerState,
        PrivateIps = vm.PrivateIps.ToList(),
        PublicIps = vm.PublicIps.ToList(),
        NicIds = vm.NicIds.ToList(),
        NsgIds = vm.NsgIds.ToList(),
        Tags = vm.Tags.ToDictionary(),
        FirstSeen = now,
        LastSeen = now,
    };
}
