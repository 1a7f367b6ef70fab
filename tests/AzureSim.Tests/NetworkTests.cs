using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;

namespace AzureSim.Tests;

public class NetworkTests(SimFixture f) : IClassFixture<SimFixture>
{
    private const string Api = "2024-07-01";
    private string Nsg(string rg, string name) => $"{f.RgId(rg)}/providers/Microsoft.Network/networkSecurityGroups/{name}";

    private static string Rule(int priority, string port = "3389", string src = "203.0.113.7", string direction = "Inbound", string access = "Deny", string protocol = "Tcp", string? location = null) =>
        new JsonObject
        {
            ["location"] = location,
            ["properties"] = new JsonObject
            {
                ["protocol"] = protocol, ["sourcePortRange"] = "*", ["destinationPortRange"] = port,
                ["sourceAddressPrefix"] = src, ["destinationAddressPrefix"] = "*",
                ["access"] = access, ["priority"] = priority, ["direction"] = direction,
            },
        }.ToJsonString();

    [Fact]
    public async Task Generic_resource_resolves_api_version_from_providers()
    {
        var arm = f.Arm(SimFixture.Reader);
        GenericResource nsg = await arm.GetGenericResource(new ResourceIdentifier(Nsg("rg-dev-wus2", "nsg-dev-wus2"))).GetAsync();
        Assert.Equal("Microsoft.Network/networkSecurityGroups", nsg.Data.ResourceType.ToString());
        var props = JsonNode.Parse(nsg.Data.Properties.ToString())!;
        Assert.Equal(6, props["defaultSecurityRules"]!.AsArray().Count);
        var ssh = props["securityRules"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "AllowSSHFromInternet")!;
        Assert.Equal("Internet", ssh["properties"]!["sourceAddressPrefix"]!.GetValue<string>());
        Assert.Equal(200, ssh["properties"]!["priority"]!.GetValue<int>());
    }

    [Fact]
    public async Task Security_rule_create_read_update_delete_through_generic_resources_with_location()
    {
        var opts = f.ArmOptions();
        opts.SetApiVersion(new ResourceType("Microsoft.Network/networkSecurityGroups/securityRules"), Api);
        var arm = f.Arm(SimFixture.Responder, opts);
        var id = new ResourceIdentifier(Nsg("rg-prod-weu", "nsg-web-weu") + "/securityRules/Block-203.0.113.7");
        var data = new GenericResourceData(new AzureLocation("westeurope"))
        {
            Properties = BinaryData.FromString("{\"protocol\":\"*\",\"sourcePortRange\":\"*\",\"destinationPortRange\":\"*\",\"sourceAddressPrefix\":\"203.0.113.7\",\"destinationAddressPrefix\":\"*\",\"access\":\"Deny\",\"priority\":101,\"direction\":\"Inbound\"}"),
        };
        var op = await arm.GetGenericResources().CreateOrUpdateAsync(WaitUntil.Completed, id, data);
        var created = JsonNode.Parse(op.Value.Data.Properties.ToString())!;
        Assert.Equal("Succeeded", created["provisioningState"]!.GetValue<string>());
        Assert.Equal(101, created["priority"]!.GetValue<int>());
        // read back
        GenericResource back = await arm.GetGenericResource(id).GetAsync();
        Assert.Equal("Deny", JsonNode.Parse(back.Data.Properties.ToString())!["access"]!.GetValue<string>());
        var stored = f.Host.State.GetResource(Nsg("rg-prod-weu", "nsg-web-weu"))!;
        Assert.Contains(stored["properties"]!["securityRules"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "Block-203.0.113.7");
        // conflicting priority in the same direction
        var conflict = new GenericResourceData(new AzureLocation("westeurope")) { Properties = BinaryData.FromString(JsonNode.Parse(Rule(101))!["properties"]!.ToJsonString()) };
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => arm.GetGenericResources().CreateOrUpdateAsync(WaitUntil.Completed, new ResourceIdentifier(Nsg("rg-prod-weu", "nsg-web-weu") + "/securityRules/Second"), conflict));
        Assert.Equal(400, ex.Status);
        Assert.Equal("SecurityRuleConflict", ex.ErrorCode);
        Assert.Contains("Security rule Second conflicts with rule Block-203.0.113.7. Rules cannot have the same Priority and Direction.", ex.Message);
        // delete
        await back.DeleteAsync(WaitUntil.Completed);
        var gone = await Assert.ThrowsAsync<RequestFailedException>(() => arm.GetGenericResource(id).GetAsync());
        Assert.Equal(404, gone.Status);
    }

