using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.ApiTests;

/// <summary>One portal with the demo tenant onboarded with CSPM and its resources synced and scanned once (through the real
/// scheduler, connector and simulator), shared by the risk and whitelist API tests; plus a hosts-only account.</summary>
public sealed class RiskApiFixture : IAsyncLifetime
{
    public PortalApiFactory App { get; } = new();
    public string AccountId { get; private set; } = "";
    public string HostsOnlyAccountId { get; private set; } = "";

    /// <summary>The jump box NSG of the demo seed (R03): RDP allowed from the Internet.</summary>
    public static string JumpNsgId =>
        $"/subscriptions/{DemoTenant.SubscriptionId}/resourcegroups/rg-shared-eus/providers/microsoft.network/networksecuritygroups/nsg-jump-eus";

    public const string RdpCheck = "azure-nsg-rdp-internet";

    public static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    public async Task InitializeAsync()
    {
        AccountId = await OnboardAsync("Risks API", ["Hosts", "Cspm"]);
        HostsOnlyAccountId = await OnboardAsync("Risks API hosts only", ["Hosts"]);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var sync = await App.Admin().PostAsJsonAsync($"/api/v1/accounts/{AccountId}/sync", new { kind = "resources" });
        Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        await WaitForResourceSyncAsync(previous: null);
    }

    /// <summary>Waits until the account's last resource sync time differs from <paramref name="previous"/>; returns the new one.</summary>
    public async Task<string> WaitForResourceSyncAsync(string? previous)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var account = await Json(await App.Admin().GetAsync($"/api/v1/accounts/{AccountId}"));
            var at = account.GetProperty("lastResourceSyncAt");
            if (at.ValueKind == JsonValueKind.String && at.GetString() != previous) return at.GetString()!;
            Assert.True(DateTime.UtcNow < deadline, $"No resource sync finished; account: {account}");
            await Task.Delay(300);
        }
    }

    private async Task<string> OnboardAsync(string name, string[] features)
    {
        var response = await App.Admin().PostAsJsonAsync("/api/v1/accounts", new
        {
            name, cloud = "AzurePublic", tenantId = DemoTenant.TenantId, clientId = DemoTenant.Responder.ClientId, clientSecret = DemoTenant.Responder.Secret,
            subscriptionIds = new[] { DemoTenant.SubscriptionId }, features,
            syncPolicy = new { regions = (string[]?)null, includeNewRegions = true, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60 },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("account").GetProperty("id").GetString()!;
    }

    public async Task<string> TokenAsync(string role)
    {
        var response = await App.Admin().PostAsJsonAsync("/api/v1/tokens", new { name = $"{role}-{Guid.NewGuid():N}"[..20], role });
        return (await Json(response)).GetProperty("secret").GetString()!;
    }

    /// <summary>The row of <paramref name="checkId"/> in GET /risks for the fixture's account.</summary>
    public async Task<(int Failed, int Passed, int Whitelisted)> CountsAsync(string checkId)
    {
        var rows = await Json(await App.Admin().GetAsync($"/api/v1/risks?accountId={AccountId}"));
        var row = rows.EnumerateArray().Single(r => r.GetProperty("checkId").GetString() == checkId);
        return (row.GetProperty("failed").GetInt32(), row.GetProperty("passed").GetInt32(), row.GetProperty("whitelisted").GetInt32());
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}
