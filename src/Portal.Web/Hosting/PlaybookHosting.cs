using Portal.Domain.Playbooks;

namespace Portal.Web.Hosting;

public static class PlaybookHosting
{
    /// <summary>Alerts, playbooks and the background executor of their runs (needs the response service's IContainmentRequests).</summary>
    public static WebApplicationBuilder AddPortalPlaybooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(new PlaybookEngineOptions());
        builder.Services.AddSingleton<PlaybookRunQueue>();
        builder.Services.AddSingleton<IPlaybookRunQueue>(sp => sp.GetRequiredService<PlaybookRunQueue>());
        builder.Services.AddSingleton<PlaybookEngine>();
        builder.Services.AddSingleton<PlaybookService>();
        builder.Services.AddSingleton<AlertService>();
        builder.Services.AddHostedService<PlaybookRunWorker>();
        return builder;
    }
}

/// <summary>Executes queued playbook runs; on start it picks up runs a stopped node left running (their steps carry idempotency
/// keys, so an action already asked for is waited for, not asked for twice).</summary>
public sealed class PlaybookRunWorker(PlaybookEngine engine, PlaybookService playbooks, PlaybookRunQueue queue, ILogger<PlaybookRunWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var run in (await playbooks.ListRunsAsync(new PlaybookRunQuery { Status = PlaybookRunStatus.Running, PageSize = 1000 }, stoppingToken)).Items)
                queue.Enqueue(run.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database may not be migrated yet on a first start: nothing can be running then.
            logger.LogDebug(ex, "Could not look for playbook runs to resume.");
        }
        await engine.ProcessQueueAsync(queue.Reader, (id, ex) => logger.LogError(ex, "Playbook run {RunId} stopped with an unexpected error.", id), stoppingToken);
    }
}
