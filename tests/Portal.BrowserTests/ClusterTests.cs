using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.BrowserTests;

/// <summary>Two portal processes on one PostgreSQL database share one schedule: each run happens on exactly one of them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClusterTests
{
    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private static HttpClient Api(PortalProcess portal)
    {
        var http = new HttpClient { BaseAddress = portal.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalProcess.BootstrapToken);
        return http;
    }

    /// <summary>The node of every host sync of the account, newest first; each must have succeeded.</summary>
    private static async Task<List<string>> SyncRunsAsync(HttpClient api, string accountId)
    {
        var audit = await Json(await api.GetAsync($"api/v1/audit?action=sync.hosts&search={accountId}&pageSize=500"));
        var runs = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.All(runs, r => Assert.True(r.GetProperty("outcome").GetString() == "Succeeded", r.GetProperty("detail").GetString()));
        return runs.Select(e => e.GetProperty("source").GetString()!).ToList();
    }

    [Fact]
    public async Task Two_portal_processes_on_one_database_run_each_sync_once()
    {
        var admin = Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES")
            ?? throw new InvalidOperationException("PORTAL_TEST_POSTGRES is not set: run the tests through scripts/test.sh, which starts PostgreSQL.");
        var connection = System.Text.RegularExpressions.Regex.Replace(admin, "Database=[^;]*", "Database=portal_cluster_" + Guid.NewGuid().ToString("N")[..10]);
        // Nodes share the database and the key ring (a secret stored by one must be readable by the other).
        var keyRing = Directory.CreateTempSubdirectory("portal-cluster-keys-").FullName;
        Dictionary<string, string?> Node(string name) => new()
        {
            ["Portal__DatabaseProvider"] = "Postgres",
            ["ConnectionStrings__Portal"] = connection,
            ["Portal__SchedulerInstanceId"] = name,
            ["Portal__KeyRingDirectory"] = keyRing,
        };
        await using var a = await PortalProcess.StartAsync(Node("node-a"));
        await using var b = await PortalProcess.StartAsync(Node("node-b"));
        using var apiA = Api(a);
        using var apiB = Api(b);

        foreach (var api in new[] { apiA, apiB })
        {
            var health = await Json(await api.GetAsync("healthz"));
            Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("scheduler").GetProperty("status").GetString());
        }

        // Onboard on node A (each node runs its own demo simulator with the same seed, so either can sync it).
        var (client, secret) = DemoTenant.Client("fabrikam-portal-responder");
        var created = await apiA.PostAsJsonAsync("api/v1/accounts", new
        {
            name = "Clustered", tenantId = DemoTenant.TenantId, clientId = client, clientSecret = secret,
            subscriptionIds = new[] { DemoTenant.SubscriptionId },
            features = new[] { "Hosts" },
            syncPolicy = new { regions = (string[]?)null, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 0 },
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created)).GetProperty("account").GetProperty("id").GetString()!;

        // Both nodes see the same schedule.
        var nextA = (await Json(await apiA.GetAsync($"api/v1/accounts/{id}"))).GetProperty("nextRuns").GetProperty("hosts").GetString();
        var nextB = (await Json(await apiB.GetAsync($"api/v1/accounts/{id}"))).GetProperty("nextRuns").GetProperty("hosts").GetString();
        Assert.Equal(nextA, nextB);

        // Onboarding queued one run; then "sync now" alternately through each node: every request yields exactly one run.
        for (var round = 1; round <= 5; round++)
        {
            if (round > 1)
                Assert.Equal(System.Net.HttpStatusCode.Accepted, (await (round % 2 == 0 ? apiB : apiA).PostAsJsonAsync($"api/v1/accounts/{id}/sync", new { kind = "hosts" })).StatusCode);
            var deadline = DateTime.UtcNow.AddSeconds(45);
            while ((await SyncRunsAsync(apiA, id)).Count < round && DateTime.UtcNow < deadline) await Task.Delay(300);
            await Task.Delay(1500); // a duplicate on the other node would have started by now
            Assert.Equal(round, (await SyncRunsAsync(apiA, id)).Count);
        }
        var sources = await SyncRunsAsync(apiB, id);
        Assert.All(sources, s => Assert.True(s is "node:node-a" or "node:node-b", s));

        // One node goes away: the other keeps running the account's work.
        await a.StopAsync();
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await apiB.PostAsJsonAsync($"api/v1/accounts/{id}/sync", new { kind = "hosts" })).StatusCode);
        var until = DateTime.UtcNow.AddSeconds(60);
        while ((await SyncRunsAsync(apiB, id)).Count < 6 && DateTime.UtcNow < until) await Task.Delay(500);
        var after = await SyncRunsAsync(apiB, id);
        Assert.Equal(6, after.Count);
        // Node B did not store the secret, yet its run succeeded (SyncRunsAsync checks every outcome): shared key ring.
        Assert.Equal("node:node-b", after[0]);
    }
}
