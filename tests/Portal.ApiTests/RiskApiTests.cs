using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Cspm;
using Portal.Web.Hosting;
using static Portal.ApiTests.RiskApiFixture;

namespace Portal.ApiTests;

[CollectionDefinition(Name)]
public sealed class RiskApiCollection : ICollectionFixture<RiskApiFixture>
{
    public const string Name = "risk api";
}

/// <summary>The configuration-risk endpoints over the demo tenant as the real resource sync stored and scanned it.</summary>
[Collection(RiskApiCollection.Name)]
public sealed class RiskApiTests(RiskApiFixture fx)
{
    private HttpClient Admin => fx.App.Admin();

    [Fact]
    public async Task Risks_list_one_row_per_check_with_the_planted_rdp_exposure_failed()
    {
        var rows = await Json(await Admin.GetAsync($"/api/v1/risks?accountId={fx.AccountId}"));
        Assert.Equal(CheckCatalog.All.Count, rows.GetArrayLength());
        var rdp = rows.EnumerateArray().Single(r => r.GetProperty("checkId").GetString() == RdpCheck);
        Assert.Equal("Critical", rdp.GetProperty("severity").GetString());
        Assert.Equal("Network", rdp.GetProperty("service").GetString());
        Assert.Contains("7.1", rdp.GetProperty("cis").EnumerateArray().Select(c => c.GetString()));
        // nsg-dev-wus2 (R02) and nsg-jump-eus (R03) allow RDP from anywhere; nsg-app-eus and nsg-mgmt-eus are the good controls.
        Assert.True(rdp.GetProperty("failed").GetInt32() >= 2, rdp.ToString());
        Assert.True(rdp.GetProperty("passed").GetInt32() >= 2, rdp.ToString());

        // The hosts-only account has no scan results at all.
        var none = await Json(await Admin.GetAsync($"/api/v1/risks?accountId={fx.HostsOnlyAccountId}"));
        Assert.All(none.EnumerateArray(), r => Assert.Equal(0, r.GetProperty("failed").GetInt32() + r.GetProperty("passed").GetInt32()));
    }

    [Theory]
    [InlineData("severity=critical", "severity", "Critical")]
    [InlineData("service=network", "service", "Network")]
    public async Task Filters_keep_only_matching_checks(string query, string field, string expected)
    {
        var rows = await Json(await Admin.GetAsync($"/api/v1/risks?accountId={fx.AccountId}&{query}"));
        Assert.NotEqual(0, rows.GetArrayLength());
        Assert.True(rows.GetArrayLength() < CheckCatalog.All.Count);
        Assert.All(rows.EnumerateArray(), r => Assert.Equal(expected, r.GetProperty(field).GetString()));
        Assert.Contains(rows.EnumerateArray(), r => r.GetProperty("checkId").GetString() == RdpCheck);
    }

    [Fact]
    public async Task Cis_filter_matches_a_section_and_its_subsections()
    {
        var rows = await Json(await Admin.GetAsync("/api/v1/risks?cis=7"));
        Assert.NotEqual(0, rows.GetArrayLength());
        Assert.All(rows.EnumerateArray(), r => Assert.Contains(r.GetProperty("cis").EnumerateArray(), c => c.GetString() == "7" || c.GetString()!.StartsWith("7.")));
        Assert.Contains(rows.EnumerateArray(), r => r.GetProperty("checkId").GetString() == RdpCheck);
    }

