using System.Collections.Concurrent;
using Quartz;
using Quartz.Extensibility;

namespace Portal.Jobs.Tests;

/// <summary>Each firing as Quartz saw it: which trigger, its scheduled time, the fire instance and the node that ran it.</summary>
public sealed class FireLog : IJobListener
{
    public sealed record Fire(string JobName, string TriggerGroup, DateTimeOffset? ScheduledFireTimeUtc, DateTimeOffset FireTimeUtc,
        string FireInstanceId, string SchedulerInstanceId);

    private readonly ConcurrentQueue<Fire> _fires = new();

    public string Name { get; } = "test-fire-log-" + Guid.NewGuid().ToString("N")[..6];

    public IReadOnlyList<Fire> Fires => _fires.ToArray();

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        _fires.Enqueue(new Fire(context.JobDetail.Key.Name, context.Trigger.Key.Group, context.ScheduledFireTimeUtc, context.FireTimeUtc,
            context.FireInstanceId, context.Scheduler.SchedulerInstanceId));
        return ValueTask.CompletedTask;
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public ValueTask JobProgressChanged(IJobExecutionContext context, FireInstanceProgress progress, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public async Task AttachToAsync(IScheduler scheduler)
    {
        scheduler.ListenerManager.AddJobListener(this, [Matchers.AllJobs()]);
        await Task.CompletedTask;
    }
}
