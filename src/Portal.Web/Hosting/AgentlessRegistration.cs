using Microsoft.Extensions.Options;
using Portal.Domain.Agentless;

namespace Portal.Web.Hosting;

public static class AgentlessRegistration
{
    /// <summary>Agentless detection: options (Portal:Agentless, validated at start-up), the scan service, limiter, progress
    /// board and this node's worker (which sweeps old portal snapshots and fails orphaned scans at start).</summary>
    public static IServiceCollection AddPortalAgentless(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentlessOptions>().Bind(configuration.GetSection(AgentlessOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentlessOptions>, AgentlessOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AgentlessOptions>>().Value);
        services.AddSingleton<AgentlessLimiter>();
        services.AddSingleton<AgentlessProgressBoard>();
        services.AddSingleton<AgentlessWorkSignal>();
        services.AddSingleton<IDiskOpener, DiskImageOpener>();
        services.AddSingleton<AgentlessScanService>();
        services.AddSingleton<AgentlessWorker>();
        services.AddHostedService<AgentlessWorkerHost>();
        return services;
    }
}

public sealed class AgentlessOptionsValidator : IValidateOptions<AgentlessOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentlessOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}

/// <summary>Runs this node's agentless worker for the life of the host.</summary>
public sealed class AgentlessWorkerHost(AgentlessWorker worker) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(stoppingToken);
}
