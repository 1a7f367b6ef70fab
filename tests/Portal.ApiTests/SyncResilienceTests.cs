using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Hosting;

namespace Portal.ApiTests;

/// <summary>What a sync does when Azure changes under it: a VM deleted in Azure is marked removed, and a credential
/// that stops working leaves the last good inventory untouched.</summary>
public sealed class SyncResilienceTests(PortalApiFactory app) : IClassFixture<PortalApiFactory>
{
    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private async Task<JsonElement> WaitForAccountAsync(string id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var account = await Json(await app.Admin().GetAsync($"/api/v1/accounts/{id}"));
            if (done(account) || DateTime.UtcNow > deadline) return account;
            await Task.Delay(300);
        }
    }

    private async Task<int> HostTotalAsync(string id, bool includeRemoved = false) =>
        (await Json(await app.Admin().GetAsync($"/api/v1/hosts?accountId={id}&includeRemoved={includeRemoved}"))).GetProperty("total").GetInt32();

    [Fact]
    public async Task Deleted_vms_are_marked_removed_and_a_failing_credential_keeps_the_last_good_inventory()
    {
        var created = await app.Admin().PostAsJsonAsync("/api/v1/accounts", new
        {
            name = "Resilience", tenantId = DemoTenant.TenantId, clientId = DemoTenant.Responder.ClientId, clientSecret = DemoTenant.Responder.Secret,
            subscriptionIds = new[] { DemoTenant.SubscriptionId }, features = new[] { "Hosts" },
            syncPolicy = new { regions = (string[]?)null, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created)).GetProperty("account").GetProperty("id").GetString()!;
        var first = await WaitForAccountAsync(id, a => a.GetProperty("hostCount").GetInt32() == DemoTenant.VmCount);
        Assert.Equal(DemoTenant.VmCount, first.GetProperty("hostCount").GetInt32());
        var firstSync = first.GetProperty("lastHostSyncAt").GetString();

        // A VM disappears from Azure.
        var victim = (await Json(await app.Admin().GetAsync($"/api/v1/hosts?accountId={id}&search=dev-wus2-03"))).GetProperty("items")[0];
        var simulator = app.Services.GetRequiredService<DemoEnvironment>().Simulator;
        Assert.True(simulator.State.DeleteResource(victim.GetProperty("resourceId").GetString()!));
        app.Clock.Advance(TimeSpan.FromMinutes(10)); // the factory's clock stands still unless moved
        Assert.Equal(HttpStatusCode.Accepted, (await app.Admin().PostAsJsonAsync($"/api/v1/accounts/{id}/sync", new { kind = "hosts" })).StatusCode);
        var second = await WaitForAccountAsync(id, a => a.GetProperty("lastHostSyncAt").GetString() != firstSync);
        Assert.Equal(DemoTenant.VmCount - 1, await HostTotalAsync(id));
        Assert.Equal(DemoTenant.VmCount, await HostTotalAsync(id, includeRemoved: true));
        var removed = await Json(await app.Admin().GetAsync($"/api/v1/hosts/{victim.GetProperty("id").GetString()}"));
        Assert.True(removed.GetProperty("removed").GetBoolean());
        Assert.True(removed.GetProperty("lastSeen").GetDateTime() < removed.GetProperty("removedAt").GetDateTime());

        // Azure fails the VM listing (past the SDK's retries): the sync fails, says why, and keeps every stored host.
        simulator.State.FailNext(200, 503, "virtualMachines");
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Accepted, (await app.Admin().PostAsJsonAsync($"/api/v1/accounts/{id}/sync", new { kind = "hosts" })).StatusCode);
        var failed = await WaitForAccountAsync(id, a => a.GetProperty("status").GetString() == "Unhealthy");
        Assert.Equal("Unhealthy", failed.GetProperty("status").GetString());
        Assert.Equal("ServiceUnavailable", failed.GetProperty("lastErrorCode").GetString());
        Assert.Equal(second.GetProperty("lastHostSyncAt").GetString(), failed.GetProperty("lastHostSyncAt").GetString());
        Assert.Equal(DemoTenant.VmCount - 1, await HostTotalAsync(id));
        simulator.State.ClearQueuedFaults();

        // The secret expires in Entra: the credential health check reports it (tokens already issued keep ARM working
        // until they expire, as in Azure).
        simulator.State.ExpireSecretNow(DemoTenant.Responder.ClientId);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Accepted, (await app.Admin().PostAsJsonAsync($"/api/v1/accounts/{id}/sync", new { kind = "healthCheck" })).StatusCode);
        var expired = await WaitForAccountAsync(id, a => a.GetProperty("lastErrorCode").GetString() == "AADSTS7000222");
        Assert.Equal("AADSTS7000222", expired.GetProperty("lastErrorCode").GetString());
        Assert.Equal("Unhealthy", expired.GetProperty("status").GetString());
        Assert.DoesNotContain(DemoTenant.Responder.Secret, expired.ToString());

        var audit = await Json(await app.Admin().GetAsync($"/api/v1/audit?action=sync.hosts&outcome=Failed&search={id}"));
        Assert.Contains("hosts of the last good sync are kept", audit.GetProperty("items")[0].GetProperty("detail").GetString());
    }
}
