using Portal.Domain.Sync;
using Quartz;

namespace Portal.Jobs.Tests;

/// <summary>ApplyAsync, TriggerNowAsync, RemoveAsync and NextRunsAsync against a real Quartz on a SQLite file.</summary>
public sealed class SchedulingTests : IAsyncLifetime
{
    private readonly SqliteFile _db = new();
    private readonly RunRecorder _recorder = new();
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.Build(_db.Options(), _recorder).StartAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public async Task Apply_creates_one_trigger_per_kind_that_is_on()
    {
        var account = Guid.NewGuid();
        var before = DateTimeOffset.UtcNow;
        await _host.Scheduler.ApplyAsync(account, new SyncSchedule(HostSyncMinutes: 15, ResourceSyncMinutes: 60, HealthCheckMinutes: 0));

        var next = await _host.Scheduler.NextRunsAsync(account);
        Assert.InRange(next[SyncKind.Hosts]!.Value, before.AddMinutes(15), DateTimeOffset.UtcNow.AddMinutes(15));
        Assert.InRange(next[SyncKind.Resources]!.Value, before.AddMinutes(60), DateTimeOffset.UtcNow.AddMinutes(60));
        Assert.Null(next[SyncKind.HealthCheck]);

        var quartz = await _host.QuartzAsync();
        var job = await quartz.GetJobDetail(new JobKey($"Hosts-{account}", "accounts"));
        Assert.NotNull(job);
        Assert.Equal(typeof(AccountSyncJob), job!.JobType.Type);
        Assert.True(job.ConcurrentExecutionDisallowed);
        Assert.Equal(account.ToString(), job.JobDataMap.GetString("accountId"));
        Assert.Equal("Hosts", job.JobDataMap.GetString("kind"));
        var trigger = (ISimpleTrigger)(await quartz.GetTrigger(SyncJobKeys.Periodic(account, SyncKind.Hosts)))!;
        Assert.Equal(TimeSpan.FromMinutes(15), trigger.RepeatInterval);
        Assert.Equal(SimpleTriggerMisfireInstruction.NowWithExistingCount, trigger.MisfireInstruction);
        Assert.False(await quartz.Exists(SyncJobKeys.Periodic(account, SyncKind.HealthCheck)));
    }

    [Fact]
    public async Task Apply_with_0_removes_the_trigger()
    {
        var account = Guid.NewGuid();
        await _host.Scheduler.ApplyAsync(account, new SyncSchedule(15, 60, 30));
        Assert.NotNull((await _host.Scheduler.NextRunsAsync(account))[SyncKind.HealthCheck]);

        await _host.Scheduler.ApplyAsync(account, new SyncSchedule(15, 0, 0));

        var next = await _host.Scheduler.NextRunsAsync(account);
        Assert.NotNull(next[SyncKind.Hosts]);
        Assert.Null(next[SyncKind.Resources]);
        Assert.Null(next[SyncKind.HealthCheck]);
        var quartz = await _host.QuartzAsync();
        Assert.False(await quartz.Exists(SyncJobKeys.Periodic(account, SyncKind.Resources)));
        Assert.False(await quartz.Exists(SyncJobKeys.Periodic(account, SyncKind.HealthCheck)));
    }

    [Fact]
    public async Task Unchanged_frequency_keeps_the_next_fire_time_and_a_changed_one_takes_effect_at_once()
    {
        var account = Guid.NewGuid();
        await _host.Scheduler.ApplyAsync(account, new SyncSchedule(60, 60, 0));
        var first = await _host.Scheduler.NextRunsAsync(account);
        await Task.Delay(1100);

        // Same policy applied again (e.g. the account was edited but not its frequencies): nothing moves.
        await _host.Scheduler.ApplyAsync(account, new SyncSchedule(60, 60, 0));
        var same = await _host.Scheduler.NextRunsAsync(account);
        Assert.Equal(first[SyncKind.Hosts], same[SyncKind.Hosts]);
        Assert.Equal(first[SyncKind.Resources], same[SyncKind.Resources]);

        // Hosts from hourly to every 2 minutes: the next run comes 2 minutes after the schedule was set, not in an hour.
        await _host.Scheduler.ApplyAsync(account, new SyncSchedule(2, 60, 0));
        var changed = await _host.Scheduler.NextRunsAsync(account);
        Assert.True(changed[SyncKind.Hosts] < first[SyncKind.Hosts]!.Value.AddMinutes(-57), $"next host sync {changed[SyncKind.Hosts]:O}, was {first[SyncKind.Hosts]:O}");
        Assert.InRange(changed[SyncKind.Hosts]!.Value, DateTimeOffset.UtcNow.AddSeconds(100), DateTimeOffset.UtcNow.AddMinutes(2));
        Assert.Equal(first[SyncKind.Resources], changed[SyncKind.Resources]);
        var trigger = (ISimpleTrigger)(await (await _host.QuartzAsync()).GetTrigger(SyncJobKeys.Periodic(account, SyncKind.Hosts)))!;
        Assert.Equal(TimeSpan.FromMinutes(2), trigger.RepeatInterval);
    }

