using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.ApiTests;

/// <summary>The portal in memory (demo mode) with the demo subscription onboarded with Agentless detection through the API,
/// and Analyst and Viewer tokens. Scans run for real against the bundled simulator.</summary>
public sealed class AgentlessApiFixture : IAsyncLifetime
{
    public PortalApiFactory App { get; } = new();
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Analyst { get; private set; } = null!;
    public HttpClient Viewer { get; private set; } = null!;
    public string AccountId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Admin = App.Admin();
        var onboard = await Admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            name = "Fabrikam agentless", cloud = "AzurePublic", tenantId = DemoTenant.TenantId, clientId = DemoTenant.Responder.ClientId,
            clientSecret = DemoTenant.Responder.Secret, subscriptionIds = new[] { DemoTenant.SubscriptionId }, features = new[] { "Hosts", "Agentless" },
            syncPolicy = new { regions = (string[]?)null, includeNewRegions = true, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60, agentlessMinutes = 0 },
        });
        Assert.True(onboard.StatusCode == HttpStatusCode.Created, await onboard.Content.ReadAsStringAsync());
        AccountId = (await Json(onboard)).GetProperty("account").GetProperty("id").GetString()!;
        Analyst = App.ClientWithToken(await TokenAsync("Analyst"));
        Viewer = App.ClientWithToken(await TokenAsync("Viewer"));
        // The host sync onboarding starts fills the inventory the scans read.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await Json(await Admin.GetAsync($"/api/v1/hosts?accountId={AccountId}&pageSize=1"))).GetProperty("total").GetInt32() < DemoTenant.VmCount)
        {
            Assert.True(DateTime.UtcNow < deadline, "the host sync did not finish");
            await Task.Delay(200);
        }
    }

    private async Task<string> TokenAsync(string role)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/tokens", new { name = $"{role}-{Guid.NewGuid():N}"[..20], role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("secret").GetString()!;
    }

    public async Task<string> HostIdAsync(string name)
    {
        var hosts = await Json(await Admin.GetAsync($"/api/v1/hosts?accountId={AccountId}&search={name}"));
        return hosts.GetProperty("items").EnumerateArray().Single(h => h.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
    }

    /// <summary>Polls the scan until it is done or failed; returns the detail and its raw text.</summary>
    public async Task<(JsonElement Detail, string Raw)> WaitAsync(string scanId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            var response = await Viewer.GetAsync($"/api/v1/agentless/scans/{scanId}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var raw = await response.Content.ReadAsStringAsync();
            var detail = JsonDocument.Parse(raw).RootElement;
            if (detail.GetProperty("scan").GetProperty("state").GetString() is "done" or "failed") return (detail, raw);
            Assert.True(DateTime.UtcNow < deadline, $"scan {scanId} did not finish: {raw}");
            await Task.Delay(250);
        }
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public class AgentlessApiTests(AgentlessApiFixture f) : IClassFixture<AgentlessApiFixture>
{
    [Fact]
    public async Task Scan_now_for_a_host_runs_to_done_with_every_disk_and_volume_accounted_and_no_sas_url_anywhere()
    {
        var hostId = await f.HostIdAsync("sqlvm-eus-01");
        var response = await f.Analyst.PostAsync($"/api/v1/hosts/{hostId}/agentless/scan", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await AgentlessApiFixture.Json(response);
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/agentless/scans/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("server", accepted.GetProperty("kind").GetString());

        var (detail, raw) = await f.WaitAsync(id);
        Assert.Equal("done", detail.GetProperty("scan").GetProperty("state").GetString());
        var target = Assert.Single(detail.GetProperty("targets").EnumerateArray());
        Assert.Equal("sqlvm-eus-01", target.GetProperty("name").GetString());
        Assert.Equal("running", target.GetProperty("powerState").GetString());
        var disks = target.GetProperty("disks").EnumerateArray().ToList();
        Assert.Equal(3, disks.Count);
        var os = disks.Single(d => d.GetProperty("isOsDisk").GetBoolean());
        Assert.Equal("done", os.GetProperty("state").GetString());
        Assert.True(os.GetProperty("snapshotDeleted").GetBoolean());
        Assert.True(os.GetProperty("bytesFetched").GetInt64() > 0);
        Assert.True(os.GetProperty("durationMs").GetInt64() >= 0);
        Assert.NotEmpty(os.GetProperty("volumes").EnumerateArray());
        Assert.All(os.GetProperty("volumes").EnumerateArray(), v =>
            Assert.True(v.GetProperty("read").GetBoolean() || v.GetProperty("skipReason").GetString() is { Length: > 0 }));
        Assert.All(disks.Where(d => !d.GetProperty("isOsDisk").GetBoolean()), d =>
        {
            Assert.Equal("skipped", d.GetProperty("state").GetString());
            Assert.StartsWith("UltraSSD_LRS disk", d.GetProperty("skipReason").GetString());
        });
        // The SAS URL is a secret: never in a response (nor in the audit trail).
        Assert.DoesNotContain("sig=", raw);
        Assert.DoesNotContain("sv=", raw);
        var audit = await (await f.Admin.GetAsync("/api/v1/audit?action=agentless.&pageSize=200")).Content.ReadAsStringAsync();
        Assert.Contains("agentless.scan", audit);
        Assert.DoesNotContain("sig=", audit);

        var listed = await AgentlessApiFixture.Json(await f.Viewer.GetAsync($"/api/v1/agentless/scans?hostId={hostId}&state=done"));
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        var none = await AgentlessApiFixture.Json(await f.Viewer.GetAsync($"/api/v1/agentless/scans?hostId={hostId}&state=failed"));
        Assert.DoesNotContain(none.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Scan_now_for_the_account_answers_202_and_asking_again_returns_the_same_scan()
    {
        var first = await f.Analyst.PostAsJsonAsync($"/api/v1/accounts/{f.AccountId}/agentless/scan", new { kind = "customImage" });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var a = await AgentlessApiFixture.Json(first);
        var second = await AgentlessApiFixture.Json(await f.Analyst.PostAsJsonAsync($"/api/v1/accounts/{f.AccountId}/agentless/scan", new { kind = "customImage" }));
        if (second.GetProperty("created").GetBoolean() == false) Assert.Equal(a.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        var (detail, _) = await f.WaitAsync(a.GetProperty("id").GetString()!);
        Assert.Equal("done", detail.GetProperty("scan").GetProperty("state").GetString());
        Assert.Contains(detail.GetProperty("targets").EnumerateArray(), t => t.GetProperty("type").GetString() == "GalleryImageVersion");
    }

    [Fact]
    public async Task Viewers_read_but_cannot_start_scans()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await f.Viewer.PostAsync($"/api/v1/accounts/{f.AccountId}/agentless/scan", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await f.Viewer.PostAsync($"/api/v1/hosts/{await f.HostIdAsync("web-eus-01")}/agentless/scan", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await f.Viewer.GetAsync("/api/v1/agentless/scans")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_with_a_code()
    {
        async Task Expect(HttpResponseMessage r, HttpStatusCode status, string code)
        {
            Assert.Equal(status, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.Equal(code, (await AgentlessApiFixture.Json(r)).GetProperty("code").GetString());
        }
        await Expect(await f.Analyst.PostAsJsonAsync($"/api/v1/accounts/{f.AccountId}/agentless/scan", new { kind = "everything" }), HttpStatusCode.BadRequest, "validation");
        await Expect(await f.Analyst.PostAsync($"/api/v1/accounts/{Guid.NewGuid()}/agentless/scan", null), HttpStatusCode.NotFound, "not_found");
        await Expect(await f.Analyst.PostAsync($"/api/v1/hosts/{Guid.NewGuid()}/agentless/scan", null), HttpStatusCode.NotFound, "not_found");
        await Expect(await f.Viewer.GetAsync($"/api/v1/agentless/scans/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "not_found");
        await Expect(await f.Viewer.GetAsync("/api/v1/agentless/scans?state=sleeping"), HttpStatusCode.BadRequest, "validation");
        await Expect(await f.Viewer.GetAsync("/api/v1/agentless/scans?pageSize=0"), HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task The_sync_policy_carries_the_agentless_frequency_and_without_the_feature_a_scan_is_refused()
    {
        var account = await AgentlessApiFixture.Json(await f.Admin.GetAsync($"/api/v1/accounts/{f.AccountId}"));
        Assert.Equal(0, account.GetProperty("syncPolicy").GetProperty("agentlessMinutes").GetInt32());
        Assert.True(account.GetProperty("nextRuns").TryGetProperty("agentless", out var next));
        Assert.Equal(JsonValueKind.Null, next.ValueKind);

        var tooOften = await f.Admin.PutAsJsonAsync($"/api/v1/accounts/{f.AccountId}", new
        {
            syncPolicy = new { regions = (string[]?)null, includeNewRegions = true, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60, agentlessMinutes = 30 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooOften.StatusCode);
        Assert.Contains("agentlessMinutes", await tooOften.Content.ReadAsStringAsync());

        var daily = await f.Admin.PutAsJsonAsync($"/api/v1/accounts/{f.AccountId}", new
        {
            syncPolicy = new { regions = (string[]?)null, includeNewRegions = true, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60, agentlessMinutes = 1440 },
        });
        Assert.Equal(HttpStatusCode.OK, daily.StatusCode);
        var scheduled = await AgentlessApiFixture.Json(daily);
        Assert.Equal(1440, scheduled.GetProperty("syncPolicy").GetProperty("agentlessMinutes").GetInt32());
        var at = scheduled.GetProperty("nextRuns").GetProperty("agentless").GetDateTimeOffset();
        Assert.InRange(at, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));

        try
        {
            var off = await f.Admin.PutAsJsonAsync($"/api/v1/accounts/{f.AccountId}", new { features = new[] { "Hosts" } });
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
            var refused = await f.Analyst.PostAsync($"/api/v1/accounts/{f.AccountId}/agentless/scan", null);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("feature_disabled", (await AgentlessApiFixture.Json(refused)).GetProperty("code").GetString());
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await f.Admin.PutAsJsonAsync($"/api/v1/accounts/{f.AccountId}", new { features = new[] { "Hosts", "Agentless" } })).StatusCode);
        }
    }
}
