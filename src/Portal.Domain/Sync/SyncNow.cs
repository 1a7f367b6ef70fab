using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;

namespace Portal.Domain.Sync;

/// <summary>Which syncs bring an account's assets in. The one place that says so: the wizard's "Synchronize assets now",
/// the Cloud accounts page's "Sync now", the API's sync request and the schedule all follow it.</summary>
public static class AccountSyncs
{
    /// <summary>Hosts → the host (VM) inventory; CSPM → the resource configurations and their risk scan (one run does both).
    /// The credential health check is not an asset sync; it has its own schedule.</summary>
    public static IReadOnlyList<SyncKind> AssetSyncsFor(IEnumerable<CloudFeature> features)
    {
        var set = features.ToHashSet();
        var kinds = new List<SyncKind>();
        if (set.Contains(CloudFeature.Hosts)) kinds.Add(SyncKind.Hosts);
        if (set.Contains(CloudFeature.Cspm)) kinds.Add(SyncKind.Resources);
        return kinds;
    }

    public static IReadOnlyList<SyncKind> AssetSyncsFor(CloudAccount account) => AssetSyncsFor(account.Features);

    /// <summary>When a sync of this kind last finished successfully (stored on the account, shared by every node).</summary>
    public static DateTime? LastSucceededAt(CloudAccount account, SyncKind kind) => kind switch
    {
        SyncKind.Hosts => account.LastHostSyncAt,
        SyncKind.Resources => account.LastResourceSyncAt,
        _ => account.LastHealthCheckAt,
    };

    /// <summary>Where one kind of sync of the account stands, so a page can tell "not synced yet" and "sync running" apart
    /// from "synced, nothing found": NotNeeded (the account lacks the feature), NeverRun, Running (on this node), Failed
    /// (the latest run on this node failed after the last success), Succeeded.</summary>
    public static AssetSyncStatus StatusOf(CloudAccount account, SyncKind kind, SyncProgressBoard board)
    {
        var last = LastSucceededAt(account, kind);
        if (kind != SyncKind.HealthCheck && !AssetSyncsFor(account).Contains(kind)) return new(kind, AssetSyncState.NotNeeded, last, null);
        var latest = board.Latest(account.Id, kind);
        if (latest is { Phase: SyncPhase.Running }) return new(kind, AssetSyncState.Running, last, latest.Message);
        if (latest is { Phase: SyncPhase.Failed } && (last is null || latest.FinishedAt > last)) return new(kind, AssetSyncState.Failed, last, latest.Message);
        return last is null ? new(kind, AssetSyncState.NeverRun, null, null) : new(kind, AssetSyncState.Succeeded, last, latest?.Message);
    }

    /// <summary>The feature a sync kind serves (null: the health check, which every account has).</summary>
    public static CloudFeature? FeatureOf(SyncKind kind) => kind switch
    {
        SyncKind.Hosts => CloudFeature.Hosts,
        SyncKind.Resources => CloudFeature.Cspm,
        _ => null,
    };
}

public enum AssetSyncState { NotNeeded, NeverRun, Running, Failed, Succeeded }

/// <summary>One kind of sync of one account: its state, when it last succeeded, and the latest run's message (this node).</summary>
public sealed record AssetSyncStatus(SyncKind Kind, AssetSyncState State, DateTime? LastSucceededAt, string? Message);

/// <summary>The syncs a request started, and when it was made (runs that started since then belong to it).</summary>
public sealed record SyncNowResult(CloudAccount Account, IReadOnlyList<SyncKind> Started, DateTime RequestedAt);

/// <summary>Starts syncs now, whatever the schedule says, and audits the request.</summary>
public sealed class SyncNowService(IAccountStore accounts, ISyncScheduler scheduler, IAuditLog audit, TimeProvider clock)
{
    public const string AuditAction = "sync.request";

    /// <summary>Starts every sync the account's features need (<see cref="AccountSyncs.AssetSyncsFor(CloudAccount)"/>), or only
    /// <paramref name="only"/>. Null when the account does not exist; an empty <see cref="SyncNowResult.Started"/> when the
    /// account lacks the feature the requested sync serves (nothing is started then).</summary>
    public async Task<SyncNowResult?> StartAsync(Guid accountId, string actor, string? source, SyncKind? only = null,
        string auditAction = AuditAction, CancellationToken ct = default)
    {
        var account = await accounts.GetAsync(accountId, ct);
        if (account is null) return null;
        var requestedAt = clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<SyncKind> kinds = only is { } kind
            ? (AccountSyncs.FeatureOf(kind) is { } feature && !account.Has(feature) ? [] : [kind])
            : AccountSyncs.AssetSyncsFor(account);
        if (kinds.Count == 0) return new SyncNowResult(account, [], requestedAt);
        foreach (var k in kinds) await scheduler.TriggerNowAsync(account.Id, k, ct);
        await audit.RecordAsync(new AuditEvent(actor, auditAction, $"{account.Name} ({account.Id})", AuditOutcome.Succeeded, source,
            string.Join(", ", kinds)), ct);
        return new SyncNowResult(account, kinds, requestedAt);
    }
}
