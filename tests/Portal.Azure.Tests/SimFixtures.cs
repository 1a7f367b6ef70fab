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

/// <summary>A simulator the tests may change (faults, role assignments): never shared with read-only tests.</summary>
public sealed class MutableSimFixture : SimFixture
{
    protected override AzureSimOptions SimOptions => new() { Seed = "demo", RandomSeed = 3 };
}
