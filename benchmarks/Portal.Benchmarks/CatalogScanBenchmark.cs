using System.Diagnostics;
using AzureSim;
using Microsoft.Extensions.DependencyInjection;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;

namespace Portal.Benchmarks;

/// <summary>
/// The full check catalog over N stored resources: the demo tenant's configurations, read through the real connector from
/// AzureSim, grown to N with <see cref="DemoShapes"/>, stored in SQLite by the resource store, then scanned — the evaluation
/// alone (resources × checks per second) and the whole <see cref="RiskService.ScanAsync"/> (load, evaluate, replace results).
/// </summary>
public static class CatalogScanBenchmark
{
    public static async Task RunAsync(int resourceCount)
    {
        var checks = CheckCatalog.All.Count;
        Console.WriteLine($"== Catalog scan: {checks} checks over {resourceCount:N0} stored resources (demo tenant shapes, varied), SQLite store ==");
        var memory = MemoryReport.Start();
        await using var sim = await AzureSimHost.StartAsync(new AzureSimOptions { Seed = "demo" });
        await using var portal = await BenchmarkPortal.StartAsync(sim);
        var sp = portal.Services;

        var read = await portal.Connector.ListResourceConfigurationsAsync(portal.Credential("Reader"), sim.SubscriptionId);
        if (!read.IsSuccess) throw new InvalidOperationException($"{read.Error.Code}: {read.Error.Meaning}");
        var clock = Stopwatch.StartNew();
        var grown = DemoShapes.Grow(read.Value.Resources, resourceCount);
        Console.WriteLine($"demo read: {read.Value.Resources.Count:N0} resource configurations in {read.Value.ArmRequests} ARM requests; grown to {grown.Count:N0} in {clock.Elapsed.TotalSeconds:F1} s");

        var accountId = Guid.NewGuid();
        await sp.GetRequiredService<IAccountStore>().AddAsync(new CloudAccount
        {
            Id = accountId, Name = "scan-bench", TenantId = sim.TenantId, ClientId = "c", ProtectedClientSecret = "x", CreatedAt = DateTime.UtcNow, CreatedBy = "bench",
        });
        var store = sp.GetRequiredService<IResourceStore>();
        clock.Restart();
        var applied = await store.ApplySyncAsync(accountId, sim.SubscriptionId, grown, DateTime.UtcNow);
        Console.WriteLine($"stored {applied.Added:N0} resources in {clock.Elapsed.TotalSeconds:F1} s (one sync transaction, with history rows)");
        var byService = await store.CountByServiceAsync(accountId);
        Console.WriteLine("by service: " + string.Join(", ", byService.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value:N0}")));
        grown.Clear();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        clock.Restart();
        var current = await store.ListCurrentAsync(accountId);
        var loadTime = clock.Elapsed;
        clock.Restart();
        var set = new ResourceSet(current.Select(r => r.ToConfig()));
        var parseTime = clock.Elapsed;
        Console.WriteLine($"load {current.Count:N0} stored resources: {loadTime.TotalSeconds:F2} s; parse + index: {parseTime.TotalSeconds:F2} s; " +
                          $"scan input held in memory (stored rows + parsed set): {(GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / 1048576.0:N0} MB");

        var times = new List<double>();
        IReadOnlyList<CheckResult> results = [];
        for (var i = 0; i < 3; i++)
        {
            clock.Restart();
            results = CatalogEvaluator.EvaluateAll(set);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        var evaluate = times[1];
        var failed = results.Count(r => r.Status == CheckStatus.Failed);
        Console.WriteLine($"evaluate (median of 3): {evaluate:F2} s -> {results.Count:N0} results ({failed:N0} failed) from {results.Select(r => r.CheckId).Distinct().Count()} checks that applied");
        Console.WriteLine($"resources x checks per second: {current.Count * (double)checks / evaluate:N0} ({current.Count:N0} x {checks} / {evaluate:F2} s, {Environment.ProcessorCount} cores)");

        clock.Restart();
        var scan = await sp.GetRequiredService<RiskService>().ScanAsync(accountId);
        Console.WriteLine($"full scan (load + parse + evaluate + replace {scan.Results:N0} results in SQLite + trend point): {clock.Elapsed.TotalSeconds:F2} s, " +
                          $"{scan.FailedChecks} checks failing");
        memory.Print("memory (process, simulator included)");
    }
}
