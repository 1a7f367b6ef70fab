using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Portal.ApiTests.RiskApiFixture;

namespace Portal.ApiTests;

/// <summary>Whitelisting a finding through the API moves it between the failed and whitelisted counts, and every change is audited.</summary>
[Collection(RiskApiCollection.Name)]
public sealed class WhitelistApiTests(RiskApiFixture fx)
{
    private HttpClient Admin => fx.App.Admin();

    private static string JumpNsgAsAzureSpellsIt =>
        $"/subscriptions/{DemoTenant.SubscriptionId}/resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/nsg-jump-eus";

    private object Entry(string reason, string? checkId = RdpCheck, string scopeType = "resource", string? scopeValue = null, DateTime? expiresOn = null) => new
    {
        checkId,
        scope = new { type = scopeType, value = scopeValue ?? JumpNsgAsAzureSpellsIt },
        reason,
        expiresOn = expiresOn ?? fx.App.Clock.GetUtcNow().UtcDateTime.AddDays(30),
    };

    private async Task<JsonElement> AuditAsync(string action, string search) =>
        (await Json(await Admin.GetAsync($"/api/v1/audit?action={action}&search={Uri.EscapeDataString(search)}"))).GetProperty("items");

    [Fact]
    public async Task Whitelisting_a_failed_resource_moves_it_to_whitelisted_and_removing_the_entry_brings_it_back()
    {
        var before = await fx.CountsAsync(RdpCheck);
        Assert.True(before.Failed >= 1);

        var analyst = fx.App.ClientWithToken(await fx.TokenAsync("Analyst"));
        var created = await analyst.PostAsJsonAsync("/api/v1/whitelist", Entry("Jump box RDP is behind the VPN allow-list"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entry = await Json(created);
        var id = entry.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/whitelist/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("resource", entry.GetProperty("scope").GetProperty("type").GetString());
        Assert.Equal(JumpNsgId, entry.GetProperty("scope").GetProperty("value").GetString());
        Assert.Equal("active", entry.GetProperty("state").GetString());

        var during = await fx.CountsAsync(RdpCheck);
        Assert.Equal(before.Failed - 1, during.Failed);
        Assert.Equal(before.Whitelisted + 1, during.Whitelisted);
        Assert.Equal(before.Passed, during.Passed);
        var jump = (await Json(await Admin.GetAsync($"/api/v1/risks/{RdpCheck}/resources?accountId={fx.AccountId}&status=whitelisted")))
            .EnumerateArray().Single(r => r.GetProperty("resourceId").GetString() == JumpNsgId);
        Assert.Equal(id, jump.GetProperty("whitelistEntryId").GetString());

        // The export leaves it out unless asked to include whitelisted results.
        Assert.DoesNotContain(JumpNsgId + ",", await Admin.GetStringAsync($"/api/v1/risks/export.csv?accountId={fx.AccountId}&severity=critical"));
        var withWhitelisted = await Admin.GetStringAsync($"/api/v1/risks/export.csv?accountId={fx.AccountId}&severity=critical&includeWhitelisted=true");
        Assert.Contains(withWhitelisted.Split('\n'), l => l.Contains(JumpNsgId + ",") && l.Contains(",whitelisted,"));

        var listed = await Json(await Admin.GetAsync($"/api/v1/whitelist?checkId={RdpCheck}&search=VPN"));
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        Assert.Equal(id, listed.GetProperty("items")[0].GetProperty("id").GetString());

        var updated = await analyst.PutAsJsonAsync($"/api/v1/whitelist/{id}", Entry("Jump box RDP: VPN allow-list, reviewed"));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Jump box RDP: VPN allow-list, reviewed", (await Json(updated)).GetProperty("reason").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await analyst.DeleteAsync($"/api/v1/whitelist/{id}")).StatusCode);
        Assert.Equal(before, await fx.CountsAsync(RdpCheck));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.DeleteAsync($"/api/v1/whitelist/{id}")).StatusCode);
        Assert.Equal(0, (await Json(await Admin.GetAsync($"/api/v1/whitelist?search=VPN"))).GetProperty("total").GetInt32());
        var removed = (await Json(await Admin.GetAsync($"/api/v1/whitelist?search=VPN&includeRemoved=true"))).GetProperty("items")[0];
        Assert.Equal("removed", removed.GetProperty("state").GetString());

        foreach (var action in new[] { "whitelist.add", "whitelist.update", "whitelist.remove" })
        {
            var audit = await AuditAsync(action, id);
            var e = Assert.Single(audit.EnumerateArray());
            Assert.Equal("Succeeded", e.GetProperty("outcome").GetString());
            Assert.StartsWith("api-token:Analyst-", e.GetProperty("actor").GetString());
            Assert.Contains(RdpCheck, e.GetProperty("target").GetString());
        }
    }

