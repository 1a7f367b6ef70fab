using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Hosting;

namespace Portal.ApiTests;

/// <summary>
/// The portal in memory (demo mode) with the demo subscription onboarded through the API with the Response feature by the
/// responder app registration, Analyst and Viewer API tokens, and the plain Azure SDK pointed at the same simulator with the
/// reader app registration: the independent read-back of what containment changed.
/// </summary>
public sealed class ContainmentApiFixture : IAsyncLifetime
{
    public PortalApiFactory App { get; } = new();
    public HttpClient Analyst { get; private set; } = null!;
    public HttpClient Viewer { get; private set; } = null!;
    public string AnalystTokenName { get; } = "soar-" + Guid.NewGuid().ToString("N")[..8];
    /// <summary>The plain Azure SDK (reader app registration) against the portal's demo simulator.</summary>
    public SimulatorArm Sdk { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var admin = App.Admin();
        var onboard = await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            name = "Fabrikam response", cloud = "AzurePublic", tenantId = DemoTenant.TenantId, clientId = DemoTenant.Responder.ClientId,
            clientSecret = DemoTenant.Responder.Secret, subscriptionIds = new[] { DemoTenant.SubscriptionId }, features = new[] { "Hosts", "Response" },
            syncPolicy = new { regions = (string[]?)null, includeNewRegions = true, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60 },
        });
        Assert.True(onboard.StatusCode == HttpStatusCode.Created, await onboard.Content.ReadAsStringAsync());
        Analyst = App.ClientWithToken(await TokenAsync(admin, AnalystTokenName, "Analyst"));
        Viewer = App.ClientWithToken(await TokenAsync(admin, "viewer-" + Guid.NewGuid().ToString("N")[..8], "Viewer"));

        var sim = App.Services.GetRequiredService<DemoEnvironment>().Simulator;
        var reader = DemoTenant.Reader;
        Sdk = new SimulatorArm(new ArmClient(
            new ClientSecretCredential(sim.TenantId, reader.ClientId, reader.Secret,
                new ClientSecretCredentialOptions { AuthorityHost = sim.AuthorityHost, DisableInstanceDiscovery = true, Transport = new HttpClientTransport(sim.CreateTrustingHandler()) }),
            DemoTenant.SubscriptionId,
            new ArmClientOptions { Environment = new ArmEnvironment(sim.ArmEndpoint, sim.ArmAudience), Transport = new HttpClientTransport(sim.CreateTrustingHandler()) }));
    }

    private static async Task<string> TokenAsync(HttpClient admin, string name, string role)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/tokens", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("secret").GetString()!;
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The resource id of a demo VM (from the simulator's seed).</summary>
    public static string VmId(string name)
    {
        var seed = JsonDocument.Parse(File.ReadAllText(Path.Combine(DemoTenant.RepositoryRoot(), "src", "AzureSim", "Seeds", "demo.json"))).RootElement;
        var vm = seed.GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
        return $"/subscriptions/{DemoTenant.SubscriptionId}/resourceGroups/{vm.GetProperty("rg").GetString()}/providers/Microsoft.Compute/virtualMachines/{name}";
    }

    // ---------------- the portal's API

    /// <summary>Polls GET /api/v1/containment/{id} until the status is one of <paramref name="statuses"/>.</summary>
    public async Task<JsonElement> WaitForStatusAsync(string id, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await Analyst.GetAsync($"/api/v1/containment/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await Json(response);
            var status = body.GetProperty("status").GetString()!;
            if (statuses.Contains(status)) return body;
            Assert.True(status is "requested" or "running" or "undoing", $"Action {id} ended {status}: {body}");
            Assert.True(DateTime.UtcNow < deadline, $"Action {id} is still {status}: {body}");
            await Task.Delay(100);
        }
    }

    /// <summary>POSTs the request (202 expected) and returns the accepted id.</summary>
    public async Task<string> SubmitAsync(object body, string? idempotencyKey = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/containment") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await (client ?? Analyst).SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var accepted = await Json(response);
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/containment/{id}", response.Headers.Location?.ToString());
        Assert.Contains(accepted.GetProperty("status").GetString(), new[] { "requested", "running", "succeeded" });
        return id;
    }

    /// <summary>Submits, waits for success and checks the verification the portal stored.</summary>
    public async Task<(string Id, JsonElement Action)> ApplyAsync(object body, bool inForce = true)
    {
        var id = await SubmitAsync(body);
        var done = await WaitForStatusAsync(id, "succeeded");
        Assert.True(done.GetProperty("verification").GetProperty("verified").GetBoolean(), done.GetProperty("verification").ToString());
        Assert.Equal(inForce, done.GetProperty("inForce").GetBoolean());
        return (id, done);
    }

    public async Task<JsonElement> UndoAsync(string id, string reason = "false positive")
    {
        var response = await Analyst.PostAsJsonAsync($"/api/v1/containment/{id}/undo", new { reason });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(id, (await Json(response)).GetProperty("id").GetString());
        var undone = await WaitForStatusAsync(id, "undone");
        Assert.True(undone.GetProperty("verification").GetProperty("verified").GetBoolean(), undone.GetProperty("verification").ToString());
        Assert.False(undone.GetProperty("inForce").GetBoolean());
        return undone;
    }

    /// <summary>The audit actions recorded for the action (waits briefly: the final entry is written just after the state).</summary>
    public async Task<IReadOnlyList<JsonElement>> AuditAsync(string id, params string[] expectedActions)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var page = await Json(await App.Admin().GetAsync($"/api/v1/audit?target={id}&pageSize=500"));
            var items = page.GetProperty("items").EnumerateArray().ToList();
            var actions = items.Select(e => e.GetProperty("action").GetString()!).ToHashSet();
            if (expectedActions.All(actions.Contains) || DateTime.UtcNow > deadline) return items;
            await Task.Delay(100);
        }
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}
