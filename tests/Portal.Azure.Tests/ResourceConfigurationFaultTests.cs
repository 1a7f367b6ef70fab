using System.Text.Json;
using AzureSim;
using Portal.Domain.Cloud;
using Xunit.Abstractions;

namespace Portal.Azure.Tests;

/// <summary>
/// A simulator the resource-configuration fault tests may change (queued faults): the demo seed plus one app whose custom
/// role reads everything except storage accounts and SQL firewall rules.
/// </summary>
public sealed class ResourceConfigSimFixture() : ExtraAppSimFixture(randomSeed: 5)
{
    public const string PartialReader = "portal-test-partial-reader";

    protected override (AzureSim.Seeds.SeedRole, AzureSim.Seeds.SeedClient) ExtraApp => (
        new AzureSim.Seeds.SeedRole
        {
            Id = "4d2c8e6a-0b1f-4c3d-9e5a-7b6c5d4e3f2a",
            RoleName = "Portal test: reader without storage accounts and SQL firewall rules",
            Actions = ["*/read"],
            NotActions = ["Microsoft.Storage/storageAccounts/read", "Microsoft.Sql/servers/firewallRules/read"],
            AssignableScopes = ["/subscriptions/{subscriptionId}"],
        },
        new AzureSim.Seeds.SeedClient
        {
            ClientId = "7e9a1b3c-5d7f-4b9a-8c1d-3e5f7a9b1c3d",
            ObjectId = "b8c9d0e1-8888-4b2c-9d3e-4f5a6b7c8d9e",
            DisplayName = PartialReader,
            Secret = "Pr68Q~test.PartialReader.Secret~p4rt1alR3adW9zX",
        });
}

/// <summary>Partial permissions, throttling and failures while reading resource configurations (tests run one after another).</summary>
public class ResourceConfigurationFaultTests(ResourceConfigSimFixture sim, ITestOutputHelper output) : IClassFixture<ResourceConfigSimFixture>
{
    private static int Count(ResourceConfigurationSnapshot s, string type) =>
        s.Resources.Count(e => Portal.Cspm.ArmId.TypeOf(e.GetProperty("id").GetString()!).Equals(type, StringComparison.OrdinalIgnoreCase));

