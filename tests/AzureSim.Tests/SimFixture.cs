using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using AzureSim;

namespace AzureSim.Tests;

/// <summary>One simulator per test class (IClassFixture).</summary>
public class SimFixture : IAsyncLifetime
{
    public AzureSimHost Host { get; private set; } = null!;
    protected virtual AzureSimOptions Options => new() { Seed = "demo", RandomSeed = 42 };

    public async Task InitializeAsync() => Host = await AzureSimHost.StartAsync(Options);
    public async Task DisposeAsync() => await Host.DisposeAsync();

    public const string Responder = "fabrikam-portal-responder";
    public const string Reader = "fabrikam-portal-reader";
    public const string LeastPriv = "fabrikam-portal-leastpriv";
    public const string Expired = "fabrikam-portal-expired";
    public const string RgContributor = "fabrikam-devops-rg-contributor";
    public const string Partner = "contoso-partner-app";

    public string Sub => Host.SubscriptionId;
    public string RgId(string rg) => $"/subscriptions/{Sub}/resourceGroups/{rg}";

    public HttpClientTransport Transport() => new(Host.CreateTrustingHandler());

    /// <summary>The canonical way a client connects to AzureSim.</summary>
    public ClientSecretCredential Credential(string client, string? tenant = null, string? secret = null)
    {
        var c = Host.Client(client);
        return new ClientSecretCredential(tenant ?? c.TenantId, c.ClientId, secret ?? c.Secret, new ClientSecretCredentialOptions
        {
            AuthorityHost = Host.AuthorityHost,
            DisableInstanceDiscovery = true,
            Transport = Transport(),
        });
    }

    public ArmClientOptions ArmOptions(int maxRetries = 3)
    {
        var o = new ArmClientOptions { Environment = new ArmEnvironment(Host.ArmEndpoint, Host.ArmAudience), Transport = Transport() };
        o.Retry.Delay = TimeSpan.FromMilliseconds(50);
        o.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        o.Retry.MaxRetries = maxRetries;
        return o;
    }

    public ArmClient Arm(string client, ArmClientOptions? options = null) => new(Credential(client), Sub, options ?? ArmOptions());

    /// <summary>A raw Azure.Core pipeline with the SDK's bearer policy and retry (what the portal uses for generic calls).</summary>
    public HttpPipeline Pipeline(string client, int maxRetries = 3) =>
        HttpPipelineBuilder.Build(ArmOptions(maxRetries), new BearerTokenAuthenticationPolicy(Credential(client), Host.ArmAudience + ".default"));

    public async Task<(int Status, JsonNode? Body, Response Raw)> SendAsync(HttpPipeline p, string method, string pathAndQuery, string? body = null)
    {
        var msg = p.CreateMessage();
        msg.Request.Method = RequestMethod.Parse(method);
        msg.Request.Uri.Reset(new Uri(Host.ArmEndpoint, pathAndQuery));
        if (body != null)
        {
            msg.Request.Headers.Add("Content-Type", "application/json");
            msg.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
        }
        await p.SendAsync(msg, CancellationToken.None);
        var text = msg.Response.Content.ToString();
        JsonNode? node = null;
        if (!string.IsNullOrWhiteSpace(text)) node = JsonNode.Parse(text);
        return (msg.Response.Status, node, msg.Response);
    }
}

public sealed class ChinaFixture : SimFixture
{
    protected override AzureSimOptions Options => new() { Seed = "demo", Cloud = SimCloud.AzureChina, RandomSeed = 7 };
}
