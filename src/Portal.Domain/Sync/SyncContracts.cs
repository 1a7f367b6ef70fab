namespace Portal.Domain.Sync;

/// <summary>What a scheduled job does for one cloud account.</summary>
public enum SyncKind
{
    /// <summary>VM inventory.</summary>
    Hosts,
    /// <summary>Cloud-resource configuration (and its risk scan).</summary>
    Resources,
    /// <summary>Credential health: token, subscriptions, permissions, secret expiry.</summary>
    HealthCheck,
    /// <summary>Agentless detection: sweep old portal snapshots, then queue a server check and a custom image check.</summary>
    Agentless,
}

/// <summary>How often each kind of work runs for an account; 0 minutes means off.</summary>
public sealed record SyncSchedule(int HostSyncMinutes, int ResourceSyncMinutes, int HealthCheckMinutes, int AgentlessMinutes = 0)
{
    public int MinutesFor(SyncKind kind) => kind switch
    {
        SyncKind.Hosts => HostSyncMinutes,
        SyncKind.Resources => ResourceSyncMinutes,
        SyncKind.HealthCheck => HealthCheckMinutes,
        SyncKind.Agentless => AgentlessMinutes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>Does the work of one run. Implemented by the application services; called by the scheduler's jobs.</summary>
public interface IAccountSyncRunner
{
    /// <summary>Runs one sync of <paramref name="kind"/> for the account. Failures are recorded on the account, not thrown,
    /// except cancellation. Returns false when the account no longer exists (the scheduler then drops its triggers).</summary>
    Task<bool> RunAsync(Guid accountId, SyncKind kind, CancellationToken cancellationToken);
}

/// <summary>The schedule of every account's jobs (Quartz behind it, persistent in the portal database).</summary>
public interface ISyncScheduler
{
    /// <summary>Creates, changes or removes the account's triggers so they follow <paramref name="schedule"/> (0 = off removes the trigger).</summary>
    Task ApplyAsync(Guid accountId, SyncSchedule schedule, CancellationToken cancellationToken = default);

    /// <summary>Fires a run now, whatever the schedule says (also when that kind is off). A run already in progress for the
    /// account and kind is not started twice.</summary>
    Task TriggerNowAsync(Guid accountId, SyncKind kind, CancellationToken cancellationToken = default);

    /// <summary>Removes every job and trigger of the account.</summary>
    Task RemoveAsync(Guid accountId, CancellationToken cancellationToken = default);

    /// <summary>The next scheduled run per kind (null when that kind is off).</summary>
    Task<IReadOnlyDictionary<SyncKind, DateTimeOffset?>> NextRunsAsync(Guid accountId, CancellationToken cancellationToken = default);
}
