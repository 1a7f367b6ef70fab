using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;

namespace AzureSim.Tests;

/// <summary>Storage, Key Vault, SQL, Web, Monitor and Defender resources through ArmClient generic resources with pinned api-versions.</summary>
public class ServicesTests(SimFixture f) : IClassFixture<SimFixture>
{
    private ArmClient Arm()
    {
        var o = f.ArmOptions();
        o.SetApiVersion(new ResourceType("Microsoft.Storage/storageAccounts"), "2023-05-01");
        o.SetApiVersion(new ResourceType("Microsoft.KeyVault/vaults"), "2023-07-01");
        o.SetApiVersion(new ResourceType("Microsoft.Sql/servers"), "2023-08-01");
        o.SetApiVersion(new ResourceType("Microsoft.Sql/servers/firewallRules"), "2023-08-01");
        o.SetApiVersion(new ResourceType("Microsoft.Web/sites"), "2024-04-01");
        o.SetApiVersion(new ResourceType("Microsoft.Web/sites/config"), "2024-04-01");
        return f.Arm(SimFixture.Responder, o);
    }

    private static JsonNode Props(GenericResource r) => JsonNode.Parse(r.Data.Properties.ToString())!;

    [Fact]
    public async Task Storage_accounts_carry_their_security_settings()
    {
        var arm = Arm();
        var sub = await arm.GetDefaultSubscriptionAsync();
        var accounts = new List<GenericResource>();
        await foreach (var r in sub.GetGenericResourcesAsync(filter: "resourceType eq 'Microsoft.Storage/storageAccounts'")) accounts.Add(r);
        Assert.Equal(6, accounts.Count);
        GenericResource legacy = await arm.GetGenericResource(accounts.Single(a => a.Data.Name == "stfabrikamlegacyuks").Id).GetAsync();
        var p = Props(legacy);
        Assert.False(p["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_0", p["minimumTlsVersion"]!.GetValue<string>());
        GenericResource pub = await arm.GetGenericResource(accounts.Single(a => a.Data.Name == "stfabrikampublicweb").Id).GetAsync();
        Assert.True(Props(pub)["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("Allow", Props(pub)["networkAcls"]!["defaultAction"]!.GetValue<string>());
        var (st, blob, _) = await f.SendAsync(f.Pipeline(SimFixture.Reader), "GET", pub.Id + "/blobServices/default?api-version=2023-05-01");
        Assert.Equal(200, st);
        Assert.False(blob!["properties"]!["deleteRetentionPolicy"]!["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Storage_account_update_is_persisted()
    {
        var p = f.Pipeline(SimFixture.RgContributor);
        var id = $"{f.RgId("rg-dev-wus2")}/providers/Microsoft.Storage/storageAccounts/stfabrikamdevwus2";
        var (st, body, _) = await f.SendAsync(p, "PATCH", id + "?api-version=2023-05-01", "{\"properties\":{\"minimumTlsVersion\":\"TLS1_2\"}}");
        Assert.Equal(200, st);
        Assert.Equal("TLS1_2", body!["properties"]!["minimumTlsVersion"]!.GetValue<string>());
        Assert.Equal("TLS1_2", f.Host.State.GetResource(id)!["properties"]!["minimumTlsVersion"]!.GetValue<string>());
        var (st2, keys, _) = await f.SendAsync(p, "POST", id + "/listKeys?api-version=2023-05-01");
        Assert.Equal(200, st2);
        Assert.Equal(2, keys!["keys"]!.AsArray().Count);
        var (st3, err, _) = await f.SendAsync(f.Pipeline(SimFixture.Reader), "POST", id + "/listKeys?api-version=2023-05-01");
        Assert.Equal(403, st3);
        Assert.Contains("Microsoft.Storage/storageAccounts/listKeys/action", err!["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Key_vaults_keys_and_secrets()
    {
        var p = f.Pipeline(SimFixture.Reader);
        var (st, vaults, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.KeyVault/vaults?api-version=2023-07-01");
        Assert.Equal(200, st);
        var list = vaults!["value"]!.AsArray();
        Assert.Equal(3, list.Count);
        var legacy = list.Single(v => v!["name"]!.GetValue<string>() == "kv-fabrikam-legacy")!;
        Assert.False(legacy["properties"]!["enablePurgeProtection"]!.GetValue<bool>());
        Assert.False(legacy["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
        var (_, keys, _) = await f.SendAsync(p, "GET", $"{f.RgId("rg-security-eus")}/providers/Microsoft.KeyVault/vaults/kv-fabrikam-prod-eus/keys?api-version=2023-07-01");
        var k = keys!["value"]!.AsArray();
        Assert.Equal(2, k.Count);
        Assert.NotNull(k.Single(x => x!["name"]!.GetValue<string>() == "cmk-disk")!["properties"]!["attributes"]!["exp"]);
        Assert.Null(k.Single(x => x!["name"]!.GetValue<string>() == "cmk-storage")!["properties"]!["attributes"]!["exp"]);
    }

    [Fact]
    public async Task Sql_servers_firewall_auditing_tde_admins()
    {
        var arm = Arm();
        var rg = f.RgId("rg-legacy-uks");
        GenericResource server = await arm.GetGenericResource(new ResourceIdentifier($"{rg}/providers/Microsoft.Sql/servers/sql-fabrikam-legacy-uks")).GetAsync();
        Assert.Equal("1.0", Props(server)["minimalTlsVersion"]!.GetValue<string>());
        var p = f.Pipeline(SimFixture.Reader);
        var (_, fw, _) = await f.SendAsync(p, "GET", $"{server.Id}/firewallRules?api-version=2023-08-01");
        var all = fw!["value"]!.AsArray().Single()!;
        Assert.Equal("255.255.255.255", all["properties"]!["endIpAddress"]!.GetValue<string>());
        var (_, audit, _) = await f.SendAsync(p, "GET", $"{server.Id}/auditingSettings/default?api-version=2023-08-01");
        Assert.Equal("Disabled", audit!["properties"]!["state"]!.GetValue<string>());
        var (_, tde, _) = await f.SendAsync(p, "GET", $"{server.Id}/databases/erp/transparentDataEncryption/current?api-version=2023-08-01");
        Assert.Equal("Disabled", tde!["properties"]!["state"]!.GetValue<string>());
        var (stA, admins, _) = await f.SendAsync(p, "GET", $"{server.Id}/administrators?api-version=2023-08-01");
        Assert.Equal(200, stA);
        Assert.Empty(admins!["value"]!.AsArray());
        var (_, prodAdmins, _) = await f.SendAsync(p, "GET", $"{f.RgId("rg-prod-data-eus")}/providers/Microsoft.Sql/servers/sql-fabrikam-prod-eus/administrators?api-version=2023-08-01");
        Assert.Equal("ActiveDirectory", prodAdmins!["value"]![0]!["properties"]!["administratorType"]!.GetValue<string>());
        // a child of a missing parent
        var (stMissing, missing, _) = await f.SendAsync(p, "GET", $"{rg}/providers/Microsoft.Sql/servers/nope/firewallRules?api-version=2023-08-01");
        Assert.Equal(404, stMissing);
        Assert.Equal("ParentResourceNotFound", missing!["error"]!["code"]!.GetValue<string>());
        // the responder may not write SQL firewall rules; the dev group's contributor may, in its group
        var body = "{\"properties\":{\"startIpAddress\":\"198.51.100.1\",\"endIpAddress\":\"198.51.100.9\"}}";
        var (stDenied, denied, _) = await f.SendAsync(f.Pipeline(SimFixture.Responder), "PUT", $"{f.RgId("rg-prod-data-eus")}/providers/Microsoft.Sql/servers/sql-fabrikam-prod-eus/firewallRules/branch-office?api-version=2023-08-01", body);
        Assert.Equal(403, stDenied);
        Assert.Contains("'Microsoft.Sql/servers/firewallRules/write'", denied!["error"]!["message"]!.GetValue<string>());
        var ruleUri = $"{f.RgId("rg-dev-wus2")}/providers/Microsoft.Sql/servers/sql-fabrikam-dev-wus2/firewallRules/branch-office?api-version=2023-08-01";
        var dev = f.Pipeline(SimFixture.RgContributor);
        var (stCreated, created, _) = await f.SendAsync(dev, "PUT", ruleUri, body);
        Assert.Equal(201, stCreated);
        Assert.Equal("198.51.100.9", created!["properties"]!["endIpAddress"]!.GetValue<string>());
        var (stDel, _, _) = await f.SendAsync(dev, "DELETE", ruleUri);
        Assert.Equal(200, stDel);
        var (stGone, _, _) = await f.SendAsync(dev, "GET", ruleUri);
        Assert.Equal(404, stGone);
    }

    [Fact]
    public async Task Web_apps_and_site_config()
    {
        var arm = Arm();
        GenericResource cfg = await arm.GetGenericResource(new ResourceIdentifier($"{f.RgId("rg-prod-weu")}/providers/Microsoft.Web/sites/app-fabrikam-tracking/config/web")).GetAsync();
        var p = Props(cfg);
        Assert.Equal("AllAllowed", p["ftpsState"]!.GetValue<string>());
        Assert.Equal("1.0", p["minTlsVersion"]!.GetValue<string>());
        Assert.True(p["remoteDebuggingEnabled"]!.GetValue<bool>());
        GenericResource site = await arm.GetGenericResource(new ResourceIdentifier($"{f.RgId("rg-prod-weu")}/providers/Microsoft.Web/sites/app-fabrikam-tracking")).GetAsync();
        Assert.False(Props(site)["httpsOnly"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Monitor_alerts_diagnostics_and_defender_plans()
    {
        var p = f.Pipeline(SimFixture.Reader);
        var (_, alerts, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Insights/activityLogAlerts?api-version=2020-10-01");
        Assert.Equal(4, alerts!["value"]!.AsArray().Count);
        var (_, diag, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview");
        var d = diag!["value"]!.AsArray().Single()!;
        Assert.Equal("diag-activitylog", d["name"]!.GetValue<string>());
        var (_, kvDiag, _) = await f.SendAsync(p, "GET", $"{f.RgId("rg-security-eus")}/providers/Microsoft.KeyVault/vaults/kv-fabrikam-prod-eus/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview");
        Assert.Equal("diag-kv-audit", kvDiag!["value"]![0]!["name"]!.GetValue<string>());
        var (_, legacyDiag, _) = await f.SendAsync(p, "GET", $"{f.RgId("rg-legacy-uks")}/providers/Microsoft.KeyVault/vaults/kv-fabrikam-legacy/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview");
        Assert.Empty(legacyDiag!["value"]!.AsArray());
        var (_, pricings, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Security/pricings?api-version=2024-01-01");
        var tiers = pricings!["value"]!.AsArray().ToDictionary(x => x!["name"]!.GetValue<string>(), x => x!["properties"]!["pricingTier"]!.GetValue<string>());
        Assert.Equal("Standard", tiers["VirtualMachines"]);
        Assert.Equal("Free", tiers["KeyVaults"]);
        var (_, contact, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview");
        Assert.Equal("secops@fabrikamlogistics.com", contact!["properties"]!["emails"]!.GetValue<string>());
        // the responder (no Microsoft.Security write) cannot turn a plan on
        var (stW, _, _) = await f.SendAsync(f.Pipeline(SimFixture.Responder), "PUT", $"subscriptions/{f.Sub}/providers/Microsoft.Security/pricings/KeyVaults?api-version=2024-01-01", "{\"properties\":{\"pricingTier\":\"Standard\"}}");
        Assert.Equal(403, stW);
    }

    [Fact]
    public async Task Resource_graph_and_generic_resource_listing()
    {
        var p = f.Pipeline(SimFixture.Reader);
        var q = new JsonObject { ["subscriptions"] = new JsonArray(f.Sub), ["query"] = "Resources | where type =~ 'microsoft.compute/virtualmachines' and location =~ 'westeurope' | project id, name, location" };
        var (st, r, raw) = await f.SendAsync(p, "POST", "providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01", q.ToJsonString());
        Assert.Equal(200, st);
        Assert.Equal(7, r!["totalRecords"]!.GetValue<int>());
        Assert.True(raw.Headers.TryGetValue("x-ms-user-quota-remaining", out _));
        var arm = f.Arm(SimFixture.Reader);
        var rg = await (await arm.GetDefaultSubscriptionAsync()).GetResourceGroupAsync("rg-legacy-uks");
        var types = new List<string>();
        await foreach (var g in rg.Value.GetGenericResourcesAsync()) types.Add(g.Data.ResourceType.ToString());
        Assert.Contains("Microsoft.Compute/virtualMachines", types);
        Assert.Contains("Microsoft.Sql/servers", types);
        Assert.Contains("Microsoft.KeyVault/vaults", types);
    }

    [Fact]
    public async Task Resource_group_create_and_delete()
    {
        var arm = f.Arm(SimFixture.Responder);
        var sub = await arm.GetDefaultSubscriptionAsync();
        // the responder has no Microsoft.Resources/subscriptions/resourceGroups/write
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => sub.GetResourceGroups().CreateOrUpdateAsync(WaitUntil.Completed, "rg-new", new ResourceGroupData(AzureLocation.EastUS)));
        Assert.Equal("AuthorizationFailed", ex.ErrorCode);
        f.Host.State.AssignRole(f.Host.Client(SimFixture.Responder).ClientId, "Contributor", $"/subscriptions/{f.Sub}");
        try
        {
            var created = await sub.GetResourceGroups().CreateOrUpdateAsync(WaitUntil.Completed, "rg-new", new ResourceGroupData(AzureLocation.EastUS));
            Assert.Equal("rg-new", created.Value.Data.Name);
            await created.Value.DeleteAsync(WaitUntil.Completed);
            Assert.False((await sub.GetResourceGroups().ExistsAsync("rg-new")).Value);
        }
        finally { f.Host.State.RemoveRoleAssignments(f.Host.Client(SimFixture.Responder).ClientId, "Contributor"); }
    }
}