    private int SimCount(string type) => sim.Host.State.ListResources(type).Count(o => ((string?)o["id"] ?? "").StartsWith($"/subscriptions/{sim.SubscriptionId}/", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task A_refused_type_is_a_warning_and_the_rest_still_comes_back()
    {
        sim.Host.State.ClearQueuedFaults();
        var credential = sim.Credential(ResourceConfigSimFixture.PartialReader);
        var r = await sim.Connector.ListResourceConfigurationsAsync(credential, sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        var s = r.Value;
        foreach (var w in s.Warnings) output.WriteLine($"{w.Code} [{w.HttpStatus}]: {w.Message}");

        var refused = s.Warnings.Where(w => w.Code == CloudErrorCodes.AuthorizationFailed).ToList();
        Assert.Equal(2, refused.Count);
        Assert.Contains(refused, w => w.Message.StartsWith("Microsoft.Storage/storageAccounts could not be read (AuthorizationFailed)"));
        Assert.Contains(refused, w => w.Message.StartsWith("Microsoft.Sql/servers/firewallRules could not be read in 3 of 3 requests (AuthorizationFailed)"));
        Assert.All(refused, w => Assert.Equal(403, w.HttpStatus));
        Assert.Contains("Microsoft.Storage/storageAccounts", s.UnreadTypes);
        Assert.Contains("Microsoft.Sql/servers/firewallRules", s.UnreadTypes);
        Assert.All(s.Warnings, w => Assert.DoesNotContain(credential.ClientSecret, w.Message + w.Meaning + w.Fix));

        // nothing of the refused types; everything else, children included
        Assert.Equal(0, Count(s, "Microsoft.Storage/storageAccounts"));
        Assert.Equal(0, Count(s, "Microsoft.Storage/storageAccounts/blobServices"));
        Assert.Equal(0, Count(s, "Microsoft.Sql/servers/firewallRules"));
        foreach (var type in new[] { "Microsoft.Compute/virtualMachines", "Microsoft.Compute/disks", "Microsoft.KeyVault/vaults", "Microsoft.KeyVault/vaults/secrets",
                     "Microsoft.Sql/servers", "Microsoft.Sql/servers/auditingSettings", "Microsoft.Sql/servers/databases/transparentDataEncryption",
                     "Microsoft.Web/sites/config", "Microsoft.Security/pricings", "Microsoft.Insights/activityLogAlerts" })
            Assert.Equal(SimCount(type), Count(s, type));
    }

    [Fact]
    public async Task A_client_with_a_narrow_custom_role_gets_what_it_may_read_and_warnings_for_the_rest()
    {
        sim.Host.State.ClearQueuedFaults();
        var r = await sim.Connector.ListResourceConfigurationsAsync(sim.Credential(SimFixture.LeastPriv), sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        var s = r.Value;
        Assert.Equal(SimCount("Microsoft.Compute/virtualMachines"), Count(s, "Microsoft.Compute/virtualMachines"));
        Assert.Equal(SimCount("Microsoft.Network/networkSecurityGroups"), Count(s, "Microsoft.Network/networkSecurityGroups"));
        Assert.Contains(s.Warnings, w => w.Message.StartsWith("Microsoft.Storage/storageAccounts "));
        Assert.Contains(s.Warnings, w => w.Message.StartsWith("Microsoft.Security/pricings "));
        Assert.All(s.Warnings, w => Assert.Equal(CloudErrorCodes.AuthorizationFailed, w.Code));
        output.WriteLine($"least-privilege client: {s.Resources.Count} objects, {s.Warnings.Count} warnings, {s.ArmRequests} ARM requests");
    }

    [Fact]
    public async Task Throttling_is_absorbed_by_the_retries()
    {
        sim.Host.State.ClearQueuedFaults();
        using var connector = sim.CreateConnector();
        // two 429s (with Retry-After) on the SQL reads: the connector's retries (2 in these tests) absorb them, even when
        // both hit the same request
        sim.Host.State.ThrottleNext(2, "/providers/Microsoft.Sql/servers");
        var r = await connector.ListResourceConfigurationsAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId);
        sim.Host.State.ClearQueuedFaults();
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equal(2, connector.Metrics.ThrottledResponses);
        Assert.Equal(SimCount("Microsoft.Sql/servers/firewallRules"), Count(r.Value, "Microsoft.Sql/servers/firewallRules"));
        Assert.Empty(r.Value.UnreadTypes); // every read answered once the retries got through
    }

    [Fact]
    public async Task Any_other_failure_fails_the_whole_read()
    {
        sim.Host.State.ClearQueuedFaults();
        using var connector = sim.CreateConnector();
        sim.Host.State.FailNext(500, 500, "/blobServices");
        CloudResult<ResourceConfigurationSnapshot> r;
        try
        {
            r = await connector.ListResourceConfigurationsAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId);
        }
        finally
        {
            sim.Host.State.ClearQueuedFaults();
        }
        Assert.False(r.IsSuccess);
        Assert.Equal(CloudErrorCodes.ServiceUnavailable, r.Error.Code);
        Assert.Equal(500, r.Error.HttpStatus);
    }

    [Fact]
    public async Task An_unknown_subscription_fails_the_read()
    {
        var r = await sim.Connector.ListResourceConfigurationsAsync(sim.Credential(SimFixture.Reader), "00000000-0000-4000-8000-000000000000");
        Assert.False(r.IsSuccess);
        Assert.Contains(r.Error.Code, new[] { CloudErrorCodes.SubscriptionNotFound, CloudErrorCodes.AuthorizationFailed });

        var bad = await sim.Connector.ListResourceConfigurationsAsync(sim.Credential(SimFixture.Reader), "not-a-guid");
        Assert.Equal(CloudErrorCodes.InvalidSubscriptionId, bad.Error!.Code);
    }

    [Fact]
    public async Task Cancellation_throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            sim.Connector.ListResourceConfigurationsAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId, null, cts.Token));
    }
}

