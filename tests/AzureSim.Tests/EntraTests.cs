using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;
using AzureSim;

namespace AzureSim.Tests;

public class EntraTests(SimFixture f) : IClassFixture<SimFixture>
{
    private static readonly TokenRequestContext ArmScope = new(["https://management.azure.com//.default"]);

    [Fact]
    public async Task Canonical_client_connects_through_the_real_sdk()
    {
        var host = f.Host;
        var responder = host.Client(SimFixture.Responder);
        // --- the canonical example ---
        var transport = new HttpClientTransport(host.CreateTrustingHandler());
        var cred = new ClientSecretCredential(host.TenantId, responder.ClientId, responder.Secret, new ClientSecretCredentialOptions { AuthorityHost = host.AuthorityHost, DisableInstanceDiscovery = true, Transport = transport });
        var arm = new ArmClient(cred, host.SubscriptionId, new ArmClientOptions { Environment = new ArmEnvironment(host.ArmEndpoint, host.ArmAudience), Transport = transport });
        // ---
        SubscriptionResource sub = await arm.GetDefaultSubscriptionAsync();
        Assert.Equal(host.SubscriptionId, sub.Data.SubscriptionId);
        Assert.Equal("Fabrikam Production", sub.Data.DisplayName);
        Assert.Equal(host.TenantId, sub.Data.TenantId?.ToString());
    }

    [Fact]
    public async Task Token_is_an_rs256_jwt_with_entra_claims()
    {
        var c = f.Host.Client(SimFixture.Responder);
        var token = await f.Credential(SimFixture.Responder).GetTokenAsync(ArmScope, default);
        var parts = token.Token.Split('.');
        Assert.Equal(3, parts.Length);
        var header = JsonNode.Parse(Decode(parts[0]))!;
        var payload = JsonNode.Parse(Decode(parts[1]))!;
        Assert.Equal("RS256", header["alg"]!.GetValue<string>());
        Assert.Equal("https://management.azure.com/", payload["aud"]!.GetValue<string>());
        Assert.Equal(f.Host.TenantId, payload["tid"]!.GetValue<string>());
        Assert.Equal(c.ClientId, payload["appid"]!.GetValue<string>());
        Assert.Equal(c.ClientId, payload["azp"]!.GetValue<string>());
        Assert.Equal(c.ObjectId, payload["oid"]!.GetValue<string>());
        Assert.Equal($"https://sts.windows.net/{f.Host.TenantId}/", payload["iss"]!.GetValue<string>());
        Assert.True(payload["exp"]!.GetValue<long>() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.True(token.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(50));
    }

    private static string Decode(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        s += new string('=', (4 - s.Length % 4) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(s));
    }

    [Fact]
    public async Task Wrong_secret_is_AADSTS7000215()
    {
        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            f.Credential(SimFixture.Responder, secret: "3b6c8e1f-secret-id-not-value").GetTokenAsync(ArmScope, default).AsTask());
        Assert.Contains("AADSTS7000215: Invalid client secret provided", ex.ToString());
        Assert.Contains("invalid_client", ex.ToString());
    }

