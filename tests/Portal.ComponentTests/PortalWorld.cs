using AzureSim;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using MudBlazor.Services;
using Portal.Azure;
using Portal.Data;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Risks;
using Portal.Domain.Sync;
using Portal.Jobs;
using Bunit;
using Microsoft.AspNetCore.Http;

namespace Portal.ComponentTests;

/// <summary>
/// What the wizard and the accounts page run on, for real: AzureSim's demo tenant over HTTPS through the Azure connector,
/// a migrated SQLite store, the onboarding and sync services, and the Quartz scheduler (started, on a SQLite file of its
/// own) that runs the syncs "Sync now" asks for.
/// </summary>
public sealed class PortalWorld : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "portal-comp-" + Guid.NewGuid().ToString("N")[..8]);
    public AzureSimHost Sim { get; private set; } = null!;
    public IHost Host { get; private set; } = null!;
    public IServiceProvider Services => Host.Services;

    public async Task InitializeAsync()
    {
        Sim = await AzureSimHost.StartAsync(new AzureSimOptions { Seed = "demo" });
        var options = new AzureConnectorOptions();
        options.OverrideAllClouds(new AzureEndpointOverride
        {
            AuthorityHost = Sim.AuthorityHost, ArmEndpoint = Sim.ArmEndpoint, ArmAudience = Sim.ArmAudience, HandlerFactory = Sim.CreateTrustingHandler,
        });
        Directory.CreateDirectory(_dir);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var s = builder.Services;
        s.AddPortalData(DatabaseProvider.Sqlite, PortalDataExtensions.DefaultSqliteConnectionString(_dir), Path.Combine(_dir, "keys"));
        s.AddSingleton<ICloudConnector>(new AzureCloudConnector(options));
        s.AddSingleton(new PortalNode("component-tests"));
        s.AddSingleton<SyncProgressBoard>();
        s.AddSingleton<OnboardingService>();
        s.AddSingleton<SyncNowService>();
        s.AddSingleton<HostSyncService>();
        s.AddSingleton<ResourceSyncService>();
        s.AddSingleton<CredentialHealthService>();
        s.AddSingleton<IAccountSyncRunner, AccountSyncRunner>();
        s.AddPortalJobs(new PortalJobsOptions
        {
            Provider = PortalJobsOptions.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(_dir, "quartz.db")}",
            InstanceId = "component-tests",
            IdleWaitTime = TimeSpan.FromSeconds(1),
        });
        Host = builder.Build();
        await using (var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync()) await db.Database.MigrateAsync();
        await Host.StartAsync();
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A bUnit context with MudBlazor and the world's services, signed in with the given portal policies.</summary>
    public BunitContext Context(params string[] policies)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        foreach (var type in new[] { typeof(OnboardingService), typeof(SyncNowService), typeof(SyncProgressBoard), typeof(IAccountStore), typeof(ISyncScheduler), typeof(TimeProvider) })
            ctx.Services.AddSingleton(type, Services.GetRequiredService(type));
        ctx.Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor());
        ctx.Services.AddSingleton(Get<IDataProtectionProvider>());
        ctx.Services.AddScoped(sp => new ProtectedSessionStorage(sp.GetRequiredService<IJSRuntime>(), sp.GetRequiredService<IDataProtectionProvider>()));
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized("admin@portal.test");
        auth.SetRoles("Admin");
        auth.SetPolicies(policies);
        return ctx;
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        await Sim.DisposeAsync();
    }
}
