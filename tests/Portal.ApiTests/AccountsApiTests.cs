using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.ApiTests;

/// <summary>Onboarding through the API against the portal's bundled simulator (demo mode), via the real Azure SDK.</summary>
public sealed class AccountsApiTests(PortalApiFactory app) : IClassFixture<PortalApiFactory>
{
    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private static object Body(string name, (string ClientId, string Secret) client, string[]? features = null, string? subscription = null, string? tenant = null) => new
    {
        name,
        cloud = "AzurePublic",
        tenantId = tenant ?? DemoTenant.TenantId,
        clientId = client.ClientId,
        clientSecret = client.Secret,
        subscriptionIds = new[] { subscription ?? DemoTenant.SubscriptionId },
        features = features ?? ["Hosts"],
        syncPolicy = new { regions = (string[]?)null, includeNewRegions = true, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60 },
    };

    private async Task<int> AccountCountAsync() => (await Json(await app.Admin().GetAsync("/api/v1/accounts"))).GetArrayLength();

    [Fact]
    public async Task Onboarding_a_good_credential_stores_the_account_and_syncs_its_hosts()
    {
        var response = await app.Admin().PostAsJsonAsync("/api/v1/accounts", Body("Fabrikam production", DemoTenant.Responder, ["Hosts", "Response", "Agentless"]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(DemoTenant.Responder.Secret, text);
        var body = JsonDocument.Parse(text).RootElement;
        var features = body.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("feature").GetString()!, f => f.GetProperty("ready").GetBoolean());
        Assert.True(features["Hosts"]);
        Assert.True(features["Agentless"]);
        var id = body.GetProperty("account").GetProperty("id").GetString();
        Assert.Equal(DemoTenant.VmCount, body.GetProperty("subscriptions")[0].GetProperty("vmCount").GetInt32());

        // "Synchronize now" was queued: the hosts arrive.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement hosts;
        do
        {
            await Task.Delay(500);
            hosts = await Json(await app.Admin().GetAsync($"/api/v1/hosts?accountId={id}&pageSize=100"));
        } while (hosts.GetProperty("total").GetInt32() < DemoTenant.VmCount && DateTime.UtcNow < deadline);
        Assert.Equal(DemoTenant.VmCount, hosts.GetProperty("total").GetInt32());
        var host = hosts.GetProperty("items")[0];
        Assert.StartsWith("/subscriptions/", host.GetProperty("resourceId").GetString());
        Assert.False(host.GetProperty("removed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await app.Admin().GetAsync($"/api/v1/hosts/{host.GetProperty("id").GetString()}")).StatusCode);

        var account = await Json(await app.Admin().GetAsync($"/api/v1/accounts/{id}"));
        Assert.NotEqual(JsonValueKind.Null, account.GetProperty("lastHostSyncAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, account.GetProperty("nextRuns").GetProperty("hosts").ValueKind);
        Assert.Equal(DemoTenant.VmCount, account.GetProperty("hostCount").GetInt32());
    }

    [Theory]
    [InlineData("wrong-secret", "AADSTS7000215")]
    [InlineData("expired", "AADSTS7000222")]
    [InlineData("unknown-client", "AADSTS700016")]
    [InlineData("unknown-tenant", "AADSTS90002")]
    [InlineData("foreign-subscription", "SubscriptionNotFound")]
    public async Task A_failing_credential_gets_422_with_the_azure_code_and_nothing_is_stored(string case_, string code)
    {
        var before = await AccountCountAsync();
        var (client, secret) = DemoTenant.Responder;
        object body = case_ switch
        {
            "wrong-secret" => Body("x", (client, secret + "x")),
            "expired" => Body("x", DemoTenant.Expired),
            "unknown-client" => Body("x", (Guid.NewGuid().ToString(), secret)),
            "unknown-tenant" => Body("x", (client, secret), tenant: Guid.NewGuid().ToString()),
            _ => Body("x", (client, secret), subscription: Guid.NewGuid().ToString()),
        };
        var response = await app.Admin().PostAsJsonAsync("/api/v1/accounts", body);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var problem = await Json(response);
        Assert.StartsWith(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.DoesNotContain(secret, problem.ToString());
        Assert.Equal(before, await AccountCountAsync());
    }

    [Fact]
    public async Task A_pasted_secret_id_is_caught_before_azure_is_asked()
    {
        var response = await app.Admin().PostAsJsonAsync("/api/v1/accounts", Body("x", (DemoTenant.Responder.ClientId, Guid.NewGuid().ToString())));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal("validation", problem.GetProperty("code").GetString());
        Assert.Contains("Secret ID", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Reader_only_app_is_onboarded_degraded_with_the_missing_response_actions()
    {
        var response = await app.Admin().PostAsJsonAsync("/api/v1/accounts", Body("Reader only", DemoTenant.Reader, ["Hosts", "Response"]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        var responseFeature = body.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("feature").GetString() == "Response");
        Assert.False(responseFeature.GetProperty("ready").GetBoolean());
        var missing = responseFeature.GetProperty("missingActions").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains("Microsoft.Compute/virtualMachines/deallocate/action", missing);
        Assert.Contains("Microsoft.Network/networkSecurityGroups/securityRules/write", missing);
        Assert.Equal("Degraded", body.GetProperty("account").GetProperty("status").GetString());
        var role = body.GetProperty("subscriptions")[0].GetProperty("leastPrivilegeRole").GetString()!;
        Assert.Contains("Microsoft.Compute/virtualMachines/deallocate/action", role);
    }

    [Fact]
    public async Task Invalid_policy_and_missing_fields_are_refused_with_specific_messages()
    {
        var response = await app.Admin().PostAsJsonAsync("/api/v1/accounts", new
        {
            name = "bad policy", tenantId = DemoTenant.TenantId, clientId = DemoTenant.Responder.ClientId, clientSecret = DemoTenant.Responder.Secret,
            subscriptionIds = new[] { DemoTenant.SubscriptionId }, features = new[] { "Hosts" },
            syncPolicy = new { regions = (string[]?)null, hostSyncMinutes = 2, resourceSyncMinutes = 0, healthCheckMinutes = 60 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'hostSyncMinutes' must be 0 (off) or at least 5 minutes", (await Json(response)).GetProperty("detail").GetString());

        var noName = await app.Admin().PostAsJsonAsync("/api/v1/accounts", Body("", DemoTenant.Responder));
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Contains("'name'", (await Json(noName)).GetProperty("detail").GetString());

        var badFeature = await app.Admin().PostAsync("/api/v1/accounts", new StringContent("{\"name\":\"x\",\"features\":[\"Telepathy\"]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badFeature.StatusCode);
    }

    [Fact]
    public async Task Rotating_to_a_wrong_secret_keeps_the_old_one_and_removal_stops_everything()
    {
        var created = await Json(await app.Admin().PostAsJsonAsync("/api/v1/accounts", Body("To rotate", DemoTenant.Responder)));
        var id = created.GetProperty("account").GetProperty("id").GetString();

        var rotate = await app.Admin().PutAsJsonAsync($"/api/v1/accounts/{id}", new { clientSecret = "Zz99Q~not-the-right-secret-value-at-all" });
        Assert.Equal((HttpStatusCode)422, rotate.StatusCode);
        Assert.Equal("AADSTS7000215", (await Json(rotate)).GetProperty("code").GetString());

        var good = await app.Admin().PutAsJsonAsync($"/api/v1/accounts/{id}", new { clientSecret = DemoTenant.Responder.Secret, name = "Rotated" });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("Rotated", (await Json(good)).GetProperty("name").GetString());

        var audit = await Json(await app.Admin().GetAsync($"/api/v1/audit?search={id}"));
        var actions = audit.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("action").GetString() + ":" + e.GetProperty("outcome").GetString()).ToList();
        Assert.Contains("account.rotate-secret:Failed", actions);
        Assert.Contains("account.update:Succeeded", actions);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().DeleteAsync($"/api/v1/accounts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Admin().GetAsync($"/api/v1/accounts/{id}")).StatusCode);
        Assert.Equal(0, (await Json(await app.Admin().GetAsync($"/api/v1/hosts?accountId={id}&includeRemoved=true"))).GetProperty("total").GetInt32());
        var removal = await Json(await app.Admin().GetAsync($"/api/v1/audit?action=account.remove&search={id}"));
        Assert.Equal(1, removal.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Roles_are_enforced_on_accounts()
    {
        var viewer = await Json(await app.Admin().PostAsJsonAsync("/api/v1/tokens", new { name = "acct-viewer", role = "Viewer" }));
        var client = app.ClientWithToken(viewer.GetProperty("secret").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/accounts", Body("x", DemoTenant.Responder))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/accounts/{Guid.NewGuid()}/sync", new { kind = "hosts" })).StatusCode);
    }

    [Fact]
    public async Task Resource_sync_runs_for_accounts_with_configuration_scanning_and_is_refused_otherwise()
    {
        var hostsOnly = await Json(await app.Admin().PostAsJsonAsync("/api/v1/accounts", Body("Hosts only", DemoTenant.Responder)));
        var hostsOnlyId = hostsOnly.GetProperty("account").GetProperty("id").GetString();
        var refused = await app.Admin().PostAsJsonAsync($"/api/v1/accounts/{hostsOnlyId}/sync", new { kind = "resources" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("feature_disabled", (await Json(refused)).GetProperty("code").GetString());

        var cspm = await Json(await app.Admin().PostAsJsonAsync("/api/v1/accounts", Body("With CSPM", DemoTenant.Responder, ["Hosts", "Cspm"])));
        var id = cspm.GetProperty("account").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Accepted, (await app.Admin().PostAsJsonAsync($"/api/v1/accounts/{id}/sync", new { kind = "resources" })).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement account;
        do
        {
            await Task.Delay(500);
            account = await Json(await app.Admin().GetAsync($"/api/v1/accounts/{id}"));
        } while (account.GetProperty("lastResourceSyncAt").ValueKind == JsonValueKind.Null && DateTime.UtcNow < deadline);
        Assert.NotEqual(JsonValueKind.Null, account.GetProperty("lastResourceSyncAt").ValueKind);
        var audit = await Json(await app.Admin().GetAsync($"/api/v1/audit?action=sync.resources&search={id}"));
        Assert.Equal("Succeeded", audit.GetProperty("items")[0].GetProperty("outcome").GetString());
    }
}