    [Fact]
    public async Task Unknown_client_is_AADSTS700016()
    {
        var cred = new ClientSecretCredential(f.Host.TenantId, Guid.NewGuid().ToString(), "whatever", new ClientSecretCredentialOptions { AuthorityHost = f.Host.AuthorityHost, DisableInstanceDiscovery = true, Transport = f.Transport() });
        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => cred.GetTokenAsync(ArmScope, default).AsTask());
        Assert.Contains("AADSTS700016", ex.ToString());
        Assert.Contains("was not found in the directory 'Fabrikam Logistics'", ex.ToString());
    }

    [Fact]
    public async Task Client_of_another_tenant_is_AADSTS700016()
    {
        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            f.Credential(SimFixture.Partner, tenant: f.Host.TenantId).GetTokenAsync(ArmScope, default).AsTask());
        Assert.Contains("AADSTS700016", ex.ToString());
    }

    [Fact]
    public async Task Unknown_tenant_is_AADSTS90002()
    {
        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            f.Credential(SimFixture.Responder, tenant: "11111111-2222-3333-4444-555555555555").GetTokenAsync(ArmScope, default).AsTask());
        Assert.Contains("AADSTS90002: Tenant '11111111-2222-3333-4444-555555555555' not found", ex.ToString());
    }

    [Fact]
    public async Task Expired_secret_is_AADSTS7000222()
    {
        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            f.Credential(SimFixture.Expired).GetTokenAsync(ArmScope, default).AsTask());
        Assert.Contains("AADSTS7000222", ex.ToString());
        Assert.Contains("are expired", ex.ToString());
        Assert.True(f.Host.Client(SimFixture.Expired).Expired);
    }

    [Fact]
    public async Task Secret_expired_at_runtime_then_renewed()
    {
        var c = f.Host.Client(SimFixture.RgContributor);
        await f.Credential(SimFixture.RgContributor).GetTokenAsync(ArmScope, default); // works
        f.Host.State.ExpireSecretNow(c.ClientId);
        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() => f.Credential(SimFixture.RgContributor).GetTokenAsync(ArmScope, default).AsTask());
        Assert.Contains("AADSTS7000222", ex.ToString());
        var fresh = f.Host.State.AddSecret(c.ClientId, TimeSpan.FromDays(30));
        var token = await f.Credential(SimFixture.RgContributor, secret: fresh).GetTokenAsync(ArmScope, default);
        Assert.False(string.IsNullOrEmpty(token.Token));
    }

    [Fact]
    public async Task Domain_name_works_as_tenant()
    {
        var token = await f.Credential(SimFixture.Reader, tenant: "fabrikamlogistics.onmicrosoft.com").GetTokenAsync(new TokenRequestContext(["https://management.azure.com/.default"]), default);
        Assert.False(string.IsNullOrEmpty(token.Token));
    }

    [Fact]
    public async Task Unknown_resource_is_AADSTS500011()
    {
        var ex = await Assert.ThrowsAsync<AuthenticationFailedException>(() =>
            f.Credential(SimFixture.Reader).GetTokenAsync(new TokenRequestContext(["https://management.chinacloudapi.cn/.default"]), default).AsTask());
        Assert.Contains("AADSTS500011", ex.ToString());
    }

    [Fact]
    public async Task Openid_configuration_and_keys_are_served()
    {
        using var http = new HttpClient(f.Host.CreateTrustingHandler()) { BaseAddress = f.Host.AuthorityHost };
        var cfg = JsonNode.Parse(await http.GetStringAsync($"{f.Host.TenantId}/v2.0/.well-known/openid-configuration"))!;
        Assert.Equal($"{f.Host.AuthorityHost}{f.Host.TenantId}/oauth2/v2.0/token", cfg["token_endpoint"]!.GetValue<string>());
        var keys = JsonNode.Parse(await http.GetStringAsync(new Uri(cfg["jwks_uri"]!.GetValue<string>())))!;
        Assert.Equal("RSA", keys["keys"]![0]!["kty"]!.GetValue<string>());
        var bad = await http.GetAsync("not-a-tenant/v2.0/.well-known/openid-configuration");
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("AADSTS90002", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Raw_error_body_has_entra_fields()
    {
        using var http = new HttpClient(f.Host.CreateTrustingHandler()) { BaseAddress = f.Host.AuthorityHost };
        var c = f.Host.Client(SimFixture.Reader);
        var resp = await http.PostAsync($"{f.Host.TenantId}/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = c.ClientId, ["client_secret"] = "wrong", ["scope"] = "https://management.azure.com/.default", ["grant_type"] = "client_credentials",
        }));
        Assert.Equal(401, (int)resp.StatusCode);
        var body = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
        Assert.StartsWith("AADSTS7000215: Invalid client secret provided.", body["error_description"]!.GetValue<string>());
        Assert.Equal(7000215, body["error_codes"]![0]!.GetValue<int>());
        foreach (var k in new[] { "timestamp", "trace_id", "correlation_id" }) Assert.False(string.IsNullOrEmpty(body[k]!.GetValue<string>()));
    }
}