/// <summary>The generated 2,000-VM subscription: types without children cost their pages, never one request per resource.</summary>
public class ResourceConfigurationLargeTests(LargeSimFixture sim, ITestOutputHelper output) : IClassFixture<LargeSimFixture>
{
    [Fact]
    public async Task Reads_a_large_subscription_in_a_bounded_number_of_requests()
    {
        // more retries than the other tests: the large read runs into ARM's read bucket (250 + 25/s) and waits it out
        using var connector = sim.CreateConnector(o => o.ArmRetry = new AzureRetrySettings { MaxRetries = 8, Delay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5), NetworkTimeout = TimeSpan.FromSeconds(30) });
        var before = sim.Host.RequestCount;
        var r = await connector.ListResourceConfigurationsAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        var s = r.Value;
        var state = sim.Host.State;
        int SimCount(string type) => state.ListResources(type).Count(o => ((string?)o["id"] ?? "").StartsWith($"/subscriptions/{sim.SubscriptionId}/", StringComparison.OrdinalIgnoreCase));
        int Count(string type) => s.Resources.Count(e => Portal.Cspm.ArmId.TypeOf(e.GetProperty("id").GetString()!).Equals(type, StringComparison.OrdinalIgnoreCase));
        foreach (var t in new[] { "Microsoft.Compute/virtualMachines", "Microsoft.Compute/disks", "Microsoft.Network/networkInterfaces", "Microsoft.Network/publicIPAddresses",
                     "Microsoft.Network/networkSecurityGroups", "Microsoft.Network/virtualNetworks", "Microsoft.Storage/storageAccounts",
                     "Microsoft.Storage/storageAccounts/blobServices", "Microsoft.KeyVault/vaults" })
            Assert.Equal(SimCount(t), Count(t));
        Assert.Equal(LargeSimFixture.VmCount, Count("Microsoft.Compute/virtualMachines"));

        // requests: the pages of every subscription-level list, plus the child reads of the resources that have children
        // (storage accounts: blob services + 3 diagnostic-setting lists; key vaults: keys, secrets, diagnostic settings;
        // NSGs: diagnostic settings), plus the subscription and the VM-extension index. Nothing per VM, disk, NIC or IP.
        var pageSize = state.PageSize;
        int Pages(int n) => Math.Max(1, (n + pageSize - 1) / pageSize);
        var plan = new ResourceConfigurationPlan("2024-07-01");
        var lists = plan.SubscriptionLists.Sum(l => Pages(SimCount(l.Type)));
        var children = 4 * SimCount("Microsoft.Storage/storageAccounts") + 3 * SimCount("Microsoft.KeyVault/vaults") + SimCount("Microsoft.Network/networkSecurityGroups")
            + SimCount("Microsoft.Network/networkWatchers");
        var expected = 2 + lists + children;
        output.WriteLine($"LARGE CSPM: {LargeSimFixture.VmCount} VMs, {s.Resources.Count} objects, {s.ArmRequests} ARM requests (expected {expected} + {connector.Metrics.ThrottledResponses} throttled), {s.Elapsed.TotalSeconds:F1} s, warnings: {s.Warnings.Count}");
        Assert.Equal(expected + (int)connector.Metrics.ThrottledResponses, s.ArmRequests);
        Assert.Equal(sim.Host.RequestCount - before, s.ArmRequests);
        Assert.True(s.ArmRequests - connector.Metrics.ThrottledResponses < LargeSimFixture.VmCount / 4);
        Assert.Empty(s.Warnings); // App Service authentication settings are served too
    }
}
