using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;

namespace Portal.Azure.Tests;

/// <summary>
/// The plain Azure SDK (ArmClient generic resources, api-version resolved from the provider) against the same simulator:
/// the independent read-back for what the connector wrote.
/// </summary>
internal sealed class ContainmentSdk(SimFixture sim) : SimulatorArm(new ArmClient(
    new ClientSecretCredential(sim.Host.TenantId, sim.Host.Client(SimFixture.Reader).ClientId, sim.Host.Client(SimFixture.Reader).Secret,
        new ClientSecretCredentialOptions { AuthorityHost = sim.Host.AuthorityHost, DisableInstanceDiscovery = true, Transport = new HttpClientTransport(sim.Host.CreateTrustingHandler()) }),
    sim.SubscriptionId,
    new ArmClientOptions { Environment = new ArmEnvironment(sim.Host.ArmEndpoint, sim.Host.ArmAudience), Transport = new HttpClientTransport(sim.Host.CreateTrustingHandler()) }));
