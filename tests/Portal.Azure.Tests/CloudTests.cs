using Portal.Domain.Cloud;

namespace Portal.Azure.Tests;

/// <summary>Azure China (21Vianet): a second simulator answering with the China cloud's audience and regions.</summary>
public class ChinaCloudTests(ChinaSimFixture sim) : IClassFixture<ChinaSimFixture>
{
    [Fact]
    public async Task China_credential_validates_lists_regions_and_vms()
    {
        Assert.Equal("https://management.chinacloudapi.cn/", sim.Host.ArmAudience);
        var cred = sim.Credential(SimFixture.Responder);
        Assert.Equal(CloudKind.AzureChina, cred.Cloud);

        Assert.True((await sim.Connector.ValidateCredentialAsync(cred)).IsSuccess);
        var regions = await sim.Connector.ListRegionsAsync(cred, sim.SubscriptionId);
        Assert.True(regions.IsSuccess, regions.Error?.Message);
        Assert.NotEmpty(regions.Value);
        Assert.All(regions.Value, r => Assert.StartsWith("china", r.Name));

        var vms = await sim.Connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId);
        Assert.True(vms.IsSuccess, vms.Error?.Message);
        Assert.Equal(sim.SeededVms().Count, vms.Value.Vms.Count);
        Assert.All(vms.Value.Vms, v => Assert.StartsWith("china", v.Location));
    }

    [Fact]
    public async Task Public_cloud_audience_is_refused_by_the_China_cloud()
    {
        // The account says Azure global, but its endpoints are China's: the token audience does not match.
        using var connector = new AzureCloudConnector(new AzureConnectorOptions
        {
            ArmRetry = new AzureRetrySettings { MaxRetries = 0 },
            IdentityRetry = new AzureRetrySettings { MaxRetries = 0 },
        }.OverrideAllClouds(new AzureEndpointOverride
        {
            AuthorityHost = sim.Host.AuthorityHost,
            ArmEndpoint = sim.Host.ArmEndpoint,
            ArmAudience = "https://management.azure.com/",
            HandlerFactory = sim.Host.CreateTrustingHandler,
        }));
        var cred = sim.Credential(SimFixture.Reader) with { Cloud = CloudKind.AzurePublic };
        var r = await connector.ValidateCredentialAsync(cred);
        ConnectorTests.AssertError(r, CloudErrorCodes.ResourceNotFoundInTenant, cred.ClientSecret);
        Assert.Contains("cloud", r.Error!.Fix);
    }

    [Fact]
    public void Without_an_override_each_cloud_uses_its_real_endpoints()
    {
        using var real = new AzureCloudConnector();
        var (pubAuthority, pubArm, pubOverridden) = real.ResolveEndpoints(CloudKind.AzurePublic);
        Assert.False(pubOverridden);
        Assert.Equal("login.microsoftonline.com", pubAuthority.Host);
        Assert.Equal("management.azure.com", pubArm.Endpoint.Host);
        Assert.StartsWith("https://management.azure.com", pubArm.DefaultScope);

        var (cnAuthority, cnArm, _) = real.ResolveEndpoints(CloudKind.AzureChina);
        Assert.Equal("login.chinacloudapi.cn", cnAuthority.Host);
        Assert.Equal("management.chinacloudapi.cn", cnArm.Endpoint.Host);
        Assert.StartsWith("https://management.chinacloudapi.cn", cnArm.DefaultScope);

        // an override for one cloud leaves the other on Azure's endpoints
        var (simAuthority, _, simOverridden) = sim.Connector.ResolveEndpoints(CloudKind.AzureChina);
        Assert.True(simOverridden);
        Assert.Equal(sim.Host.AuthorityHost, simAuthority);
        Assert.False(sim.Connector.ResolveEndpoints(CloudKind.AzurePublic).Overridden);
    }
}
