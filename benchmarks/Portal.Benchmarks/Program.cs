using Portal.Benchmarks;

// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- [hosts] [vmCount] [storedHosts]
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- scan [storedResources]   (default 100000)
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- cspm [vmCount]           (default 10000: AzureSim large:N)
// dotnet run -c Release --project benchmarks/Portal.Benchmarks -- containment [repetitions] (default 10)
var command = args.Length > 0 && !int.TryParse(args[0], out _) ? args[0] : "hosts";
var numbers = args.Where(a => int.TryParse(a, out _)).Select(int.Parse).ToArray();
int Arg(int i, int fallback) => numbers.Length > i ? numbers[i] : fallback;
switch (command)
{
    case "hosts":
        await HostSyncBenchmark.RunAsync(Arg(0, 10_000), Arg(1, 100_000));
        break;
    case "scan":
        await CatalogScanBenchmark.RunAsync(Arg(0, 100_000));
        break;
    case "cspm":
        await CspmSyncBenchmark.RunAsync(Arg(0, 10_000));
        break;
    case "containment":
        await ContainmentBenchmark.RunAsync(Arg(0, 10));
        break;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{command}': use hosts, scan, cspm or containment.");
        return 2;
}
return 0;
