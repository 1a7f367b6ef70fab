using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Domain.Sync;

namespace Portal.Jobs.Tests;

public sealed class HealthCheckTests : IDisposable
{
    private readonly SqliteFile _db = new();
    private readonly RunRecorder _recorder = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Healthy_when_started_unhealthy_in_standby_and_after_shutdown()
    {
        await using var host = await JobsHost.Build(_db.Options(), _recorder).StartAsync();
        await host.Scheduler.ApplyAsync(Guid.NewGuid(), new SyncSchedule(15, 60, 0));

        var report = await host.HealthAsync();
        var entry = report.Entries[PortalJobsExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(false, entry.Data["clustered"]);
        Assert.Equal(2, entry.Data["jobCount"]);
        Assert.False(string.IsNullOrEmpty((string)entry.Data["instanceId"]));
        Assert.Equal("portal", entry.Data["instanceName"]);

        var quartz = await host.QuartzAsync();
        await quartz.Standby();
        entry = (await host.HealthAsync()).Entries[PortalJobsExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("standby", entry.Description);

        await quartz.Start();
        Assert.Equal(HealthStatus.Healthy, (await host.HealthAsync()).Status);

        await host.StopAsync();
        entry = (await host.HealthAsync()).Entries[PortalJobsExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("shut down", entry.Description);
    }

    [Fact]
    public async Task Unhealthy_when_the_host_leaves_the_scheduler_unstarted()
    {
        await using var host = await JobsHost.Build(_db.Options(start: false), _recorder).StartAsync();
        var entry = (await host.HealthAsync()).Entries[PortalJobsExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
    }
}
