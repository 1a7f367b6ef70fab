using System.Diagnostics;
using AzureSim;
using Microsoft.Extensions.DependencyInjection;
using Portal.Cspm;
using Portal.Domain.Cloud;
using Portal.Domain.Risks;

namespace Portal.Benchmarks;

/// <summary>
/// The CSPM resource sync of AzureSim's generated <c>large:N</c> tenant through the real connector (Azure SDK over HTTPS) and
/// <see cref="ResourceSyncService"/> into SQLite: read every configuration, store it with history, scan it with the catalog.
/// </summary>
public static class CspmSyncBenchmark
{
    public static async Task RunAsync(int vmCount)
    {
        Console.WriteLine($"== CSPM resource sync: AzureSim large:{vmCount:N0}, SQLite store, {CheckCatalog.All.Count} checks ==");
        var memory = MemoryReport.Start();
        await using var sim = await AzureSimHost.StartAsync(new AzureSimOptions { Seed = $"large:{vmCount}" });
        Console.WriteLine($"simulator resources: {sim.State.ResourceCount:N0}");
        await using var portal = await BenchmarkPortal.StartAsync(sim);
        var sp = portal.Services;
        var account = await portal.OnboardAsync(CloudFeature.Hosts, CloudFeature.Cspm);
        var sync = sp.GetRequiredService<ResourceSyncService>();
        var store = sp.GetRequiredService<IResourceStore>();
        var risks = sp.GetRequiredService<RiskService>();

        var armBefore = portal.Connector.Metrics.ArmRequests;
        var simBefore = sim.RequestCount;
        var clock = Stopwatch.StartNew();
        await sync.SyncAsync(account.Id, CancellationToken.None);
        var first = clock.Elapsed;
        var stored = (await store.CountByServiceAsync(account.Id)).Values.Sum();
        var trend = (await risks.TrendAsync(account.Id)).LastOrDefault()
            ?? throw new InvalidOperationException("The sync stored no scan: " + (await sp.GetRequiredService<Portal.Domain.Accounts.IAccountStore>().GetAsync(account.Id))?.LastErrorMessage);
        Console.WriteLine($"first sync wall time (read + store + scan): {first.TotalSeconds:F2} s, {stored:N0} resources stored");
        Console.WriteLine($"ARM requests: {portal.Connector.Metrics.ArmRequests - armBefore:N0} (simulator counted {sim.RequestCount - simBefore:N0}, incl. token requests)");
        Console.WriteLine($"scan results: {trend.Failed + trend.Passed + trend.Whitelisted:N0} ({trend.Failed:N0} failed, {trend.Passed:N0} passed)");

        // The scan on its own over what the sync stored (load from SQLite, evaluate, replace the results).
        clock.Restart();
        var scan = await risks.ScanAsync(account.Id);
        Console.WriteLine($"scan time alone: {clock.Elapsed.TotalSeconds:F2} s for {scan.Resources:N0} resources x {CheckCatalog.All.Count} checks " +
                          $"({scan.Resources * (double)CheckCatalog.All.Count / clock.Elapsed.TotalSeconds:N0} resource-checks/s incl. database)");

        armBefore = portal.Connector.Metrics.ArmRequests;
        clock.Restart();
        await sync.SyncAsync(account.Id, CancellationToken.None);
        Console.WriteLine($"second sync (nothing changed in Azure): {clock.Elapsed.TotalSeconds:F2} s, {portal.Connector.Metrics.ArmRequests - armBefore:N0} ARM requests");
        memory.Print("memory (process, simulator included)");
    }
}
