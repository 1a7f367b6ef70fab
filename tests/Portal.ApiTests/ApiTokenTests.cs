using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Portal.ApiTests;

public sealed class ApiTokenTests(PortalApiFactory app) : IClassFixture<PortalApiFactory>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<(string Id, string Secret)> CreateTokenAsync(string role, DateTime? expiresOn = null)
    {
        var response = await app.Admin().PostAsJsonAsync("/api/v1/tokens", new { name = $"{role}-{Guid.NewGuid():N}"[..20], role, expiresOn });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Json(response);
        return (body.GetProperty("token").GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    [Fact]
    public async Task Bootstrap_token_from_configuration_authenticates_as_admin()
    {
        var me = await Json(await app.Admin().GetAsync("/api/v1/me"));
        Assert.Equal("Admin", me.GetProperty("role").GetString());
        Assert.Equal("api-token", me.GetProperty("authenticatedBy").GetString());
    }

    [Fact]
    public async Task No_token_gets_401_problem_details_not_a_redirect()
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("unauthenticated", (await Json(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Unknown_token_is_refused_with_a_specific_message()
    {
        var response = await app.ClientWithToken("pat_this-token-does-not-exist").GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not known to this portal", (await Json(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Created_token_works_its_secret_is_never_listed_and_revocation_stops_it()
    {
        var (id, secret) = await CreateTokenAsync("Analyst");
        var me = await Json(await app.ClientWithToken(secret).GetAsync("/api/v1/me"));
        Assert.Equal("Analyst", me.GetProperty("role").GetString());

        var list = await (await app.Admin().GetAsync("/api/v1/tokens")).Content.ReadAsStringAsync();
        Assert.Contains(id, list);
        Assert.DoesNotContain(secret, list);
        Assert.DoesNotContain("tokenHash", list, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.NoContent, (await app.Admin().DeleteAsync($"/api/v1/tokens/{id}")).StatusCode);
        var refused = await app.ClientWithToken(secret).GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("was revoked", (await Json(refused)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Expired_token_is_refused_with_its_expiry()
    {
        var (_, secret) = await CreateTokenAsync("Viewer", app.Clock.GetUtcNow().UtcDateTime.AddHours(1));
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithToken(secret).GetAsync("/api/v1/me")).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(2));
        var refused = await app.ClientWithToken(secret).GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("expired on", (await Json(refused)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("Viewer")]
    [InlineData("Analyst")]
    public async Task Roles_below_admin_are_forbidden_to_manage_tokens(string role)
    {
        var (_, secret) = await CreateTokenAsync(role);
        var response = await app.ClientWithToken(secret).PostAsJsonAsync("/api/v1/tokens", new { name = "escalate", role = "Admin" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal("forbidden", problem.GetProperty("code").GetString());
        Assert.Contains(role, problem.GetProperty("detail").GetString());
        var list = await (await app.Admin().GetAsync("/api/v1/tokens")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"escalate\"", list);
    }

    [Fact]
    public async Task Viewer_can_read_the_audit_log()
    {
        var (_, secret) = await CreateTokenAsync("Viewer");
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithToken(secret).GetAsync("/api/v1/audit")).StatusCode);
    }

    [Fact]
    public async Task Malformed_json_gets_400_naming_the_problem_and_stores_nothing()
    {
        var before = (await Json(await app.Admin().GetAsync("/api/v1/tokens"))).GetArrayLength();
        var response = await app.Admin().PostAsync("/api/v1/tokens", new StringContent("{\"name\": \"broken\", \"role\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not valid JSON", (await Json(response)).GetProperty("detail").GetString());
        Assert.Equal(before, (await Json(await app.Admin().GetAsync("/api/v1/tokens"))).GetArrayLength());
    }

    [Theory]
    [InlineData("{\"name\":\"\",\"role\":\"Viewer\"}", "'name' is required")]
    [InlineData("{\"name\":\"x\",\"role\":\"Root\"}", "'role' must be one of Admin, Analyst, Viewer")]
    [InlineData("{\"name\":\"x\",\"role\":\"Viewer\",\"expiresOn\":\"2001-01-01T00:00:00Z\"}", "expiry must be in the future")]
    public async Task Invalid_token_requests_get_specific_400s(string body, string expected)
    {
        var response = await app.Admin().PostAsync("/api/v1/tokens", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await Json(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Revoking_an_unknown_token_is_404()
    {
        var response = await app.Admin().DeleteAsync($"/api/v1/tokens/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
