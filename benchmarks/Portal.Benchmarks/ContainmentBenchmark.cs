using System.Diagnostics;
using AzureSim;
using Microsoft.Extensions.DependencyInjection;
using Portal.Azure;
using Portal.Domain.Cloud;
using Portal.Domain.Response;

namespace Portal.Benchmarks;

/// <summary>
/// Time from a containment request (the service call behind POST /api/v1/containment) to the verified state, for block_ip,
/// isolate and deallocate against the demo tenant in AzureSim, at several simulator latencies. Each repetition applies the
/// action, then undoes it (also timed), so every repetition starts from the same Azure state. The portal's own overhead is the
/// total minus the time spent inside connector calls (Azure SDK requests, their retries and long-running-operation polling).
/// </summary>
public static class ContainmentBenchmark
{
    private sealed record Scenario(string Name, int LatencyMs, TimeSpan OperationDuration);

    private sealed record Sample(TimeSpan Total, TimeSpan InConnector, TimeSpan InHttp, long ArmRequests, long Throttled);

    private sealed record Case(string Name, Func<string, ContainmentRequest> Request);

    public static async Task RunAsync(int repetitions)
    {
        Console.WriteLine($"== Containment: request → verified state, {repetitions} repetitions per action and scenario (undo between) ==");
        await using var sim = await AzureSimHost.StartAsync(new AzureSimOptions { Seed = "demo" });
        var http = new HttpTiming();
        var connector = new AzureCloudConnector(new AzureConnectorOptions().OverrideAllClouds(new AzureEndpointOverride
        {
            AuthorityHost = sim.AuthorityHost, ArmEndpoint = sim.ArmEndpoint, ArmAudience = sim.ArmAudience,
            HandlerFactory = () => new HttpTiming.Handler(http, sim.CreateTrustingHandler()),
        }));
        var timed = ConnectorTiming.Wrap(connector);
        await using var portal = await BenchmarkPortal.StartAsync(sim, services =>
        {
            // The response feature wired as the web host does (ContainmentRegistration), with the timed connector.
            services.AddSingleton((ICloudConnector)(object)timed);
            services.AddSingleton(new ContainmentOptions());
            services.AddSingleton<ContainmentBoard>();
            services.AddSingleton<ContainmentWorkSignal>();
            services.AddSingleton<ContainmentExecutor>();
            services.AddSingleton<ContainmentWorker>();
            services.AddSingleton<ContainmentService>();
        });
        await portal.OnboardAsync(CloudFeature.Hosts, CloudFeature.Response);
        var sp = portal.Services;
        var service = sp.GetRequiredService<ContainmentService>();
        var board = sp.GetRequiredService<ContainmentBoard>();
        using var stop = new CancellationTokenSource();
        var worker = Task.Run(() => sp.GetRequiredService<ContainmentWorker>().RunAsync(stop.Token));

        string Vm(string rg, string name) => $"/subscriptions/{sim.SubscriptionId}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}";
        var jump = Vm("rg-shared-eus", "jump-eus-01");
        Case[] cases =
        [
            new("block_ip", reason => new ContainmentRequest(ContainmentKind.BlockIp, "203.0.113.50", jump, null, reason)),
            new("isolate", reason => new ContainmentRequest(ContainmentKind.Isolate, Vm("rg-prod-weu", "app-weu-01"), null, null, reason)),
            new("deallocate", reason => new ContainmentRequest(ContainmentKind.Power, Vm("rg-dev-wus2", "dev-wus2-01"), null, VmPowerAction.Deallocate, reason)),
        ];
        Scenario[] scenarios =
        [
            new("latency 0 ms", 0, TimeSpan.Zero),
            new("latency 100 ms per request", 100, TimeSpan.Zero),
            new("latency 100 ms, writes run 2 s (LRO)", 100, TimeSpan.FromSeconds(2)),
        ];

        async Task<Sample> Measure(Func<Task<Guid>> start, params ContainmentStatus[] final)
        {
            var (connectorBefore, httpBefore, armBefore, throttledBefore) = (timed.Elapsed, http.Elapsed, connector.Metrics.ArmRequests, connector.Metrics.ThrottledResponses);
            var finals = new System.Collections.Concurrent.ConcurrentDictionary<Guid, TimeSpan>();
            using var changed = new SemaphoreSlim(0);
            var clock = Stopwatch.StartNew();
            void OnChanged(ContainmentSnapshot s)
            {
                if (!final.Contains(s.Status)) return;
                finals.TryAdd(s.Id, clock.Elapsed);
                changed.Release();
            }
            board.Changed += OnChanged;
            try
            {
                var id = await start();
                TimeSpan total;
                while (!finals.TryGetValue(id, out total))
                    if (!await changed.WaitAsync(TimeSpan.FromMinutes(5))) throw new TimeoutException($"Action {id} did not finish.");
                var action = (await service.GetAsync(id))!;
                if (action.Status == ContainmentStatus.Failed || action.Verification?.Verified != true)
                    throw new InvalidOperationException($"{action.Kind} {action.Target}: {action.Status} {action.ErrorCode} {string.Join(" ", action.Verification?.Differences ?? [])}");
                return new Sample(total, timed.Elapsed - connectorBefore, http.Elapsed - httpBefore, connector.Metrics.ArmRequests - armBefore,
                    connector.Metrics.ThrottledResponses - throttledBefore);
            }
            finally { board.Changed -= OnChanged; }
        }

        async Task<(Sample Apply, Sample Undo)> Once(Case c, int run)
        {
            Guid id = default;
            var apply = await Measure(async () =>
            {
                var outcome = await service.SubmitAsync(c.Request($"benchmark run {run}"), "benchmark", null);
                if (!outcome.Ok) throw new InvalidOperationException($"{c.Name}: {outcome.Problem!.Code} {outcome.Problem.Detail}");
                return id = outcome.Value!.Id;
            }, ContainmentStatus.Succeeded, ContainmentStatus.Failed);
            var undo = await Measure(async () =>
            {
                var outcome = await service.UndoAsync(id, "benchmark", null, "benchmark undo");
                if (!outcome.Ok) throw new InvalidOperationException($"undo {c.Name}: {outcome.Problem!.Code} {outcome.Problem.Detail}");
                return id;
            }, ContainmentStatus.Undone, ContainmentStatus.Failed);
            return (apply, undo);
        }

        // Warm-up (JIT, token, EF model) at latency 0, not counted.
        foreach (var c in cases) await Once(c, 0);

        Console.WriteLine($"{"scenario / action",-52} {"total med",10} {"p95",8} {"Azure med",10} {"p95",8} {"HTTP med",9} {"portal med",11} {"p95",8} {"ARM req",8} {"429s",5}");
        foreach (var scenario in scenarios)
        {
            sim.State.Faults = new FaultOptions { LatencyMs = scenario.LatencyMs };
            sim.State.OperationDuration = scenario.OperationDuration;
            Console.WriteLine($"-- {scenario.Name}");
            foreach (var c in cases)
            {
                var runs = new List<(Sample Apply, Sample Undo)>();
                for (var i = 1; i <= repetitions; i++) runs.Add(await Once(c, i));
                Print($"{c.Name} (request → verified)", runs.Select(r => r.Apply).ToList());
                Print($"{c.Name} undo (request → verified)", runs.Select(r => r.Undo).ToList());
            }
        }
        sim.State.Faults = new FaultOptions();
        sim.State.OperationDuration = TimeSpan.Zero;
        stop.Cancel();
        await worker;
        Console.WriteLine("total: request to the final state seen by the portal (verification included); Azure: time inside connector calls " +
                          "(SDK requests, retries, LRO polling); HTTP: time in ARM/Entra HTTP exchanges; portal: total minus Azure " +
                          "(validation, live read planning, database writes, worker hand-off, audit). Times in ms. 429s: ARM throttling answers over all " +
                          "repetitions (AzureSim enforces ARM's per-principal request buckets; the SDK waits Retry-After).");
    }

    private static void Print(string label, IReadOnlyList<Sample> samples)
    {
        static double Ms(TimeSpan t) => t.TotalMilliseconds;
        var total = samples.Select(s => Ms(s.Total)).ToList();
        var azure = samples.Select(s => Ms(s.InConnector)).ToList();
        var httpTimes = samples.Select(s => Ms(s.InHttp)).ToList();
        var portal = samples.Select(s => Ms(s.Total - s.InConnector)).ToList();
        Console.WriteLine($"   {label,-49} {Median(total),10:F0} {P95(total),8:F0} {Median(azure),10:F0} {P95(azure),8:F0} {Median(httpTimes),9:F0} {Median(portal),11:F1} {P95(portal),8:F1} {Median(samples.Select(s => (double)s.ArmRequests).ToList()),8:F0} {samples.Sum(s => s.Throttled),5}");
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Nearest-rank 95th percentile (the maximum for fewer than 20 samples).</summary>
    private static double P95(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(0.95 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
