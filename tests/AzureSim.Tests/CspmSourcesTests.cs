using System.Text.Json.Nodes;
using Azure.ResourceManager.Compute;

namespace AzureSim.Tests;

/// <summary>The other resource types the CSPM catalog reads: databases, Cosmos DB, flow logs, extensions, locks, Defender settings.</summary>
public class CspmSourcesTests(SimFixture f) : IClassFixture<SimFixture>
{
    private async Task<JsonNode> Get(string path)
    {
        var (st, body, _) = await f.SendAsync(f.Pipeline(SimFixture.Reader), "GET", path);
        Assert.True(st == 200, $"{path}: {st} {body?.ToJsonString()}");
        return body!;
    }

    private static Dictionary<string, string> Configs(JsonNode list) =>
        list["value"]!.AsArray().ToDictionary(x => x!["name"]!.GetValue<string>(), x => x!["properties"]!["value"]!.GetValue<string>());

    [Fact]
    public async Task Database_server_parameters()
    {
        var pg = Configs(await Get($"{f.RgId("rg-prod-data-eus")}/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-fabrikam-orders/configurations?api-version=2022-12-01"));
        Assert.Equal("off", pg["require_secure_transport"]);
        Assert.Equal("3", pg["logfiles.retention_days"]);
        var fw = await Get($"{f.RgId("rg-prod-data-eus")}/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-fabrikam-orders/firewallRules?api-version=2022-12-01");
        Assert.StartsWith("AllowAllAzureServices", fw["value"]![0]!["name"]!.GetValue<string>());
        var single = Configs(await Get($"{f.RgId("rg-legacy-uks")}/providers/Microsoft.DBforPostgreSQL/servers/psql-fabrikam-legacy/configurations?api-version=2017-12-01"));
        Assert.Equal("off", single["log_connections"]);
        var my = Configs(await Get($"{f.RgId("rg-prod-sea")}/providers/Microsoft.DBforMySQL/flexibleServers/mysql-fabrikam-wms/configurations?api-version=2023-12-30"));
        Assert.Equal("OFF", my["audit_log_enabled"]);
        Assert.Contains("TLSv1.1", my["tls_version"]);
        var cosmos = await Get($"subscriptions/{f.Sub}/providers/Microsoft.DocumentDB/databaseAccounts?api-version=2024-11-15");
        var acct = cosmos["value"]!.AsArray().Single()!;
        Assert.False(acct["properties"]!["disableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("GlobalDocumentDB", acct["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Flow_logs_diagnostics_and_insights()
    {
        var logs = await Get($"{f.RgId("NetworkWatcherRG")}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus/flowLogs?api-version=2024-07-01");
        Assert.Equal(5, logs["value"]!.AsArray().Count); // nsg-web-eus (R69/R70) and the four other eastus NSGs (120 days, traffic analytics)
        var fl = logs["value"]!.AsArray().Single(l => l!["name"]!.GetValue<string>() == "fl-nsg-web-eus")!;
        Assert.Equal(30, fl["properties"]!["retentionPolicy"]!["days"]!.GetValue<int>());
        Assert.EndsWith("nsg-web-eus", fl["properties"]!["targetResourceId"]!.GetValue<string>());
        var diag = await Get($"{f.RgId("rg-prod-data-eus")}/providers/Microsoft.Storage/storageAccounts/stfabrikamprodeus01/queueServices/default/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview");
        Assert.Equal(3, diag["value"]![0]!["properties"]!["logs"]!.AsArray().Count);
        var appi = await Get($"subscriptions/{f.Sub}/providers/Microsoft.Insights/components?api-version=2020-02-02");
        Assert.Equal("appi-fabrikam-portal", appi["value"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task App_service_authentication_settings()
    {
        const string api = "api-version=2023-12-01";
        var portal = await Get($"{f.RgId("rg-prod-web-eus")}/providers/Microsoft.Web/sites/app-fabrikam-portal/config/authsettingsV2?{api}");
        Assert.Equal("Microsoft.Web/sites/config", portal["type"]!.GetValue<string>());
        Assert.Equal("authsettingsV2", portal["name"]!.GetValue<string>());
        Assert.True(portal["properties"]!["platform"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("RedirectToLoginPage", portal["properties"]!["globalValidation"]!["unauthenticatedClientAction"]!.GetValue<string>());
        Assert.Null(portal["properties"]!["numberOfWorkers"]); // not mixed with the site config (config/web) defaults
        var tracking = await Get($"{f.RgId("rg-prod-weu")}/providers/Microsoft.Web/sites/app-fabrikam-tracking/config/authsettingsV2?{api}");
        Assert.False(tracking["properties"]!["platform"]!["enabled"]!.GetValue<bool>());

        // Azure answers config/authsettingsV2 for every site, with its defaults when authentication was never set up
        var p = f.Pipeline(SimFixture.RgContributor);
        var site = $"{f.RgId("rg-dev-wus2")}/providers/Microsoft.Web/sites/app-authsettings-probe";
        var (put, putBody, _) = await f.SendAsync(p, "PUT", $"{site}?{api}", """{"location":"westus2","kind":"app","properties":{}}""");
        Assert.True(put is 200 or 201, $"{put} {putBody?.ToJsonString()}");
        var (st, body, _) = await f.SendAsync(p, "GET", $"{site}/config/authsettingsV2?{api}");
        Assert.Equal(200, st);
        Assert.Equal($"/subscriptions/{f.Sub}/resourceGroups/rg-dev-wus2/providers/Microsoft.Web/sites/app-authsettings-probe/config/authsettingsV2", body!["id"]!.GetValue<string>());
        Assert.False(body["properties"]!["platform"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("/.auth", body["properties"]!["httpSettings"]!["routes"]!["apiPrefix"]!.GetValue<string>());
        // a config name Azure does not have, and a site that does not exist, stay 404
        Assert.Equal(404, (await f.SendAsync(p, "GET", $"{site}/config/nosuchconfig?{api}")).Status);
        Assert.Equal(404, (await f.SendAsync(p, "GET", $"{f.RgId("rg-dev-wus2")}/providers/Microsoft.Web/sites/no-such-app/config/authsettingsV2?{api}")).Status);
        await f.SendAsync(p, "DELETE", $"{site}?{api}");
    }

    [Fact]
    public async Task Vm_extensions_through_the_compute_sdk()
    {
        var arm = f.Arm(SimFixture.Reader);
        var vm = arm.GetVirtualMachineResource(VirtualMachineResource.CreateResourceIdentifier(f.Sub, "rg-prod-data-eus", "sqlvm-eus-01"));
        var names = new List<string>();
        await foreach (var e in vm.GetVirtualMachineExtensions().GetAllAsync()) names.Add($"{e.Data.Publisher}/{e.Data.ExtensionType}");
        Assert.Contains("Microsoft.Azure.AzureDefenderForServers/MDE.Windows", names);
        Assert.Equal(2, names.Count);
    }

    [Fact]
    public async Task Locks_classic_admins_publishing_policies_and_defender_settings()
    {
        var locks = await Get($"{f.RgId("rg-prod-data-eus")}/providers/Microsoft.Authorization/locks?api-version=2020-05-01");
        Assert.Equal("CanNotDelete", locks["value"]![0]!["properties"]!["level"]!.GetValue<string>());
        var admins = await Get($"subscriptions/{f.Sub}/providers/Microsoft.Authorization/classicAdministrators?api-version=2015-07-01");
        Assert.Empty(admins["value"]!.AsArray());
        var ftp = await Get($"{f.RgId("rg-prod-weu")}/providers/Microsoft.Web/sites/app-fabrikam-tracking/basicPublishingCredentialsPolicies/ftp?api-version=2024-04-01");
        Assert.True(ftp["properties"]!["allow"]!.GetValue<bool>());
        var settings = await Get($"subscriptions/{f.Sub}/providers/Microsoft.Security/settings?api-version=2022-05-01");
        var mcas = settings["value"]!.AsArray().Single(x => x!["name"]!.GetValue<string>() == "MCAS")!;
        Assert.False(mcas["properties"]!["enabled"]!.GetValue<bool>());
        // a lock can be added by the owner of the group (the responder is not)
        var (st, _, _) = await f.SendAsync(f.Pipeline(SimFixture.Responder), "PUT", $"{f.RgId("rg-dev-wus2")}/providers/Microsoft.Authorization/locks/l1?api-version=2020-05-01", "{\"properties\":{\"level\":\"ReadOnly\"}}");
        Assert.Equal(403, st);
    }
}
