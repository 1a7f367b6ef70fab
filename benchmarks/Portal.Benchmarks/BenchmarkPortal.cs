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
using Portal.Domain.Risks;
using Portal.Domain.Sync;

namespace Portal.Benchmarks;

/// <summary>The portal's services without the web host: a real SQLite database in a throw-away directory and the real Azure
/// connector pointed at a running AzureSim over HTTPS. No scheduler: the benchmarks call the sync services themselves.</summary>
public sealed class BenchmarkPortal : IAsyncDisposable
{
    private readonly string _dir;
    public ServiceProvider Services { get; }
    public AzureCloudConnector Connector { get; }
    public AzureSimHost Simulator { get; }

    private BenchmarkPortal(string dir, ServiceProvider services, AzureCloudConnector connector, AzureSimHost simulator)
    {
        _dir = dir;
        Services = services;
        Connector = connector;
        Simulator = simulator;
    }

    /// <param name="configure">Registers more services (they win over the ones above), e.g. the response feature.</param>
    public static async Task<BenchmarkPortal> StartAsync(AzureSimHost sim, Action<IServiceCollection>? configure = null)
    {
        var dir = Directory.CreateTempSubdirectory("portal-bench-").FullName;
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
        services.AddSingleton<ResourceSyncService>();
        configure?.Invoke(services);
        var sp = services.BuildServiceProvider();
        await using (var db = await sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        return new BenchmarkPortal(dir, sp, connector, sim);
    }

    /// <summary>The simulator's client that holds <paramref name="role"/> (the demo and large seeds share their clients).</summary>
    public CloudCredential Credential(string role = "Virtual Machine Contributor")
    {
        var client = Simulator.Clients.First(c => c.Roles.Contains(role));
        return new CloudCredential(CloudKind.AzurePublic, Simulator.TenantId, client.ClientId, client.Secret);
    }

    /// <summary>Onboards the simulator's default subscription with <paramref name="features"/>; prints how long it took.</summary>
    public async Task<CloudAccount> OnboardAsync(params CloudFeature[] features)
    {
        var credential = Credential();
        var clock = Stopwatch.StartNew();
        var onboarded = await Services.GetRequiredService<OnboardingService>().OnboardAsync(new OnboardingRequest
        {
            Name = "bench", TenantId = credential.TenantId, ClientId = credential.ClientId, ClientSecret = credential.ClientSecret,
            SubscriptionIds = [Simulator.SubscriptionId], Features = features,
        }, "bench", null);
        if (!onboarded.Ok) throw new InvalidOperationException($"{onboarded.Problem!.Code}: {onboarded.Problem.Detail}");
        Console.WriteLine($"onboard (token, subscription, regions, permissions, VM count): {clock.Elapsed.TotalSeconds:F2} s");
        return onboarded.Value.Account;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
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

/// <summary>What the process used: peak working set, GC heap, bytes allocated since <see cref="Start"/>.</summary>
public sealed class MemoryReport
{
    private readonly long _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);

    public static MemoryReport Start() => new();

    public void Print(string label)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        Console.WriteLine($"{label}: peak working set {Mb(process.PeakWorkingSet64)}, GC heap now {Mb(GC.GetTotalMemory(false))} " +
                          $"(last GC: heap {Mb(gc.HeapSizeBytes)}, committed {Mb(gc.TotalCommittedBytes)}), allocated {Mb(GC.GetTotalAllocatedBytes(false) - _allocatedAtStart)}, " +
                          $"GCs gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
    }

    private static string Mb(long bytes) => $"{bytes / 1048576.0:N0} MB";
}
