using System.Diagnostics;
using AzureSim;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Azure;
using Portal.Data;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Security;
using Portal.Domain.Sync;

namespace Portal.Benchmarks;

/// <summary>
/// Onboards a generated N-VM subscription served by AzureSim over HTTPS (real SDK), syncs its hosts into a real
/// SQLite database, then measures the hosts page's queries over 100,000 stored hosts.
/// </summary>
public static class HostSyncBenchmark
{
    public static async Task RunAsync(int vmCount, int storedHosts)
    {
        Console.WriteLine($"== Host sync: {vmCount:N0} VMs from AzureSim, SQLite store ==");
        await using var sim = await AzureSimHost.StartAsync(new AzureSimOptions { Seed = $"large:{vmCount}" });
        var responder = sim.Clients.First(c => c.Roles.Contains("Virtual Machine Contributor"));
        var dir = Directory.CreateTempSubdirectory("portal-bench-").FullName;
        try
        {
            var services = new ServiceCollection().AddLogging();
            services.AddPortalData(DatabaseProvider.Sqlite, PortalDataExtensions.DefaultSqliteConnectionString(dir), Path.Combine(dir, "keys"));
            var connector = new AzureCloudConnector(new AzureConnectorOptions().OverrideAllClouds(new AzureEndpointOverride
            {
                AuthorityHost = sim.AuthorityHost, ArmEndpoint = sim.ArmEndpoint, ArmAudience = sim.ArmAudience, TrustedCertificate = sim.Certificate,
            }));
            services.AddSingleton<ICloudConnector>(connector);
            services.AddSingleton<ISyncScheduler, NoSchedule>();
            services.AddSingleton<SyncProgressBoard>();
            services.AddSingleton(new PortalNode("benchmark"));
            services.AddSingleton<OnboardingService>();
            services.AddSingleton<HostSyncService>();
            await using var sp = services.BuildServiceProvider();
            await using (var db = await sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            var onboarding = sp.GetRequiredService<OnboardingService>();
            var clock = Stopwatch.StartNew();
            var onboarded = await onboarding.OnboardAsync(new OnboardingRequest
            {
                Name = "bench", TenantId = sim.TenantId, ClientId = responder.ClientId, ClientSecret = responder.Secret,
                SubscriptionIds = [sim.SubscriptionId], Features = [CloudFeature.Hosts],
            }, "bench", null);
            if (!onboarded.Ok) throw new InvalidOperationException($"{onboarded.Problem!.Code}: {onboarded.Problem.Detail}");
            var onboardTime = clock.Elapsed;
            Console.WriteLine($"onboard (token, subscription, regions, permissions, VM count): {onboardTime.TotalSeconds:F2} s");

            var armBefore = connector.Metrics.ArmRequests;
            var simBefore = sim.RequestCount;
            clock.Restart();
            await sp.GetRequiredService<HostSyncService>().SyncAsync(onboarded.Value.Account.Id, CancellationToken.None);
            var syncTime = clock.Elapsed;
            var count = (await sp.GetRequiredService<IHostStore>().CountAsync()).Total;
            Console.WriteLine($"host sync wall time: {syncTime.TotalSeconds:F2} s for {count:N0} hosts stored");
            Console.WriteLine($"VMs per second: {count / syncTime.TotalSeconds:N0}");
            Console.WriteLine($"ARM requests for the sync: {connector.Metrics.ArmRequests - armBefore} (simulator counted {sim.RequestCount - simBefore})");

            clock.Restart();
            await sp.GetRequiredService<HostSyncService>().SyncAsync(onboarded.Value.Account.Id, CancellationToken.None);
            Console.WriteLine($"second sync (all hosts known, updated in place): {clock.Elapsed.TotalSeconds:F2} s");

            await HostQueryBenchmark.RunAsync(sp, storedHosts);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class NoSchedule : ISyncScheduler
    {
        public Task ApplyAsync(Guid accountId, SyncSchedule schedule, CancellationToken ct = default) => Task.CompletedTask;
        public Task TriggerNowAsync(Guid accountId, SyncKind kind, CancellationToken ct = default) => Task.CompletedTask;
        public Task RemoveAsync(Guid accountId, CancellationToken ct = default) => Task.CompletedTask;
        public Task<IReadOnlyDictionary<SyncKind, DateTimeOffset?>> NextRunsAsync(Guid accountId, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyDictionary<SyncKind, DateTimeOffset?>>(new Dictionary<SyncKind, DateTimeOffset?>());
    }
}
