using System.Text.Json;
using System.Text.Json.Nodes;
using AzureSim;
using Portal.Azure;
using Portal.Domain.Cloud;

namespace Portal.Azure.Tests;

/// <summary>An in-process AzureSim (demo seed) and a connector pointed at it. One per test class.</summary>
public class SimFixture : IAsyncLifetime
{
    public const string Responder = "fabrikam-portal-responder";
    public const string Reader = "fabrikam-portal-reader";
    public const string LeastPriv = "fabrikam-portal-leastpriv";
    public const string Expired = "fabrikam-portal-expired";
    public const string RgContributor = "fabrikam-devops-rg-contributor";
    public const string Partner = "contoso-partner-app";

    public AzureSimHost Host { get; private set; } = null!;
    public AzureCloudConnector Connector { get; private set; } = null!;

    protected virtual AzureSimOptions SimOptions => new() { Seed = "demo", RandomSeed = 42 };
    protected virtual CloudKind Cloud => CloudKind.AzurePublic;

    public string SubscriptionId => Host.SubscriptionId;

    public virtual async Task InitializeAsync()
    {
        Host = await AzureSimHost.StartAsync(SimOptions);
        Connector = CreateConnector();
    }

    public AzureCloudConnector CreateConnector(Action<AzureConnectorOptions>? configure = null)
    {
        var o = new AzureConnectorOptions
        {
            // quick retries in tests; Retry-After from the simulator is still honoured
            ArmRetry = new AzureRetrySettings { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(2), NetworkTimeout = TimeSpan.FromSeconds(20) },
            IdentityRetry = new AzureRetrySettings { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(1), NetworkTimeout = TimeSpan.FromSeconds(20) },
        };
        o.EndpointOverrides[Cloud] = Endpoints(Host);
        configure?.Invoke(o);
        return new AzureCloudConnector(o);
    }

    public static AzureEndpointOverride Endpoints(AzureSimHost host) => new()
    {
        AuthorityHost = host.AuthorityHost,
        ArmEndpoint = host.ArmEndpoint,
        ArmAudience = host.ArmAudience,
        HandlerFactory = host.CreateTrustingHandler,
    };

    public CloudCredential Credential(string client, string? secret = null, string? tenant = null, string? clientId = null)
    {
        var c = Host.Client(client);
        return new CloudCredential(Cloud, tenant ?? c.TenantId, clientId ?? c.ClientId, secret ?? c.Secret);
    }

    /// <summary>The VMs of the seed, straight from the simulator's state (the ground truth to compare with).</summary>
    public IReadOnlyList<JsonObject> SeededVms(string? subscriptionId = null) =>
        Host.State.ListResources("Microsoft.Compute/virtualMachines")
            .Where(v => ((string?)v["id"] ?? "").StartsWith($"/subscriptions/{subscriptionId ?? SubscriptionId}/", StringComparison.OrdinalIgnoreCase))
            .ToList();

    public virtual async Task DisposeAsync()
    {
        Connector?.Dispose();
        if (Host != null) await Host.DisposeAsync();
    }
}

/// <summary>A second simulator answering as Azure China (21Vianet).</summary>
public sealed class ChinaSimFixture : SimFixture
{
    protected override AzureSimOptions SimOptions => new() { Seed = "demo", Cloud = SimCloud.AzureChina, RandomSeed = 7 };
    protected override CloudKind Cloud => CloudKind.AzureChina;
}

/// <summary>
/// The demo seed plus one app holding one custom role, written to a throw-away seed file: a simulator for tests that change it
/// (faults, role assignments), never shared with read-only tests.
/// </summary>
public abstract class ExtraAppSimFixture(int randomSeed) : SimFixture
{
    private string? _seedPath;

    /// <summary>The custom role and the app that holds it (its role assignment is added here).</summary>
    protected abstract (AzureSim.Seeds.SeedRole Role, AzureSim.Seeds.SeedClient App) ExtraApp { get; }

    protected override AzureSimOptions SimOptions => new() { Seed = _seedPath!, RandomSeed = randomSeed };

    public override async Task InitializeAsync()
    {
        var doc = AzureSim.Seeds.SeedLoader.Resolve("demo");
        var (role, app) = ExtraApp;
        doc.CustomRoles.Add(role);
        app.RoleAssignments = [new AzureSim.Seeds.SeedAssignment { Role = role.RoleName }];
        doc.Clients.Add(app);
        _seedPath = Path.Combine(Path.GetTempPath(), $"portal-azure-tests-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(_seedPath, JsonSerializer.Serialize(doc, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_seedPath != null) File.Delete(_seedPath);
    }
}

/// <summary>The demo seed plus one app whose custom role reads VMs and NICs but not public IPs or virtual networks.</summary>
public sealed class MutableSimFixture() : ExtraAppSimFixture(randomSeed: 3)
{
    public const string VmAndNicReader = "portal-test-vm-nic-reader";

    protected override (AzureSim.Seeds.SeedRole, AzureSim.Seeds.SeedClient) ExtraApp => (
        new AzureSim.Seeds.SeedRole
        {
            Id = "0b6f3c2a-1d4e-4f5a-9b8c-7d6e5f4a3b2c",
            RoleName = "Portal test: VM and NIC reader",
            Actions = ["Microsoft.Compute/virtualMachines/read", "Microsoft.Network/networkInterfaces/read"],
            AssignableScopes = ["/subscriptions/{subscriptionId}"],
        },
        new AzureSim.Seeds.SeedClient
        {
            ClientId = "5c7e9a1b-3d5f-4a7c-9e1b-3d5f7a9c1e3b",
            ObjectId = "a7b8c9d0-7777-4a1b-8c2d-3e4f5a6b7c8d",
            DisplayName = VmAndNicReader,
            Secret = "Tv57Q~test.VmNicReader.Secret~v5n1cR3adKq8wE2",
        });
}