    [Theory]
    [InlineData(99, "3389", "10.0.0.1", "SecurityRuleInvalidPriority", "Value provided: 99 Allowed values are from 100 to 4096.")]
    [InlineData(4097, "3389", "10.0.0.1", "SecurityRuleInvalidPriority", "Value provided: 4097")]
    [InlineData(300, "70000", "10.0.0.1", "SecurityRuleInvalidPortRange", "Value provided: 70000.")]
    [InlineData(300, "100-50", "10.0.0.1", "SecurityRuleInvalidPortRange", "Value provided: 100-50.")]
    [InlineData(300, "22", "10.0.0.300/24", "SecurityRuleInvalidAddressPrefix", "Value provided: 10.0.0.300/24.")]
    [InlineData(300, "22", "10.0.0.0/33", "SecurityRuleInvalidAddressPrefix", "Value provided: 10.0.0.0/33.")]
    [InlineData(300, "22", "Internett", "SecurityRuleInvalidAddressPrefix", "Value provided: Internett.")]
    public async Task Invalid_rules_are_rejected_like_azure(int priority, string port, string src, string code, string message)
    {
        var p = f.Pipeline(SimFixture.Responder);
        var (st, body, _) = await f.SendAsync(p, "PUT", Nsg("rg-dev-wus2", "nsg-dev-wus2") + $"/securityRules/bad-{priority}-{port}?api-version={Api}", Rule(priority, port, src));
        Assert.Equal(400, st);
        Assert.Equal(code, body!["error"]!["code"]!.GetValue<string>());
        Assert.Contains(message, body["error"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Internet")]
    [InlineData("VirtualNetwork")]
    [InlineData("AzureLoadBalancer")]
    [InlineData("*")]
    [InlineData("198.51.100.0/24")]
    [InlineData("2001:db8::/32")]
    [InlineData("Storage.WestUS2")]
    public async Task Valid_prefixes_are_accepted(string prefix)
    {
        var p = f.Pipeline(SimFixture.Responder);
        var name = "ok-" + new string(prefix.Where(char.IsLetterOrDigit).ToArray()) + "x";
        var prio = 1000 + Math.Abs(prefix.GetHashCode() % 3000);
        var (st, body, _) = await f.SendAsync(p, "PUT", Nsg("rg-prod-sea", "nsg-wms-sea") + $"/securityRules/{name}?api-version={Api}", Rule(prio, "443", prefix, access: "Allow", direction: "Outbound"));
        Assert.True(st is 200 or 201, body?.ToJsonString());
        await f.SendAsync(p, "DELETE", Nsg("rg-prod-sea", "nsg-wms-sea") + $"/securityRules/{name}?api-version={Api}");
    }

    [Fact]
    public async Task Names_json_and_enums_are_validated()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var baseUri = Nsg("rg-dev-wus2", "nsg-dev-wus2") + "/securityRules/";
        var (st, body, _) = await f.SendAsync(p, "PUT", baseUri + $"-starts-badly?api-version={Api}", Rule(3000));
        Assert.Equal(400, st);
        Assert.Equal("InvalidResourceName", body!["error"]!["code"]!.GetValue<string>());
        (st, body, _) = await f.SendAsync(p, "PUT", baseUri + new string('a', 81) + $"?api-version={Api}", Rule(3001));
        Assert.Equal("InvalidResourceName", body!["error"]!["code"]!.GetValue<string>());
        (st, body, _) = await f.SendAsync(p, "PUT", baseUri + $"malformed?api-version={Api}", "{\"properties\": {\"priority\": 300,");
        Assert.Equal(400, st);
        Assert.Equal("InvalidRequestContent", body!["error"]!["code"]!.GetValue<string>());
        Assert.StartsWith("The request content was invalid and could not be deserialized", body["error"]!["message"]!.GetValue<string>());
        (st, body, _) = await f.SendAsync(p, "PUT", baseUri + $"badproto?api-version={Api}", Rule(3002, protocol: "Http"));
        Assert.Equal(400, st);
        Assert.Equal("InvalidRequestFormat", body!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rule_count_is_limited_to_1000()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var rules = new JsonArray();
        for (var i = 0; i < 1001; i++)
            rules.Add(JsonNode.Parse($"{{\"name\":\"r{i}\",\"properties\":{{\"protocol\":\"Tcp\",\"sourcePortRange\":\"*\",\"destinationPortRange\":\"{1000 + i}\",\"sourceAddressPrefix\":\"10.0.0.0/8\",\"destinationAddressPrefix\":\"*\",\"access\":\"Allow\",\"priority\":{100 + i % 3997},\"direction\":\"{(i < 3997 ? "Inbound" : "Outbound")}\"}}}}"));
        var nsg = new JsonObject { ["location"] = "westus2", ["properties"] = new JsonObject { ["securityRules"] = rules } };
        var (st, body, _) = await f.SendAsync(p, "PUT", Nsg("rg-dev-wus2", "nsg-too-many") + $"?api-version={Api}", nsg.ToJsonString());
        Assert.Equal(400, st);
        Assert.Equal("SecurityRulesLimitReached", body!["error"]!["code"]!.GetValue<string>());
        rules.RemoveAt(1000);
        (st, body, _) = await f.SendAsync(p, "PUT", Nsg("rg-dev-wus2", "nsg-too-many") + $"?api-version={Api}", nsg.ToJsonString());
        Assert.True(st == 201, body?.ToJsonString());
        (st, body, _) = await f.SendAsync(p, "PUT", Nsg("rg-dev-wus2", "nsg-too-many") + $"/securityRules/one-more?api-version={Api}", Rule(4096, direction: "Outbound"));
        Assert.Equal(400, st);
        Assert.Equal("SecurityRulesLimitReached", body!["error"]!["code"]!.GetValue<string>());
        (st, _, _) = await f.SendAsync(p, "DELETE", Nsg("rg-dev-wus2", "nsg-too-many") + $"?api-version={Api}");
        Assert.Equal(202, st);
    }

    [Fact]
    public async Task Isolation_attach_nsg_to_nic_and_compute_effective_rules()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var isoId = Nsg("rg-prod-app-eus", "nsg-isolate-app-eus-03");
        var iso = new JsonObject
        {
            ["location"] = "eastus",
            ["properties"] = new JsonObject
            {
                ["securityRules"] = new JsonArray(
                    JsonNode.Parse("{\"name\":\"Isolate-DenyAllInbound\",\"properties\":{\"protocol\":\"*\",\"sourcePortRange\":\"*\",\"destinationPortRange\":\"*\",\"sourceAddressPrefix\":\"*\",\"destinationAddressPrefix\":\"*\",\"access\":\"Deny\",\"priority\":100,\"direction\":\"Inbound\"}}"),
                    JsonNode.Parse("{\"name\":\"Isolate-DenyAllOutbound\",\"properties\":{\"protocol\":\"*\",\"sourcePortRange\":\"*\",\"destinationPortRange\":\"*\",\"sourceAddressPrefix\":\"*\",\"destinationAddressPrefix\":\"*\",\"access\":\"Deny\",\"priority\":100,\"direction\":\"Outbound\"}}")),
            },
        };
        var (st, created, raw) = await f.SendAsync(p, "PUT", isoId + $"?api-version={Api}", iso.ToJsonString());
        Assert.Equal(201, st);
        Assert.True(raw.Headers.TryGetValue("Azure-AsyncOperation", out _));
        Assert.Equal(2, created!["properties"]!["securityRules"]!.AsArray().Count);

        // the VM's NIC
        var (_, vm, _) = await f.SendAsync(p, "GET", $"{f.RgId("rg-prod-app-eus")}/providers/Microsoft.Compute/virtualMachines/app-eus-03?api-version=2023-07-01");
        var nicId = vm!["properties"]!["networkProfile"]!["networkInterfaces"]![0]!["id"]!.GetValue<string>();
        var (_, nic, _) = await f.SendAsync(p, "GET", nicId + $"?api-version={Api}");
        Assert.Null(nic!["properties"]!["networkSecurityGroup"]);
        nic["properties"]!["networkSecurityGroup"] = new JsonObject { ["id"] = isoId };
        (st, var updated, _) = await f.SendAsync(p, "PUT", nicId + $"?api-version={Api}", nic.ToJsonString());
        Assert.Equal(200, st);
        Assert.Equal(isoId, updated!["properties"]!["networkSecurityGroup"]!["id"]!.GetValue<string>());
        Assert.Equal(nic["properties"]!["macAddress"]!.GetValue<string>(), updated["properties"]!["macAddress"]!.GetValue<string>());
        var (_, isoBack, _) = await f.SendAsync(p, "GET", isoId + $"?api-version={Api}");
        Assert.Equal(nicId, isoBack!["properties"]!["networkInterfaces"]![0]!["id"]!.GetValue<string>());

        // effective rules: POST LRO, then follow Location
        (st, var postBody, raw) = await f.SendAsync(p, "POST", nicId + $"/effectiveNetworkSecurityGroups?api-version={Api}");
        Assert.True(202 == st, postBody?.ToJsonString());
        Assert.True(raw.Headers.TryGetValue("Location", out var loc));
        var (st2, eff, _) = await f.SendAsync(p, "GET", new Uri(loc!).PathAndQuery);
        Assert.Equal(200, st2);
        var groups = eff!["value"]!.AsArray();
        Assert.Equal(2, groups.Count); // subnet NSG (nsg-app-eus) + NIC NSG
        Assert.NotNull(groups[0]!["association"]!["subnet"]);
        var nicGroup = groups.Single(g => g!["association"]!["networkInterface"] != null)!;
        var first = nicGroup["effectiveSecurityRules"]![0]!;
        Assert.Equal("securityRules/Isolate-DenyAllInbound", first["name"]!.GetValue<string>());
        Assert.Equal("All", first["protocol"]!.GetValue<string>());
        Assert.Equal("0-65535", first["destinationPortRange"]!.GetValue<string>());
        // same answer from State
        var fromState = f.Host.State.ComputeEffectiveSecurityGroups(nicId);
        Assert.Equal(2, fromState["value"]!.AsArray().Count);

        // an NSG in use cannot be deleted
        (st, var err, _) = await f.SendAsync(p, "DELETE", isoId + $"?api-version={Api}");
        Assert.Equal(400, st);
        Assert.Equal("InUseNetworkSecurityGroupCannotBeDeleted", err!["error"]!["code"]!.GetValue<string>());

        // undo: detach and delete
        nic["properties"]!.AsObject().Remove("networkSecurityGroup");
        (st, _, _) = await f.SendAsync(p, "PUT", nicId + $"?api-version={Api}", nic.ToJsonString());
        Assert.Equal(200, st);
        (st, _, _) = await f.SendAsync(p, "DELETE", isoId + $"?api-version={Api}");
        Assert.Equal(202, st);
        Assert.Null(f.Host.State.GetResource(isoId));
    }

    [Fact]
    public async Task Nsg_list_all_vnets_subnets_public_ips_and_nics()
    {
        var p = f.Pipeline(SimFixture.Reader);
        var (st, nsgs, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Network/networkSecurityGroups?api-version={Api}");
        Assert.Equal(200, st);
        Assert.True(nsgs!["value"]!.AsArray().Count >= 9);
        var (_, subnet, _) = await f.SendAsync(p, "GET", $"{f.RgId("rg-shared-eus")}/providers/Microsoft.Network/virtualNetworks/vnet-prod-eus/subnets/snet-web?api-version={Api}");
        Assert.Equal("10.10.1.0/24", subnet!["properties"]!["addressPrefix"]!.GetValue<string>());
        Assert.EndsWith("nsg-web-eus", subnet["properties"]!["networkSecurityGroup"]!["id"]!.GetValue<string>());
        Assert.Equal(6, subnet["properties"]!["ipConfigurations"]!.AsArray().Count);
        var (_, pips, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Network/publicIPAddresses?api-version={Api}");
        var jump = pips!["value"]!.AsArray().Single(x => x!["name"]!.GetValue<string>() == "jump-eus-01-ip")!;
        Assert.Contains("/networkInterfaces/jump-eus-01", jump["properties"]!["ipConfiguration"]!["id"]!.GetValue<string>());
        var (_, nics, _) = await f.SendAsync(p, "GET", $"{f.RgId("rg-legacy-uks")}/providers/Microsoft.Network/networkInterfaces?api-version={Api}");
        Assert.Equal(3, nics!["value"]!.AsArray().Count);
        var (stRule, missing, _) = await f.SendAsync(p, "GET", Nsg("rg-dev-wus2", "nsg-dev-wus2") + $"/securityRules/none?api-version={Api}");
        Assert.Equal(404, stRule);
        Assert.Equal("NotFound", missing!["error"]!["code"]!.GetValue<string>());
        var (stRules, rulesList, _) = await f.SendAsync(p, "GET", Nsg("rg-legacy-uks", "nsg-legacy-ftp") + $"/securityRules?api-version={Api}");
        Assert.Equal(200, stRules);
        Assert.Equal(3, rulesList!["value"]!.AsArray().Count);
    }

    [Fact]
    public async Task Subnet_nsg_association_can_be_changed()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var subnetUri = $"{f.RgId("rg-prod-weu")}/providers/Microsoft.Network/virtualNetworks/vnet-prod-weu/subnets/snet-app?api-version={Api}";
        var (_, subnet, _) = await f.SendAsync(p, "GET", subnetUri);
        Assert.Null(subnet!["properties"]!["networkSecurityGroup"]);
        subnet["properties"]!["networkSecurityGroup"] = new JsonObject { ["id"] = Nsg("rg-prod-weu", "nsg-web-weu") };
        var (st, updated, _) = await f.SendAsync(p, "PUT", subnetUri, subnet.ToJsonString());
        Assert.Equal(200, st);
        Assert.NotNull(updated!["properties"]!["networkSecurityGroup"]);
        subnet["properties"]!.AsObject().Remove("networkSecurityGroup");
        (st, updated, _) = await f.SendAsync(p, "PUT", subnetUri, subnet.ToJsonString());
        Assert.Equal(200, st);
        Assert.Null(updated!["properties"]!["networkSecurityGroup"]);
    }
}

public class ExistenceTests(SimFixture f) : IClassFixture<SimFixture>
{
    [Fact]
    public async Task Generic_existence_checks_use_head()
    {
        var arm = f.Arm(SimFixture.Reader);
        var coll = arm.GetGenericResources();
        Assert.True((await coll.ExistsAsync(new Azure.Core.ResourceIdentifier($"{f.RgId("rg-dev-wus2")}/providers/Microsoft.Network/networkSecurityGroups/nsg-dev-wus2"))).Value);
        Assert.False((await coll.ExistsAsync(new Azure.Core.ResourceIdentifier($"{f.RgId("rg-dev-wus2")}/providers/Microsoft.Network/networkSecurityGroups/nope"))).Value);
    }
}

public class ConcurrencyTests(SimFixture f) : IClassFixture<SimFixture>
{
    [Fact]
    public async Task If_match_protects_a_read_modify_write_of_a_nic()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var (_, vm, _) = await f.SendAsync(p, "GET", $"{f.RgId("rg-prod-weu")}/providers/Microsoft.Compute/virtualMachines/app-weu-01?api-version=2023-07-01");
        var nicId = vm!["properties"]!["networkProfile"]!["networkInterfaces"]![0]!["id"]!.GetValue<string>();
        var (_, nic, _) = await f.SendAsync(p, "GET", nicId + "?api-version=2024-07-01");
        var etag = nic!["etag"]!.GetValue<string>();
        nic["tags"] = new System.Text.Json.Nodes.JsonObject { ["quarantine"] = "pending" };

        var msg = p.CreateMessage();
        msg.Request.Method = Azure.Core.RequestMethod.Put;
        msg.Request.Uri.Reset(new Uri(f.Host.ArmEndpoint, nicId + "?api-version=2024-07-01"));
        msg.Request.Headers.Add("Content-Type", "application/json");
        msg.Request.Headers.Add("If-Match", etag);
        msg.Request.Content = Azure.Core.RequestContent.Create(System.Text.Encoding.UTF8.GetBytes(nic.ToJsonString()));
        await p.SendAsync(msg, default);
        Assert.Equal(200, msg.Response.Status);

        // the etag changed: a second writer with the old etag loses
        var stale = p.CreateMessage();
        stale.Request.Method = Azure.Core.RequestMethod.Put;
        stale.Request.Uri.Reset(new Uri(f.Host.ArmEndpoint, nicId + "?api-version=2024-07-01"));
        stale.Request.Headers.Add("Content-Type", "application/json");
        stale.Request.Headers.Add("If-Match", etag);
        stale.Request.Content = Azure.Core.RequestContent.Create(System.Text.Encoding.UTF8.GetBytes(nic.ToJsonString()));
        await p.SendAsync(stale, default);
        var (_, now, _) = await f.SendAsync(p, "GET", nicId + "?api-version=2024-07-01");
        Assert.True(412 == stale.Response.Status, $"old {etag} now {now!["etag"]} sent {(stale.Request.Headers.TryGetValue("If-Match", out var v) ? v : "none")}");
        Assert.Contains("PreconditionFailed", stale.Response.Content.ToString());
    }
}