    [Fact]
    public async Task A_tag_scope_covers_every_resource_carrying_the_tag()
    {
        var tagged = (await Json(await Admin.GetAsync($"/api/v1/risks/{RdpCheck}/resources?accountId={fx.AccountId}&status=failed"))).GetArrayLength();
        var created = await Admin.PostAsJsonAsync("/api/v1/whitelist", Entry("no such tag in the demo", scopeType: "tag", scopeValue: "owner=nobody-at-all"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("tag", (await Json(created)).GetProperty("scope").GetProperty("type").GetString());
        // A tag no resource carries changes nothing.
        Assert.Equal(tagged, (await Json(await Admin.GetAsync($"/api/v1/risks/{RdpCheck}/resources?accountId={fx.AccountId}&status=failed"))).GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/v1/whitelist/{(await Json(created)).GetProperty("id").GetString()}")).StatusCode);
    }

    public static TheoryData<string, string> InvalidEntries => new()
    {
        { """{"checkId":"azure-nsg-rdp-internet","scope":{"type":"vm","value":"x"},"reason":"r"}""", "'scope.type' 'vm' is not a scope type; use one of \"resource\", \"resourceGroup\", \"subscription\", \"tag\"" },
        { """{"checkId":"azure-nsg-rdp-internet","reason":"r"}""", "'scope' is required" },
        { """{"checkId":"azure-made-up","scope":{"type":"subscription","value":"4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b"},"reason":"r"}""", "'azure-made-up' is not a check of the catalog" },
        { """{"checkId":"azure-nsg-rdp-internet","scope":{"type":"resource","value":"nsg-jump-eus"},"reason":"r"}""", "'nsg-jump-eus' is not an ARM resource id" },
        { """{"checkId":"azure-nsg-rdp-internet","scope":{"type":"resourceGroup","value":"rg-shared-eus"},"reason":"r"}""", "is not a resource group" },
        { """{"checkId":"azure-nsg-rdp-internet","scope":{"type":"tag","value":"owner"},"reason":"r"}""", "'owner' is not a tag: give 'key=value'" },
        { """{"checkId":"azure-nsg-rdp-internet","scope":{"type":"subscription","value":"4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b"},"reason":"  "}""", "'reason' is required" },
        { """{"checkId":"azure-nsg-rdp-internet","scope":{"type":"subscription","value":"4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b"},"reason":"r","expiresOn":"2020-01-01T00:00:00Z"}""", "'expiresOn' must be in the future" },
    };

    [Theory]
    [MemberData(nameof(InvalidEntries))]
    public async Task Invalid_entries_answer_400_with_the_reason_and_store_nothing(string body, string message)
    {
        var total = (await Json(await Admin.GetAsync("/api/v1/whitelist?includeRemoved=true"))).GetProperty("total").GetInt32();
        var response = await Admin.PostAsync("/api/v1/whitelist", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal("validation", problem.GetProperty("code").GetString());
        Assert.Contains(message, problem.GetProperty("detail").GetString());
        Assert.Equal(total, (await Json(await Admin.GetAsync("/api/v1/whitelist?includeRemoved=true"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_rejected_entry_is_audited_as_failed_and_edits_of_unknown_entries_are_404()
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/whitelist", Entry("too late", expiresOn: new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var failed = (await Json(await Admin.GetAsync("/api/v1/audit?action=whitelist.add&outcome=Failed"))).GetProperty("items");
        Assert.Contains(failed.EnumerateArray(), e => e.GetProperty("detail").GetString()!.Contains("'expiresOn' must be in the future")
            && e.GetProperty("target").GetString()!.Contains(RdpCheck));

        var unknown = Guid.NewGuid();
        var put = await Admin.PutAsJsonAsync($"/api/v1/whitelist/{unknown}", Entry("x"));
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal("not_found", (await Json(put)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.DeleteAsync($"/api/v1/whitelist/{unknown}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/v1/whitelist/{unknown}")).StatusCode);
    }

    [Fact]
    public async Task Viewers_read_the_whitelist_but_cannot_change_it()
    {
        var viewer = fx.App.ClientWithToken(await fx.TokenAsync("Viewer"));
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/whitelist")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/whitelist", Entry("viewer tries"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"/api/v1/whitelist/{Guid.NewGuid()}", Entry("viewer tries"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/v1/whitelist/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(0, (await Json(await Admin.GetAsync("/api/v1/whitelist?search=viewer%20tries&includeRemoved=true"))).GetProperty("total").GetInt32());
    }
}
