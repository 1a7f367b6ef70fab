using Portal.Domain.Sync;

namespace Portal.Jobs.Tests;

/// <summary>[DisallowConcurrentExecution] keyed per account and kind: one kind of one account never runs twice at once,
/// while other accounts and other kinds of the same account do run side by side.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly SqliteFile _db = new();
    private readonly RunRecorder _recorder = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task One_account_and_kind_never_runs_twice_at_once_while_other_accounts_and_kinds_run_concurrently()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        _recorder.SetDuration(a, TimeSpan.FromMilliseconds(1500));
        _recorder.SetDuration(b, TimeSpan.FromMilliseconds(1500));
        await using var host = await JobsHost.Build(_db.Options(), _recorder).StartAsync();

        // A's host sync every second but each run takes 1.5 s, and "now" pressed again and again on top of it.
        await host.Scheduler.ApplyIntervalAsync(a, SyncKind.Hosts, TimeSpan.FromSeconds(1));
        await host.Scheduler.ApplyIntervalAsync(b, SyncKind.Hosts, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 6; i++)
        {
            await host.Scheduler.TriggerNowAsync(a, SyncKind.Hosts);
            await host.Scheduler.TriggerNowAsync(a, SyncKind.Resources);
            await Task.Delay(300);
        }
        await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(a, SyncKind.Hosts).Count >= 3 && _recorder.RunsOf(b, SyncKind.Hosts).Count >= 3,
            TimeSpan.FromSeconds(15), "three host syncs each of accounts A and B");
        await host.Scheduler.RemoveAsync(a);
        await host.Scheduler.RemoveAsync(b);
        await host.StopAsync(); // waits for the runs in progress

        Assert.Equal(1, _recorder.MaxConcurrent(a, SyncKind.Hosts));
        Assert.Equal(1, _recorder.MaxConcurrent(a, SyncKind.Resources));
        Assert.Equal(1, _recorder.MaxConcurrent(b, SyncKind.Hosts));
        AssertNoOverlap(_recorder.RunsOf(a, SyncKind.Hosts));
        AssertNoOverlap(_recorder.RunsOf(b, SyncKind.Hosts));
        // The resource sync pressed six times, 300 ms apart, each run taking 1.5 s: a press while a run is going on or one
        // is waiting adds nothing, so one or two runs, not six.
        Assert.InRange(_recorder.RunsOf(a, SyncKind.Resources).Count, 1, 2);

        Assert.True(Overlapping(_recorder.RunsOf(a, SyncKind.Hosts), _recorder.RunsOf(b, SyncKind.Hosts)),
            "host syncs of two different accounts should run at the same time");
        Assert.True(Overlapping(_recorder.RunsOf(a, SyncKind.Hosts), _recorder.RunsOf(a, SyncKind.Resources)),
            "the host sync and the resource sync of one account should run at the same time");
    }

    private static void AssertNoOverlap(IReadOnlyList<RunRecorder.Run> runs)
    {
        var ordered = runs.OrderBy(r => r.Started).ToList();
        for (var i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i].Started >= ordered[i - 1].Ended,
                $"run {i} started at {ordered[i].Started:HH:mm:ss.fff} before run {i - 1} ended at {ordered[i - 1].Ended:HH:mm:ss.fff}");
    }

    private static bool Overlapping(IEnumerable<RunRecorder.Run> xs, IEnumerable<RunRecorder.Run> ys) =>
        xs.Any(x => ys.Any(y => x.Started < y.Ended && y.Started < x.Ended));
}
