using Microsoft.Extensions.Logging;
using Portal.Domain.Sync;
using Quartz;

namespace Portal.Jobs;

/// <summary>Keeps each account's Quartz jobs and triggers in line with its sync policy.</summary>
/// <remarks>
/// Per account and kind: one durable job (<see cref="SyncJobKeys.Job"/>), one periodic trigger while that kind is on
/// (<see cref="SyncJobKeys.Periodic"/>), and at most one pending "sync now" trigger (<see cref="SyncJobKeys.Now"/>).
/// Everything lives in the persistent store, so any node of a cluster can change it and whichever node acquires a
/// trigger runs it.
/// </remarks>
/// <remarks>Times are read from the scheduler's own clock (<see cref="IScheduler.TimeProvider"/>), the one it decides
/// "due" by, not from whatever TimeProvider the application registered.</remarks>
public sealed class QuartzSyncScheduler(ISchedulerFactory schedulerFactory, PortalJobsOptions options,
    ILogger<QuartzSyncScheduler> logger) : ISyncScheduler
{
    /// <summary>The misfire instruction of every periodic trigger.</summary>
    /// <remarks>
    /// After downtime (or a run that overran by more than the misfire threshold) the trigger fires once, at once, and then
    /// every interval from then on. Not <c>IgnoreMisfires</c>: that replays every missed slot in a burst — 60 runs of a
    /// one-minute host sync after an hour's outage, each an ARM inventory of the whole subscription. Not
    /// <c>NextWithRemainingCount</c> either: that skips the missed runs but then waits for the next slot, so a
    /// six-hourly resource sync could leave the inventory stale for up to six more hours after the portal comes back.
    /// One catch-up run brings the data up to date, which is all a sync needs: every run reads the whole current state.
    /// </remarks>
    public const SimpleTriggerMisfireInstruction PeriodicMisfireInstruction = SimpleTriggerMisfireInstruction.NowWithExistingCount;

    public async Task ApplyAsync(Guid accountId, SyncSchedule schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        foreach (var kind in SyncJobKeys.AllKinds)
        {
            var minutes = schedule.MinutesFor(kind);
            if (minutes < 0)
                throw new ArgumentOutOfRangeException(nameof(schedule), minutes, $"{kind} frequency must be 0 (off) or a number of minutes.");
        }
        foreach (var kind in SyncJobKeys.AllKinds)
        {
            var minutes = schedule.MinutesFor(kind);
            await ApplyIntervalAsync(accountId, kind, minutes == 0 ? null : TimeSpan.FromMinutes(minutes), cancellationToken);
        }
    }

    /// <summary>Sets one kind's interval (null = off). <see cref="ApplyAsync"/> speaks minutes, as the sync policy does;
    /// this takes any interval of at least a second (demo mode and tests use seconds).</summary>
    /// <remarks>
    /// An unchanged interval keeps the trigger, and so its next fire time. A changed one takes effect at once: the next
    /// run is the last run (or, before the first run, the moment the schedule was set) plus the new interval — or now,
    /// when that moment has already passed.
    /// </remarks>
    public async Task ApplyIntervalAsync(Guid accountId, SyncKind kind, TimeSpan? interval, CancellationToken cancellationToken = default)
    {
        if (interval is { } i && i < TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "A sync interval must be at least one second.");
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var triggerKey = SyncJobKeys.Periodic(accountId, kind);

        if (interval is null)
        {
            if (await scheduler.UnscheduleJob(triggerKey, cancellationToken))
                logger.LogInformation("{Kind} sync of account {AccountId} turned off.", kind, accountId);
            return;
        }

        var now = scheduler.TimeProvider.GetUtcNow();
        var existing = await scheduler.GetTrigger(triggerKey, cancellationToken) as ISimpleTrigger;
        DateTimeOffset firstRun;
        if (existing is not null)
        {
            if (existing.RepeatInterval == interval.Value && existing.NextFireTimeUtc is not null
                && await scheduler.GetTriggerState(triggerKey, cancellationToken) is not (TriggerState.Error or TriggerState.Complete))
                return; // unchanged: keep the trigger and its next fire time
            var lastRun = existing.PreviousFireTimeUtc ?? existing.StartTimeUtc - existing.RepeatInterval;
            firstRun = lastRun + interval.Value;
            if (firstRun < now) firstRun = now;
        }
        else
        {
            firstRun = now + interval.Value;
        }

        await EnsureJobAsync(scheduler, accountId, kind, cancellationToken);
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(triggerKey)
            .ForJob(SyncJobKeys.Job(accountId, kind))
            .WithDescription($"{kind} sync every {interval.Value}")
            .StartAt(firstRun)
            .WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(interval.Value)
                .RepeatForever()
                .WithMisfireInstruction(PeriodicMisfireInstruction))
            .WithMisfireThreshold(MisfireThresholdFor(interval.Value))
            .Build();
        // Replace: stored over the old trigger (or created) in one step under the store's lock.
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
        logger.LogInformation("{Kind} sync of account {AccountId} every {Interval}, next at {Next:O}.", kind, accountId, interval, firstRun);
    }

    /// <summary>How late a periodic trigger may fire before it is a misfire: the store-wide threshold, but never more than half
    /// the interval. With a threshold of a whole interval or more, a short outage would leave several slots each "only late",
    /// and each would run — a burst.</summary>
    internal TimeSpan MisfireThresholdFor(TimeSpan interval)
    {
        var half = interval / 2;
        return half < options.MisfireThreshold ? half : options.MisfireThreshold;
    }

    /// <summary>Runs the kind now. When a run of it is already going on (on any node) nothing more is started: that run is
    /// the one asked for. Pressing "now" again while one is waiting to start does not queue a second.</summary>
    public async Task TriggerNowAsync(Guid accountId, SyncKind kind, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var jobKey = SyncJobKeys.Job(accountId, kind);
        // The store's view, so a run on another node of the cluster counts too.
        var running = await scheduler.QueryFireInstances(new FireInstanceQuery { Job = jobKey }, cancellationToken);
        if (running.Items.Count > 0)
        {
            logger.LogInformation("{Kind} sync of account {AccountId} asked for now while one is running on {Node}; not starting another.",
                kind, accountId, running.Items[0].SchedulerInstanceId);
            return;
        }

        await EnsureJobAsync(scheduler, accountId, kind, cancellationToken);
        var triggerKey = SyncJobKeys.Now(accountId, kind);
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(triggerKey)
            .ForJob(jobKey)
            .WithDescription($"{kind} sync now")
            .StartAt(scheduler.TimeProvider.GetUtcNow())
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        // Keep: a "now" still waiting to start is left as it is.
        var result = await scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, cancellationToken);
        if (result.Outcome == ScheduleOutcome.Replaced
            && (await scheduler.QueryFireInstances(new FireInstanceQuery { Job = jobKey }, cancellationToken)).Items.Count > 0)
        {
            // What was stored under the key was a "now" whose run began between the check above and here: that run is the
            // one asked for, so the trigger just stored, which would wait for it and then run again, goes. (A leftover that
            // is not running, e.g. a trigger in ERROR, is simply replaced and the new one runs.)
            await scheduler.UnscheduleJob(triggerKey, cancellationToken);
            logger.LogInformation("{Kind} sync of account {AccountId} asked for now just as one started; not starting another.", kind, accountId);
            return;
        }
        logger.LogInformation("{Kind} sync of account {AccountId} requested now ({Outcome}).", kind, accountId, result.Outcome);
    }

    public async Task RemoveAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var deleted = await scheduler.DeleteJobs(SyncJobKeys.AllKinds.Select(k => SyncJobKeys.Job(accountId, k)).ToList(), cancellationToken);
        if (deleted.Count > 0) logger.LogInformation("Removed the scheduled jobs of account {AccountId}.", accountId);
    }

    public async Task<IReadOnlyDictionary<SyncKind, DateTimeOffset?>> NextRunsAsync(Guid accountId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var keys = SyncJobKeys.AllKinds.ToDictionary(k => k, k => SyncJobKeys.Periodic(accountId, k));
        var triggers = await scheduler.GetTriggers(keys.Values.ToList(), cancellationToken);
        var byKey = triggers.ToDictionary(t => t.Key);
        return keys.ToDictionary(kv => kv.Key, kv => byKey.TryGetValue(kv.Value, out var t) ? t.NextFireTimeUtc : null);
    }

    private static async Task EnsureJobAsync(IScheduler scheduler, Guid accountId, SyncKind kind, CancellationToken cancellationToken)
    {
        var key = SyncJobKeys.Job(accountId, kind);
        if (await scheduler.Exists(key, cancellationToken)) return;
        var job = JobBuilder.Create<AccountSyncJob>()
            .WithIdentity(key)
            .WithDescription($"{kind} sync of account {accountId:D}")
            .UsingJobData(SyncJobKeys.AccountIdKey, accountId.ToString("D"))
            .UsingJobData(SyncJobKeys.KindKey, kind.ToString())
            // Durable: the job stays while a kind is off, so "sync now" has something to fire.
            .StoreDurably()
            // A run cut short by a node dying is run again by the node that recovers its work (a sync is idempotent).
            .RequestRecovery()
            .Build();
        try
        {
            await scheduler.AddJob(job, new AddJobOptions { Replace = false }, cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another node (or request) stored it first: same definition.
        }
    }
}
