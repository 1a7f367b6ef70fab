using Portal.Benchmarks;

// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- [vmCount] [storedHosts]
var vmCount = args.Length > 0 ? int.Parse(args[0]) : 10_000;
var storedHosts = args.Length > 1 ? int.Parse(args[1]) : 100_000;
await HostSyncBenchmark.RunAsync(vmCount, storedHosts);
