using Portal.Domain.Sync;

namespace Portal.Jobs.Tests;

public sealed class ShutdownTests : IDisposable
{
    private readonly SqliteFile _db = new();
    private readonly RunRecorder _recorder = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Stopping_the_host_waits_for_a_running_sync_to_finish()
    {
        var account = Guid.NewGuid();
        _recorder.SetDuration(account, TimeSpan.FromSeconds(2));
        await using var host = await JobsHost.Build(_db.Options(), _recorder).StartAsync();
        await host.Scheduler.TriggerNowAsync(account, SyncKind.Hosts);
        await RunRecorder.WaitUntilAsync(() => _recorder.StartedCount(account) == 1, TimeSpan.FromSeconds(5), "the sync to start");

        await host.StopAsync();

        var run = Assert.Single(_recorder.RunsOf(account));
        Assert.False(run.Cancelled);
        Assert.True(run.Ended - run.Started >= TimeSpan.FromSeconds(1.9));
    }
}
