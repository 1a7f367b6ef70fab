using System.Diagnostics;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using AzureSim;

namespace AzureSim.Tests;

public class FaultTests(SimFixture f) : IClassFixture<SimFixture>
{
    private static readonly TokenRequestContext ArmScope = new(["https://management.azure.com//.default"]);

    [Fact]
    public async Task A_429_storm_is_absorbed_by_the_sdk_retry()
    {
        var arm = f.Arm(SimFixture.Reader);
        var sub = await arm.GetDefaultSubscriptionAsync();
        var before = f.Host.RequestCount;
        f.Host.State.ThrottleNext(3, "/resourceGroups/rg-prod-web-eus/providers/Microsoft.Compute/virtualMachines/web-eus-03");
        var sw = Stopwatch.StartNew();
        VirtualMachineResource vm = await arm.GetVirtualMachineResource(VirtualMachineResource.CreateResourceIdentifier(f.Sub, "rg-prod-web-eus", "web-eus-03")).GetAsync();
        Assert.Equal("web-eus-03", vm.Data.Name);
        Assert.Equal(4, f.Host.RequestCount - before); // three 429s, then success
        Assert.True(sw.Elapsed >= TimeSpan.FromSeconds(2.5), "Retry-After: 1 honoured three times");
    }

    [Fact]
    public async Task A_429_storm_longer_than_the_retry_budget_surfaces_throttling()
    {
        var arm = f.Arm(SimFixture.Reader, f.ArmOptions(maxRetries: 1));
        f.Host.State.ThrottleNext(2, "/resourceGroups/rg-prod-sea/providers/Microsoft.Compute/virtualMachines/wms-sea-02");
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => arm.GetVirtualMachineResource(VirtualMachineResource.CreateResourceIdentifier(f.Sub, "rg-prod-sea", "wms-sea-02")).GetAsync());
        Assert.Equal(429, ex.Status);
        Assert.Equal("SubscriptionRequestsThrottled", ex.ErrorCode);
        Assert.Contains("Number of 'read' requests for subscription", ex.Message);
    }

    [Fact]
    public async Task A_5xx_mid_paging_is_retried()
    {
        f.Host.State.PageSize = 10;
        try
        {
            var sub = await f.Arm(SimFixture.Reader).GetDefaultSubscriptionAsync();
            f.Host.State.FailNext(2, 500, "$skiptoken=");
            f.Host.State.FailNext(1, 503, "$skiptoken=");
            var before = f.Host.RequestCount;
            var names = new List<string>();
            await foreach (var vm in sub.GetVirtualMachinesAsync()) names.Add(vm.Data.Name);
            Assert.Equal(46, names.Distinct().Count());
            Assert.Equal(5 + 3, f.Host.RequestCount - before);
        }
        finally { f.Host.State.PageSize = 50; f.Host.State.ClearQueuedFaults(); }
    }

    [Fact]
    public async Task Token_endpoint_outage_fails_authentication_until_it_recovers()
    {
        // A dedicated client: MSAL remembers a 503 + Retry-After per client and throttles it for that long.
        var faults = f.Host.State.Faults.Clone();
        faults.TokenEndpointDown = true;
        f.Host.State.Faults = faults;
        try
        {
            var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => f.Credential(SimFixture.RgContributor).GetTokenAsync(ArmScope, default).AsTask());
            Assert.Contains("unavailable", ex.ToString(), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            faults.TokenEndpointDown = false;
            f.Host.State.Faults = faults;
        }
        await Task.Delay(1200); // Retry-After: 1
        var token = await f.Credential(SimFixture.RgContributor).GetTokenAsync(ArmScope, default);
        Assert.NotEmpty(token.Token);
    }

    [Fact]
    public async Task Latency_is_injected()
    {
        var p = f.Pipeline(SimFixture.Reader);
        await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}?api-version=2022-12-01"); // token cached
        var faults = f.Host.State.Faults.Clone();
        faults.LatencyMs = 300;
        f.Host.State.Faults = faults;
        try
        {
            var sw = Stopwatch.StartNew();
            var (st, _, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}?api-version=2022-12-01");
            Assert.Equal(200, st);
            Assert.True(sw.ElapsedMilliseconds >= 290);
        }
        finally { faults.LatencyMs = 0; f.Host.State.Faults = faults; }
    }

    [Fact]
    public async Task Admin_endpoint_changes_faults_and_expires_secrets()
    {
        using var http = new HttpClient(f.Host.CreateTrustingHandler()) { BaseAddress = f.Host.ArmEndpoint };
        var r = await http.PostAsync("_sim/faults", new StringContent("{\"serverErrorRate\":1.0}"));
        Assert.True(r.IsSuccessStatusCode);
        var p = f.Pipeline(SimFixture.Reader, maxRetries: 0);
        var (st, body, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/resourcegroups?api-version=2022-09-01");
        Assert.Equal(500, st);
        Assert.Equal("InternalServerError", body!["error"]!["code"]!.GetValue<string>());
        r = await http.PostAsync("_sim/faults", new StringContent("{\"serverErrorRate\":0}"));
        Assert.True(r.IsSuccessStatusCode);
        (st, _, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/resourcegroups?api-version=2022-09-01");
        Assert.Equal(200, st);

        var leastPriv = f.Host.Client(SimFixture.LeastPriv);
        r = await http.PostAsync($"_sim/clients/{leastPriv.ClientId}/expire-secret", null);
        Assert.Equal(204, (int)r.StatusCode);
        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => f.Credential(SimFixture.LeastPriv).GetTokenAsync(ArmScope, default).AsTask());
        Assert.Contains("AADSTS7000222", ex.ToString());
        Assert.True(f.Host.Client(SimFixture.LeastPriv).Expired);
    }

    [Fact]
    public async Task Random_throttling_at_a_rate_is_absorbed()
    {
        var faults = f.Host.State.Faults.Clone();
        faults.ThrottleRate = 0.3;
        faults.RetryAfterSeconds = 0;
        f.Host.State.Faults = faults;
        try
        {
            var arm = f.Arm(SimFixture.Reader, f.ArmOptions(maxRetries: 10));
            var sub = await arm.GetDefaultSubscriptionAsync();
            var count = 0;
            await foreach (var _ in sub.GetVirtualMachinesAsync()) count++;
            Assert.Equal(46, count);
        }
        finally { faults.ThrottleRate = 0; faults.RetryAfterSeconds = 1; f.Host.State.Faults = faults; }
    }
}

