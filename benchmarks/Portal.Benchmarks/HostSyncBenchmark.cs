using System.Diagnostics;
using AzureSim;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;

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
        await using var portal = await BenchmarkPortal.StartAsync(sim);
        var sp = portal.Services;
        var account = await portal.OnboardAsync(CloudFeature.Hosts);

        var armBefore = portal.Connector.Metrics.ArmRequests;
        var simBefore = sim.RequestCount;
        var clock = Stopwatch.StartNew();
        await sp.GetRequiredService<HostSyncService>().SyncAsync(account.Id, CancellationToken.None);
        var syncTime = clock.Elapsed;
        var count = (await sp.GetRequiredService<IHostStore>().CountAsync()).Total;
        Console.WriteLine($"host sync wall time: {syncTime.TotalSeconds:F2} s for {count:N0} hosts stored");
        Console.WriteLine($"VMs per second: {count / syncTime.TotalSeconds:N0}");
        Console.WriteLine($"ARM requests for the sync: {portal.Connector.Metrics.ArmRequests - armBefore} (simulator counted {sim.RequestCount - simBefore})");

        clock.Restart();
        await sp.GetRequiredService<HostSyncService>().SyncAsync(account.Id, CancellationToken.None);
        Console.WriteLine($"second sync (all hosts known, updated in place): {clock.Elapsed.TotalSeconds:F2} s");

        await HostQueryBenchmark.RunAsync(sp, storedHosts);
    }
}
