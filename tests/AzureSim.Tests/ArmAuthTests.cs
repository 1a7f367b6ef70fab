using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;

namespace AzureSim.Tests;

public class ArmAuthTests(SimFixture f) : IClassFixture<SimFixture>
{
    private HttpClient Http() => new(f.Host.CreateTrustingHandler()) { BaseAddress = f.Host.ArmEndpoint };

    private async Task<(HttpResponseMessage R, JsonNode? Body)> GetWith(string? token, string path)
    {
        using var http = Http();
        var req = new HttpRequestMessage(HttpMethod.Get, path);
        if (token != null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var r = await http.SendAsync(req);
        var text = await r.Content.ReadAsStringAsync();
        return (r, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    [Fact]
    public async Task Missing_header_is_401_with_www_authenticate()
    {
        var (r, body) = await GetWith(null, $"subscriptions/{f.Sub}?api-version=2022-12-01");
        Assert.Equal(401, (int)r.StatusCode);
        Assert.Equal("AuthenticationFailed", body!["error"]!["code"]!.GetValue<string>());
        var www = r.Headers.WwwAuthenticate.ToString();
        Assert.Contains("Bearer authorization_uri=", www);
        Assert.Contains("error=\"invalid_token\"", www);
    }

    [Fact]
    public async Task Wrong_audience_is_rejected()
    {
        var token = f.Host.State.IssueToken(f.Host.Client(SimFixture.Reader).ClientId, "https://graph.microsoft.com");
        var (r, body) = await GetWith(token, $"subscriptions/{f.Sub}?api-version=2022-12-01");
        Assert.Equal(401, (int)r.StatusCode);
        Assert.Equal("InvalidAuthenticationTokenAudience", body!["error"]!["code"]!.GetValue<string>());
        Assert.Contains("wrong audience or resource 'https://graph.microsoft.com'", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task China_audience_is_rejected_by_public_arm()
    {
        var token = f.Host.State.IssueToken(f.Host.Client(SimFixture.Reader).ClientId, "https://management.chinacloudapi.cn/");
        var (r, body) = await GetWith(token, $"subscriptions/{f.Sub}?api-version=2022-12-01");
        Assert.Equal(401, (int)r.StatusCode);
        Assert.Equal("InvalidAuthenticationTokenAudience", body!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        var token = f.Host.State.IssueToken(f.Host.Client(SimFixture.Reader).ClientId, "https://management.azure.com/", TimeSpan.FromMinutes(-5));
        var (r, body) = await GetWith(token, $"subscriptions/{f.Sub}?api-version=2022-12-01");
        Assert.Equal(401, (int)r.StatusCode);
        Assert.Equal("ExpiredAuthenticationToken", body!["error"]!["code"]!.GetValue<string>());
        Assert.Contains("error_description=\"The access token has expired.\"", r.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Tampered_signature_is_rejected()
    {
        var token = f.Host.State.IssueToken(f.Host.Client(SimFixture.Reader).ClientId, "https://management.azure.com/");
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");
        var (r, body) = await GetWith(tampered, $"subscriptions/{f.Sub}?api-version=2022-12-01");
        Assert.Equal(401, (int)r.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", body!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_of_another_tenant_is_InvalidAuthenticationTokenTenant()
    {
        var arm = f.Arm(SimFixture.Partner);
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(f.Sub)).GetAsync());
        Assert.Equal(401, ex.Status);
        Assert.Equal("InvalidAuthenticationTokenTenant", ex.ErrorCode);
        Assert.Contains("The access token is from the wrong issuer", ex.Message);
    }

    [Fact]
    public async Task Missing_api_version_is_400()
    {
        var token = f.Host.State.IssueToken(f.Host.Client(SimFixture.Reader).ClientId, "https://management.azure.com/");
        var (r, body) = await GetWith(token, $"subscriptions/{f.Sub}/resourcegroups");
        Assert.Equal(400, (int)r.StatusCode);
        Assert.Equal("MissingApiVersionParameter", body!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_arm_response_carries_rate_limit_headers()
    {
        var p = f.Pipeline(SimFixture.Reader);
        var (status, _, raw) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/resourcegroups?api-version=2022-09-01");
        Assert.Equal(200, status);
        Assert.True(raw.Headers.TryGetValue("x-ms-ratelimit-remaining-subscription-reads", out var reads));
        Assert.InRange(int.Parse(reads!), 0, 249);
        Assert.True(raw.Headers.TryGetValue("x-ms-request-id", out _));
        var (ws, _, wraw) = await f.SendAsync(p, "PUT", $"subscriptions/{f.Sub}/resourcegroups/rg-denied-write?api-version=2022-09-01", "{\"location\":\"eastus\"}");
        Assert.Equal(403, ws);
        Assert.True(wraw.Headers.TryGetValue("x-ms-ratelimit-remaining-subscription-writes", out _));
    }

    [Fact]
    public async Task Subscription_not_found()
    {
        var arm = f.Arm(SimFixture.Reader);
        var missing = "00000000-1111-2222-3333-444444444444";
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(missing)).GetAsync());
        Assert.Equal(404, ex.Status);
        Assert.Equal("SubscriptionNotFound", ex.ErrorCode);
        Assert.Contains($"The subscription '{missing}' could not be found.", ex.Message);
    }

    [Fact]
    public async Task Subscriptions_list_and_locations()
    {
        var arm = f.Arm(SimFixture.Reader);
        var subs = new List<SubscriptionResource>();
        await foreach (var s in arm.GetSubscriptions().GetAllAsync()) subs.Add(s);
        Assert.Single(subs);
        Assert.Equal(f.Sub, subs[0].Data.SubscriptionId);
        var locs = new List<string>();
        await foreach (var l in subs[0].GetLocationsAsync()) locs.Add(l.Name);
        Assert.Contains("eastus", locs);
        Assert.Contains("westeurope", locs);
        var tenants = new List<string>();
        await foreach (var t in arm.GetTenants().GetAllAsync()) tenants.Add(t.Data.TenantId!.Value.ToString());
        Assert.Equal([f.Host.TenantId], tenants);
    }
}
