using Portal.Domain.Sync;

namespace Portal.Jobs.Tests;

/// <summary>The schedule lives in the database: it fires, and a new process on the same SQLite file still has it.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly SqliteFile _db = new();
    private readonly RunRecorder _recorder = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Two_second_schedule_fires_repeatedly_and_survives_a_restart()
    {
        var account = Guid.NewGuid();
        await using (var host = await JobsHost.Build(_db.Options(), _recorder).StartAsync())
        {
            await host.Scheduler.ApplyIntervalAsync(account, SyncKind.Hosts, TimeSpan.FromSeconds(2));
            await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account, SyncKind.Hosts).Count >= 2, TimeSpan.FromSeconds(10),
                "two host syncs of the account on a 2 s schedule");
            var runs = _recorder.RunsOf(account, SyncKind.Hosts);
            var gap = runs[1].Started - runs[0].Started;
            Assert.InRange(gap.TotalSeconds, 1.0, 3.5);
            await host.StopAsync();
        }

        var before = _recorder.RunsOf(account).Count;
        await using (var host = JobsHost.Build(_db.Options(start: false), _recorder))
        {
            await host.StartAsync();
            // The new process reads the trigger from the file before anything is applied again.
            var next = await host.Scheduler.NextRunsAsync(account);
            Assert.NotNull(next[SyncKind.Hosts]);
            Assert.Null(next[SyncKind.Resources]);
            Assert.Null(next[SyncKind.HealthCheck]);
            var quartz = await host.QuartzAsync();
            var trigger = await quartz.GetTrigger(SyncJobKeys.Periodic(account, SyncKind.Hosts));
            Assert.NotNull(trigger);
            Assert.Equal(TimeSpan.FromSeconds(2), ((Quartz.ISimpleTrigger)trigger!).RepeatInterval);

            await quartz.Start();
            await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account).Count >= before + 2, TimeSpan.FromSeconds(10),
                "the restored trigger firing in the new host");
            Assert.All(_recorder.RunsOf(account), r => Assert.Equal(SyncKind.Hosts, r.Kind));
        }
    }
}
