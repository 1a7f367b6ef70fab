using Portal.Azure;
using Portal.Data;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Sync;
using Portal.Jobs;
using Portal.Web.Configuration;

namespace Portal.Web.Hosting;

public static class PortalCloudExtensions
{
    /// <summary>The cloud connector (Azure, or the bundled simulator in demo mode), the account and inventory services, and the scheduler.</summary>
    public static WebApplicationBuilder AddPortalCloud(this WebApplicationBuilder builder)
    {
        var options = PortalOptions.From(builder.Configuration);
        var services = builder.Services;

        if (options.DemoMode) services.AddSingleton<DemoEnvironment>();
        services.AddSingleton(sp =>
        {
            var connectorOptions = new AzureConnectorOptions();
            // In demo mode every cloud is the bundled simulator (started by the initializer before anything calls out).
            if (sp.GetService<DemoEnvironment>() is { } demo)
                connectorOptions.OverrideAllClouds(new AzureEndpointOverride
                {
                    AuthorityHost = demo.Simulator.AuthorityHost,
                    ArmEndpoint = demo.Simulator.ArmEndpoint,
                    ArmAudience = demo.Simulator.ArmAudience,
                    TrustedCertificate = demo.Simulator.Certificate,
                });
            return connectorOptions;
        });
        services.AddSingleton<ICloudConnector>(sp => new AzureCloudConnector(sp.GetRequiredService<AzureConnectorOptions>()));
        // agentless detection reads granted snapshots' SAS URLs with the same endpoint trust as the connector
        services.AddSingleton<ISnapshotReaderFactory>(sp => new BlobSnapshotReaderFactory(sp.GetRequiredService<AzureConnectorOptions>()));

        services.AddSingleton<SyncProgressBoard>();
        services.AddSingleton<OnboardingService>();
        services.AddSingleton<HostSyncService>();
        services.AddSingleton<Portal.Domain.Risks.ResourceSyncService>();
        services.AddSingleton<CredentialHealthService>();
        services.AddSingleton<HostNetworkService>();
        services.AddSingleton<IAccountSyncRunner, AccountSyncRunner>();
        services.AddPortalResponse(builder.Configuration);
        services.AddPortalAgentless(builder.Configuration);

        // Each node of a cluster needs its own scheduler instance id; it also names the node in the audit trail.
        var nodeName = builder.Configuration["Portal:SchedulerInstanceId"];
        if (string.IsNullOrWhiteSpace(nodeName)) nodeName = $"{Environment.MachineName}-{Environment.ProcessId}";
        services.AddSingleton(new PortalNode(nodeName));
        services.AddPortalJobs(new PortalJobsOptions
        {
            Provider = options.DatabaseProvider == DatabaseProvider.Postgres ? PortalJobsOptions.Postgres : PortalJobsOptions.Sqlite,
            ConnectionString = options.ConnectionString(builder.Configuration),
            InstanceId = nodeName,
        });
        services.AddHealthChecks().AddPortalJobsHealthCheck();
        return builder;
    }
}
