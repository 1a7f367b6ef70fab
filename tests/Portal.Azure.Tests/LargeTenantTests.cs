using AzureSim;
using Portal.Domain.Cloud;

namespace Portal.Azure.Tests;

public sealed class LargeSimFixture : SimFixture
{
    /// <summary>2,000 by default; PORTAL_AZURE_LARGE_VMS=10000 measures the benchmark's size (slower: ARM's read bucket throttles).</summary>
    public static readonly int VmCount = int.TryParse(Environment.GetEnvironmentVariable("PORTAL_AZURE_LARGE_VMS"), out var n) && n > 0 ? n : 2000;
    protected override AzureSimOptions SimOptions => new() { Seed = $"large:{VmCount}", RandomSeed = 11 };
}

/// <summary>A generated 2,000-VM subscription: the listing pages through bulk lists and never calls per VM.</summary>
public class LargeTenantTests(LargeSimFixture sim) : IClassFixture<LargeSimFixture>
{
    [Fact]
    public async Task Lists_thousands_of_vms_in_a_small_number_of_requests()
    {
        using var connector = sim.CreateConnector();
        var reports = new List<int>();
        var before = sim.Host.RequestCount;
        var r = await connector.ListVirtualMachinesAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId, new ConnectorTests.SyncProgress(reports));
        Assert.True(r.IsSuccess, r.Error?.Message);
        var inv = r.Value;
        Assert.Equal(LargeSimFixture.VmCount, sim.SeededVms().Count);
        Assert.Equal(LargeSimFixture.VmCount, inv.Vms.Count);
        Assert.Equal(inv.Vms.Count, inv.Vms.Select(v => v.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());

        // pages of 50: VMs 40 + NICs 40 + public IPs ~14 + virtual networks 20 = ~114; per-VM calls would be 2,000+
        var pageSize = sim.Host.State.PageSize;
        var nics = sim.Host.State.ListResources("Microsoft.Network/networkInterfaces").Count;
        var pips = sim.Host.State.ListResources("Microsoft.Network/publicIPAddresses").Count;
        var vnets = sim.Host.State.ListResources("Microsoft.Network/virtualNetworks").Count;
        int Pages(int n) => Math.Max(1, (n + pageSize - 1) / pageSize);
        var expected = Pages(inv.Vms.Count) + Pages(nics) + Pages(pips) + Pages(vnets);
        Assert.Equal(expected + (int)connector.Metrics.ThrottledResponses, inv.ArmRequests);
        Assert.Equal(sim.Host.RequestCount - before, inv.ArmRequests);
        Assert.True(inv.ArmRequests < inv.Vms.Count / 10);
        Console.WriteLine($"LARGE: {inv.Vms.Count} VMs, {inv.ArmRequests} ARM requests ({connector.Metrics.ThrottledResponses} throttled), {connector.Metrics.TokenRequests} token requests, {inv.Elapsed.TotalSeconds:F1} s");

        // progress climbed page by page to the total
        Assert.Equal(Pages(inv.Vms.Count), reports.Count);
        Assert.Equal(inv.Vms.Count, reports[^1]);
        Assert.True(reports.SequenceEqual(reports.Order()));

        // joins hold at scale: every VM has a private IP; every third has a public one; NSGs where the seed put them
        Assert.All(inv.Vms, v => Assert.Single(v.PrivateIps));
        Assert.Equal(pips, inv.Vms.Count(v => v.PublicIps.Count == 1));
        Assert.All(inv.Vms, v => Assert.NotEmpty(v.NsgIds)); // every subnet of the large seed carries an NSG
        Assert.Contains(inv.Vms, v => v.Nics[0].NsgId != null);
        Assert.Contains(inv.Vms, v => v.PowerState == "deallocated");
    }
}
