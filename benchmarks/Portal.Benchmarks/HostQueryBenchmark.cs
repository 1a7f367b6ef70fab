using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Accounts;
using Portal.Domain.Inventory;

namespace Portal.Benchmarks;

/// <summary>The hosts page's queries (count + one page) over a store topped up to <c>storedHosts</c> hosts.</summary>
public static class HostQueryBenchmark
{
    public static async Task RunAsync(IServiceProvider sp, int storedHosts)
    {
        var store = sp.GetRequiredService<IHostStore>();
        var existing = (await store.CountAsync()).Total;
        if (existing < storedHosts)
        {
            var accountId = Guid.NewGuid();
            await sp.GetRequiredService<IAccountStore>().AddAsync(new CloudAccount
            {
                Id = accountId, Name = "filler", TenantId = "t", ClientId = "c", ProtectedClientSecret = "x", CreatedAt = DateTime.UtcNow, CreatedBy = "bench",
            });
            string[] regions = ["eastus", "westeurope", "northeurope", "westus2", "uksouth", "japaneast"];
            string[] power = ["running", "running", "running", "stopped", "deallocated"];
            var add = storedHosts - existing;
            var sw = Stopwatch.StartNew();
            var hosts = Enumerable.Range(0, add).Select(i => new Host
            {
                ResourceId = $"/subscriptions/filler/resourcegroups/rg-{i / 100}/providers/microsoft.compute/virtualmachines/filler-{i:D6}",
                Name = $"filler-{i:D6}", SubscriptionId = "filler", ResourceGroup = $"rg-{i / 100}", Location = regions[i % regions.Length],
                VmSize = "Standard_D2s_v5", OsType = i % 3 == 0 ? "Windows" : "Linux", PowerState = power[i % power.Length],
                PrivateIps = [$"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}"], Tags = new() { ["env"] = i % 4 == 0 ? "dev" : "prod" },
            }).ToList();
            await store.ApplySyncAsync(accountId, "filler", hosts, DateTime.UtcNow);
            Console.WriteLine($"stored {add:N0} more hosts in {sw.Elapsed.TotalSeconds:F1} s (one sync transaction)");
        }
        var total = (await store.CountAsync()).Total;
        Console.WriteLine($"== Hosts page queries over {total:N0} hosts (count + page of 50, median of 7) ==");
        var queries = new (string Name, HostQuery Query)[]
        {
            ("first page, by name", new HostQuery()),
            ("page 1000, by name", new HostQuery { Page = 1000 }),
            ("region filter", new HostQuery { Region = "westeurope" }),
            ("power state filter", new HostQuery { PowerState = "deallocated" }),
            ("search by IP", new HostQuery { Search = "10.1.2.3" }),
            ("search by name part", new HostQuery { Search = "00042" }),
            ("tag env=dev, sorted by region", new HostQuery { Tag = "env=dev", SortBy = "region" }),
        };
        foreach (var (name, query) in queries)
        {
            var times = new List<double>();
            var found = 0;
            for (var i = 0; i < 7; i++)
            {
                var sw = Stopwatch.StartNew();
                found = (await store.QueryAsync(query)).Total;
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"{name,-32} {times[3],8:F1} ms  ({found:N0} matches)");
        }
    }
}
