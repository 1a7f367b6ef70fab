using Portal.Domain.Response;

namespace Portal.Web.Hosting;

public static class ContainmentRegistration
{
    /// <summary>The response feature: options (Portal:Response), service, executor and this node's background worker.</summary>
    public static IServiceCollection AddPortalResponse(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Portal:Response").Get<ContainmentOptions>() ?? new ContainmentOptions();
        services.AddSingleton(options);
        services.AddSingleton<ContainmentBoard>();
        services.AddSingleton<ContainmentWorkSignal>();
        services.AddSingleton<ContainmentExecutor>();
        services.AddSingleton<ContainmentWorker>();
        services.AddSingleton<ContainmentService>();
        services.AddSingleton<IContainmentRequests>(sp => sp.GetRequiredService<ContainmentService>());
        services.AddHostedService<ContainmentWorkerHost>();
        return services;
    }
}

/// <summary>Runs this node's containment worker for the life of the host.</summary>
public sealed class ContainmentWorkerHost(ContainmentWorker worker) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(stoppingToken);
}
