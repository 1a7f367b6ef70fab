using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.ApiTests;

public sealed class PlatformTests(PortalApiFactory app) : IClassFixture<PortalApiFactory>
{
    [Fact]
    public async Task Healthz_reports_the_database_as_json()
    {
        var response = await app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_gives_details_only_to_a_signed_in_caller()
    {
        var anonymous = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/healthz")).RootElement;
        Assert.All(anonymous.GetProperty("checks").EnumerateObject(), c => Assert.Equal(["status"], c.Value.EnumerateObject().Select(p => p.Name)));
        Assert.False(anonymous.TryGetProperty("totalDurationMs", out _));

        var signedIn = JsonDocument.Parse(await app.Admin().GetStringAsync("/healthz")).RootElement;
        var database = signedIn.GetProperty("checks").GetProperty("database");
        Assert.True(database.TryGetProperty("description", out _));
        Assert.True(database.TryGetProperty("durationMs", out _));
    }

    [Fact]
    public async Task OpenApi_document_describes_the_v1_api()
    {
        var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/tokens", out _));
        Assert.True(paths.TryGetProperty("/api/v1/audit", out _));
        Assert.True(paths.TryGetProperty("/api/v1/me", out _));
    }

    [Fact]
    public async Task Token_changes_are_audited_with_actor_and_source()
    {
        var name = "audited-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Created, (await app.Admin().PostAsJsonAsync("/api/v1/tokens", new { name, role = "Viewer" })).StatusCode);
        var audit = JsonDocument.Parse(await app.Admin().GetStringAsync($"/api/v1/audit?action=api-token.create&search={name}")).RootElement;
        Assert.Equal(1, audit.GetProperty("total").GetInt32());
        var entry = audit.GetProperty("items")[0];
        Assert.Equal("api-token:bootstrap (configuration)", entry.GetProperty("actor").GetString());
        Assert.Equal("Succeeded", entry.GetProperty("outcome").GetString());
        Assert.Contains(name, entry.GetProperty("target").GetString());
    }

    [Fact]
    public async Task Audit_query_rejects_an_unknown_outcome()
    {
        var response = await app.Admin().GetAsync("/api/v1/audit?outcome=Maybe");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'outcome' must be one of", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_redirect_anonymous_visitors_to_sign_in()
    {
        var response = await app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/hosts");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }
}

public sealed class AntiforgeryTests(PortalApiFactory app) : IClassFixture<PortalApiFactory>
{
    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused()
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PortalApiFactory.BootstrapToken);
        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("form has expired or was not sent by this portal", await response.Content.ReadAsStringAsync());
    }
}