public class RateLimitTests
{
    [Fact]
    public async Task Read_bucket_of_250_is_enforced_per_principal()
    {
        await using var host = await AzureSimHost.StartAsync(new AzureSimOptions { Seed = "demo" });
        var f = new FixtureShim(host);
        var p = f.Pipeline(SimFixture.Reader, maxRetries: 0);
        int throttled = 0, ok = 0;
        string? retryAfter = null;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        // 20 concurrent callers drain the bucket fast; the refill (25/s) bounds how many more can pass
        var tasks = Enumerable.Range(0, 20).Select(async _ =>
        {
            for (var i = 0; i < 20; i++)
            {
                var (st, _, raw) = await f.SendAsync(p, "GET", $"subscriptions/{host.SubscriptionId}?api-version=2022-12-01");
                lock (sw) { if (st == 429) { throttled++; raw.Headers.TryGetValue("Retry-After", out retryAfter); } else ok++; }
            }
        });
        await Task.WhenAll(tasks);
        var refill = (int)Math.Ceiling(sw.Elapsed.TotalSeconds * 25) + 1;
        Assert.InRange(ok, 250, 250 + refill);
        Assert.True(throttled > 0);
        Assert.Equal("1", retryAfter);
        // another principal has its own bucket
        var (st2, _, _) = await f.SendAsync(f.Pipeline(SimFixture.Responder, maxRetries: 0), "GET", $"subscriptions/{host.SubscriptionId}?api-version=2022-12-01");
        Assert.Equal(200, st2);
    }

    private sealed class FixtureShim : SimFixture
    {
        public FixtureShim(AzureSimHost h) => typeof(SimFixture).GetProperty(nameof(Host))!.SetValue(this, h);
    }
}
