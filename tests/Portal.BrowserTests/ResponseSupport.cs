using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;

namespace Portal.BrowserTests;

/// <summary>
/// What the response browser tests share: the demo subscription onboarded once with the Response feature (responder app
/// registration) and its hosts synced, an API client with the bootstrap token, and an independent read-back of the portal's
/// bundled simulator through the plain Azure SDK.
/// </summary>
public static partial class ResponseSupport
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<Uri, string> Onboarded = [];

    public static HttpClient Api(BrowserFixture fx)
    {
        var api = new HttpClient { BaseAddress = fx.Portal.BaseUri };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalProcess.BootstrapToken);
        return api;
    }

    /// <summary>Onboards the responder account once per portal process and waits until its hosts are in the inventory.</summary>
    public static async Task<string> EnsureResponderAccountAsync(BrowserFixture fx)
    {
        await Gate.WaitAsync();
        try
        {
            if (Onboarded.TryGetValue(fx.Portal.BaseUri, out var known)) return known;
            using var api = Api(fx);
            var created = await api.PostAsJsonAsync("api/v1/accounts", new
            {
                name = "Fabrikam response", tenantId = DemoTenant.TenantId, clientId = DemoTenant.Responder.ClientId, clientSecret = DemoTenant.Responder.Secret,
                subscriptionIds = new[] { DemoTenant.SubscriptionId }, features = new[] { "Hosts", "Response" },
                syncPolicy = new { regions = (string[]?)null, hostSyncMinutes = 60, resourceSyncMinutes = 0, healthCheckMinutes = 60 },
            });
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("account").GetProperty("id").GetString()!;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await HostCountAsync(api, id) < DemoTenant.VmCount)
            {
                Assert.True(DateTime.UtcNow < deadline, "The responder account's hosts were not synced within 60 s.");
                await Task.Delay(500);
            }
            Onboarded[fx.Portal.BaseUri] = id;
            return id;
        }
        finally { Gate.Release(); }
    }

    private static async Task<int> HostCountAsync(HttpClient api, string accountId) =>
        JsonDocument.Parse(await api.GetStringAsync($"api/v1/hosts?accountId={accountId}&pageSize=1")).RootElement.GetProperty("total").GetInt32();

    /// <summary>The inventory id and resource id of a demo VM in the responder account.</summary>
    public static async Task<(string HostId, string ResourceId)> HostAsync(BrowserFixture fx, string accountId, string name)
    {
        using var api = Api(fx);
        var items = JsonDocument.Parse(await api.GetStringAsync($"api/v1/hosts?accountId={accountId}&search={name}")).RootElement.GetProperty("items");
        var host = items.EnumerateArray().Single(h => h.GetProperty("name").GetString() == name);
        return (host.GetProperty("id").GetString()!, host.GetProperty("resourceId").GetString()!);
    }

    [GeneratedRegex(@"bundled Azure simulator at (https://127\.0\.0\.1:\d+/)")]
    private static partial Regex SimulatorEndpoint();

    /// <summary>The plain Azure SDK against the portal's own simulator (its address is in the portal's start-up log).</summary>
    public static SimulatorSdk Sdk(BrowserFixture fx)
    {
        var match = SimulatorEndpoint().Match(fx.Portal.Output);
        Assert.True(match.Success, "The portal did not log its demo simulator's address.");
        return new SimulatorSdk(new Uri(match.Groups[1].Value));
    }
}

/// <summary>Reads resources and power states from the simulator through ArmClient, as any Azure client would.</summary>
public sealed class SimulatorSdk(Uri endpoint) : SimulatorArm(Create(endpoint))
{
    private static ArmClient Create(Uri endpoint)
    {
        // The simulator's certificate is generated per start; trust it only on its own loopback address and port.
        HttpClientHandler Handler() => new()
        {
            ServerCertificateCustomValidationCallback = (request, _, _, _) =>
                request.RequestUri is { } u && u.Host == endpoint.Host && u.Port == endpoint.Port,
        };
        var (clientId, secret) = DemoTenant.Reader;
        return new ArmClient(
            new ClientSecretCredential(DemoTenant.TenantId, clientId, secret,
                new ClientSecretCredentialOptions { AuthorityHost = endpoint, DisableInstanceDiscovery = true, Transport = new HttpClientTransport(Handler()) }),
            DemoTenant.SubscriptionId,
            new ArmClientOptions { Environment = new ArmEnvironment(endpoint, "https://management.azure.com/"), Transport = new HttpClientTransport(Handler()) });
    }

    /// <summary>The resource's properties as JSON, or null when Azure says 404.</summary>
    public async Task<JsonObject?> PropertiesAsync(string id) =>
        await GetAsync(id) is { } r ? r["properties"]?.AsObject() ?? new JsonObject() : null;

    /// <summary>The security rules of an NSG: name → (access, direction, source and destination prefixes).</summary>
    public async Task<IReadOnlyList<SdkRule>> RulesAsync(string nsgId)
    {
        var props = await PropertiesAsync(nsgId) ?? throw new InvalidOperationException($"{nsgId} does not exist.");
        return (props["securityRules"]?.AsArray() ?? []).Select(r => r!.AsObject()).Select(r =>
        {
            var p = r["properties"]!.AsObject();
            return new SdkRule(r["name"]!.GetValue<string>(), p["access"]!.GetValue<string>(), p["direction"]!.GetValue<string>(),
                p["priority"]!.GetValue<int>(), Prefixes(r, "sourceAddressPrefix", "sourceAddressPrefixes"),
                Prefixes(r, "destinationAddressPrefix", "destinationAddressPrefixes"));
        }).ToList();
    }

    /// <summary>The NSG ids of the VM's NICs (null for a NIC without one).</summary>
    public async Task<IReadOnlyList<string?>> NicNsgIdsAsync(string vmId)
    {
        var result = new List<string?>();
        foreach (var nic in await NicIdsAsync(vmId)) result.Add(await NicNsgAsync(nic));
        return result;
    }
}

public sealed record SdkRule(string Name, string Access, string Direction, int Priority, IReadOnlyList<string> Sources, IReadOnlyList<string> Destinations);

/// <summary>The response tests get their own portal process (and Chromium): the responder account they onboard would otherwise
/// show up next to the accounts other browser tests create and count.</summary>
[CollectionDefinition(Name)]
public sealed class ResponseCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "response";
}