    [Theory]
    [InlineData("severity=urgent", "'urgent'", "Critical, High, Medium, Low")]
    [InlineData("accountId=not-an-account", "'not-an-account'", "(Risks API)")]
    [InlineData("service=Mainframe", "'Mainframe'", "Network")]
    [InlineData("cis=seven", "'seven'", "7.1")]
    public async Task Bad_filters_answer_400_naming_the_value_and_the_allowed_ones(string query, string named, string allowed)
    {
        foreach (var path in new[] { "/api/v1/risks", "/api/v1/risks/export.csv", "/api/v1/risks/export.json" })
        {
            var response = await Admin.GetAsync($"{path}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await Json(response);
            Assert.Equal("validation", problem.GetProperty("code").GetString());
            Assert.Contains(named, problem.GetProperty("detail").GetString());
            Assert.Contains(allowed, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task A_check_shows_its_metadata_and_fix_and_an_unknown_check_is_404()
    {
        var check = await Json(await Admin.GetAsync($"/api/v1/risks/{RdpCheck}"));
        var metadata = CheckCatalog.Find(RdpCheck)!.Metadata;
        Assert.Equal(metadata.Title, check.GetProperty("title").GetString());
        Assert.Equal(metadata.Description, check.GetProperty("description").GetString());
        Assert.Equal(metadata.Risk, check.GetProperty("risk").GetString());
        Assert.StartsWith("az network nsg rule", check.GetProperty("remediation").GetProperty("cli").GetString());
        Assert.Contains("Inbound security rules", check.GetProperty("remediation").GetProperty("portal").GetString());

        foreach (var path in new[] { "/api/v1/risks/azure-no-such-check", "/api/v1/risks/azure-no-such-check/resources" })
        {
            var missing = await Admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            var problem = await Json(missing);
            Assert.Equal("unknown_check", problem.GetProperty("code").GetString());
            Assert.Contains("azure-no-such-check", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Drill_down_shows_the_offending_nsg_with_its_evidence()
    {
        var rows = await Json(await Admin.GetAsync($"/api/v1/risks/{RdpCheck}/resources?accountId={fx.AccountId}"));
        var jump = rows.EnumerateArray().Single(r => r.GetProperty("resourceId").GetString() == JumpNsgId);
        Assert.Equal("failed", jump.GetProperty("status").GetString());
        Assert.Equal("nsg-jump-eus", jump.GetProperty("name").GetString());
        Assert.Equal("Microsoft.Network/networkSecurityGroups", jump.GetProperty("type").GetString(), ignoreCase: true);
        Assert.Equal("Risks API", jump.GetProperty("accountName").GetString());
        Assert.Contains("AllowRdpInbound", jump.GetProperty("evidence").GetString());
        Assert.Contains("3389", jump.GetProperty("evidence").GetString());
        Assert.Equal(JsonValueKind.Null, jump.GetProperty("whitelistEntryId").ValueKind);
        // Failed first.
        var statuses = rows.EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();
        Assert.Equal(statuses.OrderBy(s => s == "failed" ? 0 : s == "passed" ? 1 : 2), statuses);

        var passed = await Json(await Admin.GetAsync($"/api/v1/risks/{RdpCheck}/resources?accountId={fx.AccountId}&status=passed"));
        Assert.NotEqual(0, passed.GetArrayLength());
        Assert.All(passed.EnumerateArray(), r => Assert.Equal("passed", r.GetProperty("status").GetString()));

        var bad = await Admin.GetAsync($"/api/v1/risks/{RdpCheck}/resources?status=broken");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("failed, passed, whitelisted", (await Json(bad)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Exports_list_each_failed_resource_with_its_fix_and_no_secret()
    {
        var csvResponse = await Admin.GetAsync($"/api/v1/risks/export.csv?accountId={fx.AccountId}");
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        Assert.Matches(@"^attachment; filename=failed-checks-\d{8}-\d{4}\.csv$", csvResponse.Content.Headers.ContentDisposition!.ToString());
        var csv = await csvResponse.Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("accountId,account,checkId,title,severity,service,cis,resourceId,resourceName,resourceType,status,evidence,remediationPortal,remediationCli", lines[0]);
        var jump = Assert.Single(lines, l => l.Contains(JumpNsgId) && l.Contains(RdpCheck));
        Assert.Contains("AllowRdpInbound", jump);
        Assert.Contains("az network nsg rule update", jump);
        Assert.DoesNotContain(lines.Skip(1), l => l.Contains(",passed,"));
        Assert.DoesNotContain(DemoTenant.Responder.Secret, csv);

        var jsonResponse = await Admin.GetAsync($"/api/v1/risks/export.json?accountId={fx.AccountId}&severity=critical");
        Assert.Equal(HttpStatusCode.OK, jsonResponse.StatusCode);
        Assert.Matches(@"^attachment; filename=failed-checks-\d{8}-\d{4}\.json$", jsonResponse.Content.Headers.ContentDisposition!.ToString());
        var text = await jsonResponse.Content.ReadAsStringAsync();
        Assert.DoesNotContain(DemoTenant.Responder.Secret, text);
        var rows = JsonDocument.Parse(text).RootElement;
        Assert.All(rows.EnumerateArray(), r => Assert.Equal("Critical", r.GetProperty("severity").GetString()));
        var row = rows.EnumerateArray().Single(r => r.GetProperty("resourceId").GetString() == JumpNsgId && r.GetProperty("checkId").GetString() == RdpCheck);
        Assert.Equal("Risks API", row.GetProperty("account").GetString());
        Assert.Equal("nsg-jump-eus", row.GetProperty("resourceName").GetString());
        Assert.Equal("failed", row.GetProperty("status").GetString());
        Assert.Equal(CheckCatalog.Find(RdpCheck)!.Metadata.RemediationCli, row.GetProperty("remediationCli").GetString());
        // Every failed critical result of the drill-downs is in the export, and nothing else.
        var failedCritical = 0;
        foreach (var check in CheckCatalog.All.Where(c => c.Metadata.Severity == Severity.Critical))
            failedCritical += (await Json(await Admin.GetAsync($"/api/v1/risks/{check.Metadata.Id}/resources?accountId={fx.AccountId}&status=failed"))).GetArrayLength();
        Assert.Equal(failedCritical, rows.GetArrayLength());
    }

    [Fact]
    public async Task Scan_now_queues_a_resource_sync_that_picks_up_a_new_exposure_and_is_refused_without_cspm()
    {
        // A new NSG appears in Azure with RDP open; its name starts with a spreadsheet formula character.
        var simulator = fx.App.Services.GetRequiredService<DemoEnvironment>().Simulator;
        var original = simulator.State.GetResource(JumpNsgId)!.ToJsonString();
        simulator.State.PutResource(JsonNode.Parse(original.Replace("nsg-jump-eus", "@evil-nsg"))!.AsObject());
        var evilId = JumpNsgId.Replace("nsg-jump-eus", "@evil-nsg");
        var before = (await Json(await Admin.GetAsync($"/api/v1/accounts/{fx.AccountId}"))).GetProperty("lastResourceSyncAt").GetString();

        fx.App.Clock.Advance(TimeSpan.FromMinutes(5));
        var response = await Admin.PostAsync($"/api/v1/accounts/{fx.AccountId}/scan", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("resources", (await Json(response)).GetProperty("kind").GetString());
        await fx.WaitForResourceSyncAsync(before);

        var rows = await Json(await Admin.GetAsync($"/api/v1/risks/{RdpCheck}/resources?accountId={fx.AccountId}&status=failed"));
        Assert.Contains(rows.EnumerateArray(), r => r.GetProperty("resourceId").GetString() == evilId);
        var csv = await Admin.GetStringAsync($"/api/v1/risks/export.csv?accountId={fx.AccountId}&service=Network");
        Assert.Matches(@",""?'@evil-nsg""?,", csv); // escaped so a spreadsheet shows text, not a formula
        Assert.DoesNotContain(",@evil-nsg,", csv);

        var audit = await Json(await Admin.GetAsync($"/api/v1/audit?action=risks.scan&search={fx.AccountId}"));
        Assert.Equal("Succeeded", audit.GetProperty("items")[0].GetProperty("outcome").GetString());

        var refused = await Admin.PostAsync($"/api/v1/accounts/{fx.HostsOnlyAccountId}/scan", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("feature_disabled", (await Json(refused)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PostAsync($"/api/v1/accounts/{Guid.NewGuid()}/scan", null)).StatusCode);
        var viewer = fx.App.ClientWithToken(await fx.TokenAsync("Viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/accounts/{fx.AccountId}/scan", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/risks?accountId={fx.AccountId}")).StatusCode);
    }
}
