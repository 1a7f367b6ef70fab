using System.CommandLine;

namespace AzureSim.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 picks a free port)", DefaultValueFactory = _ => 0 };
        var seed = new Option<string>("--seed") { Description = "demo | large:<vmCount> | path to a seed JSON file", DefaultValueFactory = _ => "demo" };
        var cloud = new Option<SimCloud>("--cloud") { Description = "AzurePublic | AzureChina", DefaultValueFactory = _ => SimCloud.AzurePublic };
        var certOut = new Option<string?>("--cert-out") { Description = "Write the server certificate (PEM) to this path" };
        var throttle = new Option<double>("--throttle-rate") { Description = "Fraction of ARM requests answered 429" };
        var errors = new Option<double>("--server-error-rate") { Description = "Fraction of ARM requests answered 500" };
        var latency = new Option<int>("--latency-ms") { Description = "Added latency per request" };
        var noLimits = new Option<bool>("--no-rate-limits") { Description = "Do not enforce ARM's token buckets (headers are still sent)" };
        var randomSeed = new Option<int?>("--random-seed") { Description = "Seed for fault randomness" };
        var blobPort = new Option<int>("--blob-port") { Description = "TCP port of the blob endpoint (disk exports; 0 picks a free port)", DefaultValueFactory = _ => 0 };
        var pageSize = new Option<int>("--page-size") { Description = "Page size of paged lists", DefaultValueFactory = _ => 50 };
        var root = new RootCommand("AzureSim: Microsoft Entra ID + Azure Resource Manager simulator for the real Azure SDK")
        {
            port, blobPort, seed, cloud, certOut, throttle, errors, latency, noLimits, randomSeed, pageSize,
        };
        root.SetAction(async (pr, ct) =>
        {
            var options = new AzureSimOptions
            {
                Port = pr.GetValue(port),
                BlobPort = pr.GetValue(blobPort),
                Seed = pr.GetValue(seed) ?? "demo",
                Cloud = pr.GetValue(cloud),
                CertificateOutputPath = pr.GetValue(certOut),
                RandomSeed = pr.GetValue(randomSeed),
                PageSize = pr.GetValue(pageSize),
                Faults = new FaultOptions
                {
                    ThrottleRate = pr.GetValue(throttle),
                    ServerErrorRate = pr.GetValue(errors),
                    LatencyMs = pr.GetValue(latency),
                    EnforceRateLimits = !pr.GetValue(noLimits),
                },
            };
            await using var host = await AzureSimHost.StartAsync(options, ct);
            Console.Out.WriteLine("AZURESIM_READY " + host.ReadyInfo().ToJsonString());
            Console.Out.Flush();
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var reg = ct.Register(() => done.TrySetResult());
            void Stop(System.Runtime.InteropServices.PosixSignalContext c) { c.Cancel = true; done.TrySetResult(); }
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
            using var intr = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
            using var quit = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGQUIT, Stop);
            await done.Task;
            return 0; // the host is disposed (server stopped) on the way out
        });
        return await root.Parse(args).InvokeAsync();
    }
}
