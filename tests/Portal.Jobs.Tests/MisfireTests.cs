using Portal.Domain.Sync;

namespace Portal.Jobs.Tests;

/// <summary>After downtime a periodic sync runs once, at once, and carries on; it does not replay every missed slot.</summary>
public sealed class MisfireTests : IDisposable
{
    private readonly SqliteFile _db = new();
    private readonly RunRecorder _recorder = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Six_seconds_of_downtime_on_a_one_second_schedule_give_one_catch_up_run_not_six()
    {
        var account = Guid.NewGuid();
        DateTimeOffset stopped;
        await using (var host = await JobsHost.Build(_db.Options(), _recorder).StartAsync())
        {
            await host.Scheduler.ApplyIntervalAsync(account, SyncKind.Hosts, TimeSpan.FromSeconds(1));
            await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account).Count >= 2, TimeSpan.FromSeconds(8), "two runs before the downtime");
            await host.StopAsync();
            stopped = DateTimeOffset.UtcNow;
        }
        var beforeDowntime = _recorder.RunsOf(account).Count;

        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(beforeDowntime, _recorder.RunsOf(account).Count);

        await using (var host = JobsHost.Build(_db.Options(), _recorder))
        {
            var restarted = DateTimeOffset.UtcNow;
            await host.StartAsync();
            // Watch for 2.5 s: a catch-up burst would run the six missed slots back to back (plus the regular ones).
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            await host.StopAsync();

            var after = _recorder.RunsOf(account).Skip(beforeDowntime).ToList();
            var fires = host.Fires.Fires;
            Assert.NotEmpty(after);
            // The first run after the restart came at once rather than waiting for a later slot...
            Assert.True(after[0].Started - restarted < TimeSpan.FromSeconds(2.5),
                $"first run {(after[0].Started - restarted).TotalSeconds:0.00} s after the restart");
            // ...and it was one run standing for the whole missed period: no firing ran for a slot inside the downtime.
            var missedSlots = fires.Where(f => f.ScheduledFireTimeUtc > stopped.AddSeconds(1) && f.ScheduledFireTimeUtc < restarted.AddSeconds(-0.5)).ToList();
            Assert.True(missedSlots.Count == 0,
                $"runs for slots missed during the downtime: {string.Join(", ", missedSlots.Select(f => f.ScheduledFireTimeUtc?.ToString("HH:mm:ss.fff")))}");
            // In 2.5 s on a 1 s schedule: the catch-up run and the regular ones after it, nowhere near 6 + 2.
            Assert.InRange(after.Count, 1, 4);
        }
    }
}