    [Fact]
    public async Task A_changed_frequency_runs_at_once_when_the_new_interval_has_already_passed()
    {
        var account = Guid.NewGuid();
        await _host.Scheduler.ApplyIntervalAsync(account, SyncKind.Resources, TimeSpan.FromHours(1));
        await Task.Delay(2200);
        // Every 2 seconds, set more than 2 seconds ago: overdue under the new policy, so it runs now rather than in an hour.
        await _host.Scheduler.ApplyIntervalAsync(account, SyncKind.Resources, TimeSpan.FromSeconds(2));
        await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account, SyncKind.Resources).Count >= 1, TimeSpan.FromSeconds(2.5),
            "a resource sync right after its frequency changed to one already overdue");
    }

    [Fact]
    public async Task Trigger_now_runs_once_at_once_even_when_the_kind_is_off()
    {
        var account = Guid.NewGuid();
        await _host.Scheduler.ApplyAsync(account, new SyncSchedule(60, 0, 0));

        var asked = DateTimeOffset.UtcNow;
        await _host.Scheduler.TriggerNowAsync(account, SyncKind.Resources);
        await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account, SyncKind.Resources).Count >= 1, TimeSpan.FromSeconds(3),
            "the resource sync asked for now");
        Assert.True(_recorder.RunsOf(account, SyncKind.Resources)[0].Started - asked < TimeSpan.FromSeconds(2));

        await Task.Delay(2000);
        Assert.Single(_recorder.RunsOf(account, SyncKind.Resources));
        Assert.Empty(_recorder.RunsOf(account, SyncKind.Hosts));
        // Still off: the one-shot trigger is gone and no periodic one appeared; the durable job stays for the next "now".
        Assert.Null((await _host.Scheduler.NextRunsAsync(account))[SyncKind.Resources]);
        var quartz = await _host.QuartzAsync();
        Assert.False(await quartz.Exists(SyncJobKeys.Now(account, SyncKind.Resources)));
        Assert.True(await quartz.Exists(SyncJobKeys.Job(account, SyncKind.Resources)));

        await _host.Scheduler.TriggerNowAsync(account, SyncKind.Resources);
        await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account, SyncKind.Resources).Count >= 2, TimeSpan.FromSeconds(3),
            "a second sync-now of the same kind");
    }

    [Fact]
    public async Task Trigger_now_for_an_account_never_scheduled_runs_it()
    {
        var account = Guid.NewGuid();
        await _host.Scheduler.TriggerNowAsync(account, SyncKind.HealthCheck);
        await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account, SyncKind.HealthCheck).Count == 1, TimeSpan.FromSeconds(3),
            "a health check asked for now");
    }

    [Fact]
    public async Task Remove_deletes_every_job_and_trigger_of_the_account_and_no_other()
    {
        var account = Guid.NewGuid();
        var other = Guid.NewGuid();
        await _host.Scheduler.ApplyAsync(account, new SyncSchedule(15, 60, 30));
        await _host.Scheduler.ApplyAsync(other, new SyncSchedule(15, 0, 0));

        await _host.Scheduler.RemoveAsync(account);

        var quartz = await _host.QuartzAsync();
        foreach (var kind in SyncJobKeys.AllKinds)
        {
            Assert.False(await quartz.Exists(SyncJobKeys.Job(account, kind)));
            Assert.False(await quartz.Exists(SyncJobKeys.Periodic(account, kind)));
        }
        Assert.All((await _host.Scheduler.NextRunsAsync(account)).Values, v => Assert.Null(v));
        Assert.NotNull((await _host.Scheduler.NextRunsAsync(other))[SyncKind.Hosts]);
        await _host.Scheduler.RemoveAsync(account); // removing twice is fine
    }

    [Fact]
    public async Task A_runner_that_says_the_account_is_gone_removes_the_account_s_jobs()
    {
        var account = Guid.NewGuid();
        await _host.Scheduler.ApplyAsync(account, new SyncSchedule(60, 60, 60));
        _recorder.MarkGone(account);

        await _host.Scheduler.TriggerNowAsync(account, SyncKind.Hosts);
        await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account).Count >= 1, TimeSpan.FromSeconds(3), "the run that finds the account gone");

        var quartz = await _host.QuartzAsync();
        await RunRecorder.WaitUntilAsync(() => !SyncJobKeys.AllKinds.Any(k => quartz.Exists(SyncJobKeys.Job(account, k)).AsTask().Result),
            TimeSpan.FromSeconds(3), "the account's jobs deleted");
        Assert.All((await _host.Scheduler.NextRunsAsync(account)).Values, v => Assert.Null(v));
        Assert.Single(_recorder.RunsOf(account));
    }

    [Fact]
    public async Task Negative_minutes_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _host.Scheduler.ApplyAsync(Guid.NewGuid(), new SyncSchedule(-1, 0, 0)));
    }
}
