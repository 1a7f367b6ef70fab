using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Portal.Domain.Sync;
using Quartz;
using Xunit.Abstractions;

namespace Portal.Jobs.Tests;

/// <summary>Two portal hosts, clustered on one PostgreSQL database: every firing runs on exactly one of them, and when one
/// stops the other carries on.</summary>
public sealed class ClusteringTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private readonly RunRecorder _recorder = new();

    private PortalJobsOptions Options(string node) => new()
    {
        Provider = PortalJobsOptions.Postgres,
        ConnectionString = database.ConnectionString,
        InstanceId = node,
        IdleWaitTime = TimeSpan.FromSeconds(1),
        ClusterCheckinInterval = TimeSpan.FromSeconds(2),
        ClusterCheckinMisfireThreshold = TimeSpan.FromSeconds(4),
    };

    [Fact]
    public async Task Each_firing_runs_on_exactly_one_node_and_the_survivor_keeps_firing()
    {
        var a = JobsHost.Build(Options("node-a"), _recorder, "node-a");
        var b = JobsHost.Build(Options("node-b"), _recorder, "node-b");
        await using var _a = a;
        await using var _b = b;
        // Both start at once on an empty database: both provision Quartz's schema, and both must come up.
        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        var health = (await a.HealthAsync()).Entries[PortalJobsExtensions.HealthCheckName];
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal(true, health.Data["clustered"]);
        Assert.Equal("node-a", health.Data["instanceId"]);

        // Four accounts every 2 s, each run 300 ms, scheduled through node A; node B reads the same schedule.
        var accounts = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        foreach (var account in accounts)
        {
            _recorder.SetDuration(account, TimeSpan.FromMilliseconds(300));
            await a.Scheduler.ApplyIntervalAsync(account, SyncKind.Hosts, TimeSpan.FromSeconds(2));
        }
        Assert.NotNull((await b.Scheduler.NextRunsAsync(accounts[0]))[SyncKind.Hosts]);

        await Task.Delay(TimeSpan.FromSeconds(12));

        var nodes = await (await a.QuartzAsync()).QueryClusterNodes();
        Assert.Contains(nodes, n => n.InstanceId == "node-a" && n.State == ClusterNodeState.Alive);
        Assert.Contains(nodes, n => n.InstanceId == "node-b" && n.State == ClusterNodeState.Alive);

        var fires = a.Fires.Fires.Concat(b.Fires.Fires).Where(f => f.TriggerGroup == SyncJobKeys.Group).ToList();
        var runs = _recorder.Runs;
        // 4 accounts x ~6 slots in 12 s.
        Assert.InRange(fires.Count, 16, 30);
        // Every scheduled slot of every account ran once, on one node.
        var twice = fires.GroupBy(f => (f.JobName, f.ScheduledFireTimeUtc)).Where(g => g.Count() > 1).ToList();
        Assert.True(twice.Count == 0, "slots that ran more than once: " +
            string.Join("; ", twice.Select(g => $"{g.Key.JobName} {g.Key.ScheduledFireTimeUtc:HH:mm:ss.fff} on {string.Join("+", g.Select(f => f.SchedulerInstanceId))}")));
        Assert.Equal(fires.Count, fires.Select(f => f.FireInstanceId).Distinct().Count());
        // And never one account on both nodes at the same time.
        foreach (var account in accounts)
            Assert.Equal(1, _recorder.MaxConcurrent(account, SyncKind.Hosts));
        var perNode = fires.GroupBy(f => f.SchedulerInstanceId).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(fires.All(f => f.SchedulerInstanceId is "node-a" or "node-b"));
        // Both nodes took work (the store hands each due trigger to whichever node acquires it first).
        Assert.True(perNode.Count == 2, $"firings per node: {string.Join(", ", perNode.Select(kv => $"{kv.Key}={kv.Value}"))}");
        output.WriteLine($"{fires.Count} firings in 12 s: {string.Join(", ", perNode.Select(kv => $"{kv.Key} ran {kv.Value}"))}");

        // Node A stops (as a portal process does on deploy); B carries on alone with every account.
        await a.StopAsync();
        var stopped = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(6));
        var afterStop = _recorder.Runs.Where(r => r.Started > stopped).ToList();
        Assert.All(afterStop, r => Assert.Equal("node-b", r.Node));
        foreach (var account in accounts)
            Assert.True(afterStop.Count(r => r.AccountId == account) >= 2,
                $"account {account} ran {afterStop.Count(r => r.AccountId == account)} times on node B in the 6 s after node A stopped " +
                $"(before: {string.Join(", ", perNode.Select(kv => $"{kv.Key}={kv.Value}"))})");
        var bFires = b.Fires.Fires.Where(f => f.FireTimeUtc > stopped).ToList();
        Assert.Equal(bFires.Count, bFires.Select(f => (f.JobName, f.ScheduledFireTimeUtc)).Distinct().Count());
        output.WriteLine($"after node A stopped: {afterStop.Count} runs on node B in 6 s");

        foreach (var account in accounts) await b.Scheduler.RemoveAsync(account);
    }

    [Fact]
    public async Task Both_nodes_applying_and_triggering_one_account_at_once_store_one_schedule_and_run_once()
    {
        var a = JobsHost.Build(Options("node-c"), _recorder, "node-c");
        var b = JobsHost.Build(Options("node-d"), _recorder, "node-d");
        await using var _a = a;
        await using var _b = b;
        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        // The same policy saved through both portal instances at the same moment.
        var account = Guid.NewGuid();
        var policy = new SyncSchedule(30, 60, 0);
        await Task.WhenAll(a.Scheduler.ApplyAsync(account, policy), b.Scheduler.ApplyAsync(account, policy));
        var fromA = await a.Scheduler.NextRunsAsync(account);
        var fromB = await b.Scheduler.NextRunsAsync(account);
        Assert.Equal(fromA, fromB);
        Assert.NotNull(fromA[SyncKind.Hosts]);

        // "Sync now" pressed on both at once: one run in the cluster.
        _recorder.SetDuration(account, TimeSpan.FromMilliseconds(500));
        await Task.WhenAll(a.Scheduler.TriggerNowAsync(account, SyncKind.HealthCheck), b.Scheduler.TriggerNowAsync(account, SyncKind.HealthCheck));
        await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account).Count >= 1, TimeSpan.FromSeconds(5), "the health check asked for now");
        await Task.Delay(2500);
        Assert.Single(_recorder.RunsOf(account));

        await a.Scheduler.RemoveAsync(account);
        Assert.All((await b.Scheduler.NextRunsAsync(account)).Values, v => Assert.Null(v));
    }

    [Fact]
    public async Task One_account_and_kind_never_runs_on_two_nodes_at_once()
    {
        var a = JobsHost.Build(Options("node-e"), _recorder, "node-e");
        var b = JobsHost.Build(Options("node-f"), _recorder, "node-f");
        await using var _a = a;
        await using var _b = b;
        await Task.WhenAll(a.StartAsync(), b.StartAsync());

        // Runs of 2.5 s on a 1 s schedule, and "now" pressed on both nodes meanwhile: every node has a due trigger of
        // the job while another node is running it.
        var account = Guid.NewGuid();
        _recorder.SetDuration(account, TimeSpan.FromMilliseconds(2500));
        await a.Scheduler.ApplyIntervalAsync(account, SyncKind.Hosts, TimeSpan.FromSeconds(1));
        for (var i = 0; i < 8; i++)
        {
            await (i % 2 == 0 ? a : b).Scheduler.TriggerNowAsync(account, SyncKind.Hosts);
            await Task.Delay(1000);
        }
        await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account).Count >= 3, TimeSpan.FromSeconds(10), "three runs");
        await a.Scheduler.RemoveAsync(account);
        await Task.WhenAll(a.StopAsync(), b.StopAsync());

        Assert.Equal(1, _recorder.MaxConcurrent(account, SyncKind.Hosts));
        var ordered = _recorder.RunsOf(account).OrderBy(r => r.Started).ToList();
        for (var i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i].Started >= ordered[i - 1].Ended,
                $"run {i} on {ordered[i].Node} started before run {i - 1} on {ordered[i - 1].Node} ended");
        output.WriteLine($"{ordered.Count} runs: {string.Join(", ", ordered.Select(r => r.Node))}");
    }

    [Fact]
    public async Task A_run_on_a_node_that_dies_is_run_again_by_the_survivor()
    {
        var a = JobsHost.Build(Options("node-g"), _recorder, "node-g");
        var b = JobsHost.Build(Options("node-h"), _recorder, "node-h");
        await using var _a = a;
        await using var _b = b;
        var hang = _recorder.HangOn("node-g");
        try
        {
            // Node G alone takes the run, and hangs in it.
            await a.StartAsync();
            var account = Guid.NewGuid();
            await a.Scheduler.TriggerNowAsync(account, SyncKind.Hosts);
            await RunRecorder.WaitUntilAsync(() => _recorder.StartedCount(account) == 1, TimeSpan.FromSeconds(5), "the run on node G");
            await b.StartAsync();

            // Node G dies: its scheduler stops without waiting (no more check-ins) while its run never ends.
            var died = DateTimeOffset.UtcNow;
            await (await a.QuartzAsync()).Shutdown(waitForJobsToComplete: false);

            // Node H declares G dead after its check-in interval plus threshold (2 + 4 s here) and runs the job again.
            await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account).Any(r => r.Node == "node-h"), TimeSpan.FromSeconds(20),
                "node H to recover the run node G was in when it died");
            var recovered = _recorder.RunsOf(account).Single(r => r.Node == "node-h");
            output.WriteLine($"recovered on node H {(recovered.Started - died).TotalSeconds:0.0} s after node G died");
            Assert.Contains(b.Fires.Fires, f => f.JobName == SyncJobKeys.Name(account, SyncKind.Hosts));
        }
        finally
        {
            hang.TrySetResult();
        }
    }
}
