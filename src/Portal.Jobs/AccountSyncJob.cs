using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Domain.Sync;
using Quartz;

namespace Portal.Jobs;

/// <summary>One run of one kind of sync for one account. The job is stored once per account and kind
/// (<see cref="SyncJobKeys.Job"/>), and [DisallowConcurrentExecution] holds back every trigger of that job while one of its
/// runs is going on — on every node of a cluster, because the store keeps the "blocked" state in the database.</summary>
[DisallowConcurrentExecution]
public sealed class AccountSyncJob(IServiceScopeFactory scopes, ILogger<AccountSyncJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        if (!Guid.TryParse(data.GetString(SyncJobKeys.AccountIdKey), out var accountId)
            || !Enum.TryParse<SyncKind>(data.GetString(SyncJobKeys.KindKey), out var kind))
        {
            logger.LogError("Job {JobKey} has no usable account id or kind in its data; deleting it.", context.JobDetail.Key);
            await context.Scheduler.DeleteJob(context.JobDetail.Key, CancellationToken.None);
            return;
        }

        bool accountExists;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var runner = scope.ServiceProvider.GetRequiredService<IAccountSyncRunner>();
            try
            {
                accountExists = await runner.RunAsync(accountId, kind, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // The runner records failures on the account itself; one that still escapes is logged and the schedule
                // goes on. Handing it to Quartz would count it towards the trigger's consecutive-failure limit, after which
                // the store parks the trigger in ERROR and the account silently stops syncing.
                logger.LogError(ex, "{Kind} sync of account {AccountId} failed.", kind, accountId);
                return;
            }
        }

        if (!accountExists)
        {
            logger.LogInformation("Account {AccountId} no longer exists; removing its scheduled jobs.", accountId);
            // Not the job's token: a shutdown starting now must not leave half the account's jobs behind.
            await context.Scheduler.DeleteJobs(SyncJobKeys.AllKinds.Select(k => SyncJobKeys.Job(accountId, k)).ToList(),
                CancellationToken.None);
        }
    }
}
