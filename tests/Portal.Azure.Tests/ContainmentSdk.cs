using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;

namespace Portal.Azure.Tests;

/// <summary>
/// The plain Azure SDK (ArmClient generic resources, api-version resolved from the provider) against the same simulator:
/// the independent read-back for what the connector wrote.
/// </summary>
internal sealed class ContainmentSdk(SimFixture sim)
{
    private readonly ArmClient _arm = new(
        new ClientSecretCredential(sim.Host.TenantId, sim.Host.Client(SimFixture.Reader).ClientId, sim.Host.Client(SimFixture.Reader).Secret,
            new ClientSecretCredentialOptions { AuthorityHost = sim.Host.AuthorityHost, DisableInstanceDiscovery = true, Transport = new HttpClientTransport(sim.Host.CreateTrustingHandler()) }),
        sim.SubscriptionId,
        new ArmClientOptions { Environment = new ArmEnvironment(sim.Host.ArmEndpoint, sim.Host.ArmAudience), Transport = new HttpClientTransport(sim.Host.CreateTrustingHandler()) });

    /// <summary>The resource as generic-resource JSON (properties included), or null when Azure says 404.</summary>
    public async Task<JsonObject?> GetAsync(string id)
    {
        try
        {
            GenericResource r = await _arm.GetGenericResource(new ResourceIdentifier(id)).GetAsync();
            var o = new JsonObject { ["id"] = r.Id.ToString(), ["name"] = r.Data.Name };
            if (r.Data.Properties != null) o["properties"] = JsonNode.Parse(r.Data.Properties.ToString());
            return o;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The VM's power state code from the Compute SDK's instance view (e.g. "PowerState/stopped").</summary>
    public async Task<string?> PowerStateAsync(string vmId)
    {
        var iv = await _arm.GetVirtualMachineResource(new ResourceIdentifier(vmId)).InstanceViewAsync();
        return iv.Value.Statuses.Select(s => s.Code).FirstOrDefault(c => c != null && c.StartsWith("PowerState/", StringComparison.Ordinal));
    }

    /// <summary>A security rule read through the generic-resource API (child resource of the NSG).</summary>
    public Task<JsonObject?> GetRuleAsync(string nsgId, string rule) => GetAsync($"{nsgId}/securityRules/{rule}");
}
