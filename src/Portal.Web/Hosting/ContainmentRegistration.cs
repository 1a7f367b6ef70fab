using Microsoft.Extensions.Options;
using Portal.Domain.Response;

namespace Portal.Web.Hosting;

public static class ContainmentRegistration
{
    /// <summary>The response feature: options (Portal:Response), service, executor and this node's background worker.</summary>
    public static IServiceCollection AddPortalResponse(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContainmentOptions>().Bind(configuration.GetSection("Portal:Response")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ContainmentOptions>, ContainmentOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ContainmentOptions>>().Value);
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

/// <summary>Start-up validation of Portal:Response, one failure per bad value.</summary>
public sealed class ContainmentOptionsValidator : IValidateOptions<ContainmentOptions>
{
    public ValidateOptionsResult Validate(string? name, ContainmentOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}

/// <summary>Runs this node's containment worker for the life of the host.</summary>
public sealed class ContainmentWorkerHost(ContainmentWorker worker) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(stoppingToken);
}
