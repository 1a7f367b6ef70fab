using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Portal.Jobs;

/// <summary>Healthy while the scheduler is started and firing (not in standby, not shut down) and its store answers.</summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulerFactory, PortalJobsOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IScheduler scheduler;
        try
        {
            scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Quartz's factory refuses to hand back a scheduler that has been shut down (and says so in the message).
            return new HealthCheckResult(context.Registration.FailureStatus,
                "The scheduler is not available: it has been shut down, or it could not be built. No sync runs.", ex);
        }

        var status = scheduler.Status;
        var data = new Dictionary<string, object>
        {
            ["instanceName"] = scheduler.SchedulerName,
            ["instanceId"] = scheduler.SchedulerInstanceId,
            ["clustered"] = options.IsClustered,
            ["provider"] = options.IsPostgres ? PortalJobsOptions.Postgres : PortalJobsOptions.Sqlite,
            ["status"] = status.ToString(),
        };
        if (status != SchedulerStatus.Running)
        {
            var why = status switch
            {
                SchedulerStatus.Created => "The scheduler has not been started: no sync runs.",
                SchedulerStatus.Standby => "The scheduler is in standby: no sync runs.",
                SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown => "The scheduler has been shut down: no sync runs.",
                _ => $"The scheduler is {status}: no sync runs.",
            };
            return new HealthCheckResult(context.Registration.FailureStatus, why, data: data);
        }

        try
        {
            var jobs = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(SyncJobKeys.Group), IncludeTotalCount = true, Take = 1 }, cancellationToken);
            data["jobCount"] = jobs.TotalCount ?? jobs.Items.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The scheduler's job store does not answer.", ex, data);
        }
        return HealthCheckResult.Healthy("The scheduler is running.", data);
    }
}
