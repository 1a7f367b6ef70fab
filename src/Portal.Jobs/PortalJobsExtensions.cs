using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Portal.Domain.Sync;
using Quartz;

namespace Portal.Jobs;

public static class PortalJobsExtensions
{
    /// <summary>Name of the scheduler's entry in the health report.</summary>
    public const string HealthCheckName = "scheduler";

    /// <summary>Registers the scheduler: Quartz with a persistent store in the portal database (its QRTZ_* tables created at
    /// start when missing), System.Text.Json for job data, clustering on PostgreSQL, a hosted service that starts it and on
    /// shutdown waits for running syncs to finish, and <see cref="ISyncScheduler"/>. The application registers
    /// <see cref="IAccountSyncRunner"/> (scoped or singleton); each run resolves it in a scope of its own.</summary>
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, PortalJobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.AddSingleton(options);

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = options.InstanceName;
                if (options.InstanceId is { } id) s.InstanceId = id;
                s.IdleWaitTime = options.IdleWaitTime;
            });
            q.UseDefaultThreadPool(options.MaxConcurrency);
            q.UsePersistentStore(store =>
            {
                if (options.IsPostgres)
                    store.UsePostgres(NpgsqlFactory.Instance, options.ConnectionString);
                else
                    store.UseSqlite(SqliteFactory.Instance, options.ConnectionString);
                store.UseSystemTextJsonSerializer();
                // Creates only what is missing, never alters or drops; nodes starting together find the winner's tables.
                store.ProvisionSchema();
                store.ConfigureStore(o =>
                {
                    o.MisfireThreshold = options.MisfireThreshold;
                    // Job data is an account id and a kind: keep it as readable strings rather than serialized objects.
                    o.StoreJobDataAsStrings = true;
                });
                if (options.IsClustered)
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = options.ClusterCheckinInterval;
                        c.CheckinMisfireThreshold = options.ClusterCheckinMisfireThreshold;
                    });
            });
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AutoStart = options.StartScheduler;
        });

        services.TryAddTransient<AccountSyncJob>();
        services.AddSingleton<QuartzSyncScheduler>();
        services.AddSingleton<ISyncScheduler>(sp => sp.GetRequiredService<QuartzSyncScheduler>());
        services.AddSingleton<SchedulerHealthCheck>();
        return services;
    }

    /// <summary>Adds the scheduler to the health report (<c>/healthz</c>): Unhealthy when it is not started, in standby or shut
    /// down, or its store does not answer.</summary>
    public static IHealthChecksBuilder AddPortalJobsHealthCheck(this IHealthChecksBuilder builder,
        string name = HealthCheckName, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        return builder.Add(new HealthCheckRegistration(name,
            sp => sp.GetRequiredService<SchedulerHealthCheck>(), failureStatus ?? HealthStatus.Unhealthy, tags));
    }
}
