using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;
using AzureSim;

namespace AzureSim.Tests;

public class ChinaTests(ChinaFixture f) : IClassFixture<ChinaFixture>
{
    [Fact]
    public async Task China_cloud_uses_its_own_audience_and_regions()
    {
        Assert.Equal(SimCloud.AzureChina, f.Host.Cloud);
        Assert.Equal("https://management.chinacloudapi.cn/", f.Host.ArmAudience);
        var arm = f.Arm(SimFixture.Responder);
        var sub = await arm.GetDefaultSubscriptionAsync();
        var locations = new List<string>();
        await foreach (var l in sub.GetLocationsAsync()) locations.Add(l.Name);
        Assert.All(locations, l => Assert.StartsWith("china", l));
        var vms = new List<VirtualMachineResource>();
        await foreach (var vm in sub.GetVirtualMachinesAsync()) vms.Add(vm);
        Assert.Equal(46, vms.Count);
        Assert.All(vms, v => Assert.StartsWith("china", v.Data.Location.Name));
        var token = await f.Credential(SimFixture.Responder).GetTokenAsync(new TokenRequestContext(["https://management.chinacloudapi.cn//.default"]), default);
        var payload = JsonNode.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(token.Token.Split('.')[1]))))!;
        Assert.Equal("https://management.chinacloudapi.cn/", payload["aud"]!.GetValue<string>());
        Assert.StartsWith("https://sts.chinacloudapi.cn/", payload["iss"]!.GetValue<string>());
    }

    private static string Pad(string s) { s = s.Replace('-', '+').Replace('_', '/'); return s + new string('=', (4 - s.Length % 4) % 4); }

    [Fact]
    public async Task Public_cloud_token_is_rejected_by_china_arm()
    {
        var token = f.Host.State.IssueToken(f.Host.Client(SimFixture.Reader).ClientId, "https://management.azure.com/");
        using var http = new HttpClient(f.Host.CreateTrustingHandler()) { BaseAddress = f.Host.ArmEndpoint };
        var req = new HttpRequestMessage(HttpMethod.Get, $"subscriptions/{f.Sub}?api-version=2022-12-01");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var r = await http.SendAsync(req);
        Assert.Equal(401, (int)r.StatusCode);
        var body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.Equal("InvalidAuthenticationTokenAudience", body["error"]!["code"]!.GetValue<string>());
        Assert.Contains("'https://management.chinacloudapi.cn/'", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Client_configured_for_the_public_cloud_fails_against_the_china_authority()
    {
        // an ArmClient left on the public audience asks the China authority for management.azure.com: Entra China does not know it
        var o = new ArmClientOptions { Environment = new ArmEnvironment(f.Host.ArmEndpoint, "https://management.azure.com/"), Transport = f.Transport() };
        var arm = new ArmClient(f.Credential(SimFixture.Reader), f.Sub, o);
        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => arm.GetDefaultSubscriptionAsync());
        Assert.Contains("AADSTS500011", ex.ToString());
    }

    [Fact]
    public async Task Storage_endpoints_use_china_suffixes()
    {
        var (st, body, _) = await f.SendAsync(f.Pipeline(SimFixture.Reader), "GET", $"{f.RgId("rg-prod-web-eus")}/providers/Microsoft.Storage/storageAccounts/stfabrikampublicweb?api-version=2023-05-01");
        Assert.Equal(200, st);
        Assert.EndsWith(".blob.core.chinacloudapi.cn/", body!["properties"]!["primaryEndpoints"]!["blob"]!.GetValue<string>());
    }
}
