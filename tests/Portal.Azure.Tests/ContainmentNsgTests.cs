using System.Text.Json.Nodes;
using Portal.Domain.Cloud;

namespace Portal.Azure.Tests;

/// <summary>
/// NSG and security-rule operations of the connector against AzureSim over HTTPS, each read back through the connector
/// and through the plain SDK's generic-resource GET. The class owns its simulator (it writes).
/// </summary>
public class ContainmentNsgTests(SimFixture sim) : IClassFixture<SimFixture>
{
    private const string Shared = "rg-shared-eus";
    private ICloudConnector Connector => sim.Connector;
    private CloudCredential Responder => sim.Credential(SimFixture.Responder);
    private string NsgId(string rg, string name) => $"/subscriptions/{sim.SubscriptionId}/resourceGroups/{rg}/providers/Microsoft.Network/networkSecurityGroups/{name}";
    private ContainmentSdk Sdk => new(sim);

    private static NsgRuleInfo Deny(string name, int priority, params string[] sources) =>
        new(name, priority, "Inbound", "Deny", "*", sources, ["*"], ["*"], ["*"], IsDefault: false) { Description = "portal block list" };

    [Fact]
    public async Task Reads_one_nsg_with_rules_attachments_and_etag_as_azure_holds_it()
    {
        var id = NsgId(Shared, "nsg-web-eus");
        var r = await Connector.GetNetworkSecurityGroupAsync(sim.Credential(SimFixture.Reader), id);
        Assert.True(r.IsSuccess, r.Error?.Message);
        var nsg = r.Value;
        var stored = sim.Host.State.GetResource(id)!;
        Assert.Equal("nsg-web-eus", nsg.Name);
        Assert.Equal(Shared, nsg.ResourceGroup, ignoreCase: true);
        Assert.Equal((string)stored["location"]!, nsg.Location);
        Assert.Equal((string)stored["etag"]!, nsg.Etag);
        var storedRules = stored["properties"]!["securityRules"]!.AsArray();
        Assert.Equal(storedRules.Select(x => (string)x!["name"]!).Order(), nsg.Rules.Select(x => x.Name).Order());
        Assert.All(nsg.Rules, rule => Assert.Equal((string)storedRules.Single(x => (string)x!["name"]! == rule.Name)!["etag"]!, rule.Etag));
        Assert.Equal(6, nsg.DefaultRules.Count);
        Assert.Equal(stored["properties"]!["subnets"]!.AsArray().Select(x => (string)x!["id"]!), nsg.SubnetIds);
        Assert.Contains(nsg.Rules, x => x.Name == "AllowHttpsInbound" && x.Priority == 100 && x.Access == "Allow");
    }

    [Fact]
    public async Task A_missing_nsg_is_not_found_with_meaning_and_a_malformed_id_is_invalid_input()
    {
        var r = await Connector.GetNetworkSecurityGroupAsync(Responder, NsgId(Shared, "nsg-does-not-exist"));
        Assert.False(r.IsSuccess);
        Assert.Equal(CloudErrorCodes.ResourceNotFound, r.Error.Code);
        Assert.Equal(404, r.Error.HttpStatus);
        Assert.Contains("nsg-does-not-exist", r.Error.Message);
        Assert.False(string.IsNullOrEmpty(r.Error.Meaning));

        var gone = await Connector.GetNetworkSecurityGroupAsync(Responder, NsgId("rg-nope", "nsg-web-eus"));
        Assert.Equal(CloudErrorCodes.ResourceNotFound, gone.Error!.Code);
        Assert.Equal("ResourceGroupNotFound", gone.Error.AzureCode);

        var bad = await Connector.GetNetworkSecurityGroupAsync(Responder, $"/subscriptions/{sim.SubscriptionId}/resourceGroups/{Shared}/providers/Microsoft.Network/networkInterfaces/x");
        Assert.Equal(CloudErrorCodes.InvalidInput, bad.Error!.Code);
    }

    [Fact]
    public async Task Puts_a_rule_and_reads_it_back_through_connector_and_sdk_then_deletes_it()
    {
        var nsgId = NsgId(Shared, "nsg-app-eus");
        var put = await Connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-block-in", 150, "203.0.113.7", "198.51.100.0/24"));
        Assert.True(put.IsSuccess, put.Error?.Message);
        Assert.Equal(["203.0.113.7", "198.51.100.0/24"], put.Value.SourceAddressPrefixes);
        Assert.StartsWith("W/\"", put.Value.Etag);

        var back = (await Connector.GetNetworkSecurityGroupAsync(Responder, nsgId)).Value;
        var rule = Assert.Single(back.Rules, x => x.Name == "portal-block-in");
        Assert.Equal(150, rule.Priority);
        Assert.Equal("Deny", rule.Access);
        Assert.Equal(put.Value.Etag, rule.Etag);
        Assert.Equal("portal block list", rule.Description);

        var generic = await Sdk.RuleAsync(nsgId, "portal-block-in");
        Assert.NotNull(generic);
        Assert.Equal(["203.0.113.7", "198.51.100.0/24"], generic["properties"]!["sourceAddressPrefixes"]!.AsArray().Select(x => (string)x!));
        Assert.Equal("Deny", (string)generic["properties"]!["access"]!);

        // the list grows: a conditional replace with the current etag
        var grown = await Connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-block-in", 150, "203.0.113.7", "198.51.100.0/24", "192.0.2.1"), put.Value.Etag);
        Assert.True(grown.IsSuccess, grown.Error?.Message);
        Assert.NotEqual(put.Value.Etag, grown.Value.Etag);
        Assert.Equal(3, grown.Value.SourceAddressPrefixes.Count);

        var deleted = await Connector.DeleteSecurityRuleAsync(Responder, nsgId, "portal-block-in");
        Assert.True(deleted.Value);
        Assert.Null(await Sdk.RuleAsync(nsgId, "portal-block-in"));
        Assert.DoesNotContain((await Connector.GetNetworkSecurityGroupAsync(Responder, nsgId)).Value.Rules, x => x.Name == "portal-block-in");
        var again = await Connector.DeleteSecurityRuleAsync(Responder, nsgId, "portal-block-in");
        Assert.True(again.IsSuccess, again.Error?.Message);
        Assert.False(again.Value);
    }

    [Fact]
    public async Task Two_writers_with_the_same_etag_the_second_gets_precondition_failed_and_the_first_writers_rule_stays()
    {
        var nsgId = NsgId(Shared, "nsg-data-eus");
        var created = (await Connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-etag-race", 3300, "203.0.113.10"))).Value;

        // both writers read the same version, then write their own prefix list
        var first = await Connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-etag-race", 3300, "203.0.113.10", "203.0.113.11"), created.Etag);
        Assert.True(first.IsSuccess, first.Error?.Message);
        var second = await Connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-etag-race", 3300, "203.0.113.10", "203.0.113.99"), created.Etag);
        Assert.False(second.IsSuccess);
        Assert.Equal(CloudErrorCodes.PreconditionFailed, second.Error.Code);
        Assert.Equal(412, second.Error.HttpStatus);
        Assert.Contains("changed", second.Error.Meaning);
        Assert.False(string.IsNullOrEmpty(second.Error.Fix));

        var generic = await Sdk.RuleAsync(nsgId, "portal-etag-race");
        Assert.Equal(["203.0.113.10", "203.0.113.11"], generic!["properties"]!["sourceAddressPrefixes"]!.AsArray().Select(x => (string)x!));

        // "*" means "must exist": a conditional write of a rule that is not there is refused too
        var ghost = await Connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-never-created", 3310, "203.0.113.12"), "*");
        Assert.Equal(CloudErrorCodes.PreconditionFailed, ghost.Error!.Code);
        Assert.Null(await Sdk.RuleAsync(nsgId, "portal-never-created"));
    }

    [Fact]
    public async Task A_priority_already_used_in_that_direction_is_a_security_rule_conflict_with_meaning()
    {
        var nsgId = NsgId(Shared, "nsg-web-eus"); // AllowHttpsInbound holds 100 inbound
        var r = await Connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-collides", 100, "203.0.113.20"));
        Assert.False(r.IsSuccess);
        Assert.Equal(CloudErrorCodes.SecurityRuleConflict, r.Error.Code);
        Assert.Contains("AllowHttpsInbound", r.Error.Message);
        Assert.Contains("priority", r.Error.Meaning, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await Sdk.RuleAsync(nsgId, "portal-collides"));

        // outbound 100 is free: direction is part of the key
        var outbound = await Connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-out-100", 100, "*") with { Direction = "Outbound", DestinationAddressPrefixes = ["203.0.113.20"] });
        Assert.True(outbound.IsSuccess, outbound.Error?.Message);
        Assert.True((await Connector.DeleteSecurityRuleAsync(Responder, nsgId, "portal-out-100")).Value);

        var invalid = await Connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-low", 50, "203.0.113.20"));
        Assert.Equal("SecurityRuleInvalidPriority", invalid.Error!.Code);
        Assert.Contains("4096", invalid.Error.Meaning);
    }

    private string NicOf(string vmName) =>
        (string)sim.SeededVms().Single(v => (string)v["name"]! == vmName)["properties"]!["networkProfile"]!["networkInterfaces"]![0]!["id"]!;

    [Fact]
    public async Task Creates_an_nsg_idempotently_attaches_it_refuses_delete_while_attached_then_detaches_and_deletes()
    {
        var spec = new NsgCreateSpec(sim.SubscriptionId, "rg-prod-app-eus", "nsg-portal-quarantine-app-eus-04", "eastus", new Dictionary<string, string> { ["managed-by"] = "security-portal" });
        var created = await Connector.CreateNetworkSecurityGroupAsync(Responder, spec);
        Assert.True(created.IsSuccess, created.Error?.Message);
        var nsgId = created.Value.Id;
        Assert.Equal(NsgId("rg-prod-app-eus", spec.Name), nsgId, ignoreCase: true);
        Assert.Empty(created.Value.Rules);
        Assert.Equal(6, created.Value.DefaultRules.Count);
        Assert.Equal("security-portal", created.Value.Tags["managed-by"]);
        var generic = await Sdk.GetAsync(nsgId);
        Assert.NotNull(generic);

        // a rule added after creation survives a second create of the same NSG (no blind PUT over it)
        Assert.True((await Connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-isolate-in", 100, "*"))).IsSuccess);
        var again = await Connector.CreateNetworkSecurityGroupAsync(Responder, spec);
        Assert.True(again.IsSuccess, again.Error?.Message);
        Assert.Single(again.Value.Rules, x => x.Name == "portal-isolate-in");

        // attach to the NIC of app-eus-04 (it has none of its own)
        var nicId = NicOf("app-eus-04");
        var set = await Connector.SetNetworkInterfaceNsgAsync(Responder, nicId, nsgId);
        Assert.True(set.IsSuccess, set.Error?.Message);
        Assert.Equal(nsgId, set.Value.NsgId, ignoreCase: true);
        Assert.Equal(nicId, set.Value.Id, ignoreCase: true);
        Assert.NotEmpty(set.Value.PrivateIps);
        Assert.Single(set.Value.SubnetNsgIds, x => x.EndsWith("/nsg-app-eus", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(nsgId, (string)(await Sdk.GetAsync(nicId))!["properties"]!["networkSecurityGroup"]!["id"]!, ignoreCase: true);
        var attached = (await Connector.GetNetworkSecurityGroupAsync(Responder, nsgId)).Value;
        Assert.Equal([nicId], attached.NicIds, StringComparer.OrdinalIgnoreCase);
        var vm = (await Connector.GetVirtualMachineAsync(Responder, (string)sim.SeededVms().Single(v => (string)v["name"]! == "app-eus-04")["id"]!)).Value;
        Assert.Equal(nsgId, vm.NsgIds[0], ignoreCase: true);
        // setting the same association again writes nothing and answers the same
        var etagBefore = (string)sim.Host.State.GetResource(nicId)!["etag"]!;
        var same = await Connector.SetNetworkInterfaceNsgAsync(Responder, nicId, nsgId);
        Assert.Equivalent(set.Value, same.Value, strict: true);
        Assert.Equal(etagBefore, (string)sim.Host.State.GetResource(nicId)!["etag"]!);

        // Azure refuses to delete an NSG a NIC still uses
        var refused = await Connector.DeleteNetworkSecurityGroupAsync(Responder, nsgId);
        Assert.False(refused.IsSuccess);
        Assert.Equal(CloudErrorCodes.NsgInUse, refused.Error.Code);
        Assert.Contains(nicId, refused.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Remove the NSG from", refused.Error.Fix);
        Assert.NotNull(await Sdk.GetAsync(nsgId));

        // clear the association, then the delete goes through; a second delete finds nothing
        var cleared = await Connector.SetNetworkInterfaceNsgAsync(Responder, nicId, null);
        Assert.True(cleared.IsSuccess, cleared.Error?.Message);
        Assert.Null(cleared.Value.NsgId);
        Assert.Null((await Sdk.GetAsync(nicId))!["properties"]!["networkSecurityGroup"]);
        Assert.Empty((await Connector.GetNetworkSecurityGroupAsync(Responder, nsgId)).Value.NicIds);
        var deleted = await Connector.DeleteNetworkSecurityGroupAsync(Responder, nsgId);
        Assert.True(deleted.IsSuccess, deleted.Error?.Message);
        Assert.True(deleted.Value);
        Assert.Null(await Sdk.GetAsync(nsgId));
        Assert.False((await Connector.DeleteNetworkSecurityGroupAsync(Responder, nsgId)).Value);
        Assert.Equal(CloudErrorCodes.ResourceNotFound, (await Connector.GetNetworkSecurityGroupAsync(Responder, nsgId)).Error!.Code);
    }

    [Fact]
    public async Task An_nsg_in_another_region_cannot_be_attached_and_the_nic_keeps_its_association()
    {
        var nicId = NicOf("app-eus-05");
        var r = await Connector.SetNetworkInterfaceNsgAsync(Responder, nicId, NsgId("rg-prod-weu", "nsg-web-weu"));
        Assert.Equal("InvalidResourceReference", r.Error!.Code);
        Assert.Contains("region", r.Error.Meaning);
        Assert.Null((await Sdk.GetAsync(nicId))!["properties"]!["networkSecurityGroup"]);
    }

    [Fact]
    public async Task The_reader_app_is_refused_with_the_missing_action_named()
    {
        var reader = sim.Credential(SimFixture.Reader);
        var nsgId = NsgId(Shared, "nsg-mgmt-eus");
        var put = await Connector.PutSecurityRuleAsync(reader, nsgId, Deny("portal-reader-try", 400, "203.0.113.30"));
        Assert.Equal(CloudErrorCodes.AuthorizationFailed, put.Error!.Code);
        Assert.Equal(403, put.Error.HttpStatus);
        Assert.Contains("Microsoft.Network/networkSecurityGroups/securityRules/write", put.Error.Message);
        Assert.Null(await Sdk.RuleAsync(nsgId, "portal-reader-try"));

        var del = await Connector.DeleteSecurityRuleAsync(reader, nsgId, "AllowRdpFromPartnerVpn");
        Assert.Equal(CloudErrorCodes.AuthorizationFailed, del.Error!.Code);
        Assert.Contains("Microsoft.Network/networkSecurityGroups/securityRules/delete", del.Error.Message);
        Assert.NotNull(await Sdk.RuleAsync(nsgId, "AllowRdpFromPartnerVpn"));

        var nic = await Connector.SetNetworkInterfaceNsgAsync(reader, NicOf("app-eus-06"), nsgId);
        Assert.Equal(CloudErrorCodes.AuthorizationFailed, nic.Error!.Code);
        Assert.Contains("Microsoft.Network/networkInterfaces/write", nic.Error.Message);

        var create = await Connector.CreateNetworkSecurityGroupAsync(reader, new NsgCreateSpec(sim.SubscriptionId, Shared, "nsg-reader-try", "eastus", new Dictionary<string, string>()));
        Assert.Contains("Microsoft.Network/networkSecurityGroups/write", create.Error!.Message);

        // the least-privilege responder role may write rules but not delete NSGs (notActions)
        var least = await Connector.DeleteNetworkSecurityGroupAsync(sim.Credential(SimFixture.LeastPriv), NsgId(Shared, "nsg-jump-eus"));
        Assert.Equal(CloudErrorCodes.AuthorizationFailed, least.Error!.Code);
        Assert.Contains("Microsoft.Network/networkSecurityGroups/delete", least.Error.Message);
    }

    [Fact]
    public async Task Throttled_writes_are_retried_after_retry_after_and_succeed()
    {
        var connector = (AzureCloudConnector)Connector;
        var nsgId = NsgId(Shared, "nsg-jump-eus");
        var throttledBefore = connector.Metrics.ThrottledResponses;
        sim.Host.State.ThrottleNext(1, "securityRules/portal-throttled");
        var put = await connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-throttled", 200, "203.0.113.40"));
        Assert.True(put.IsSuccess, put.Error?.Message);
        Assert.Equal(throttledBefore + 1, connector.Metrics.ThrottledResponses);
        Assert.NotNull(await Sdk.RuleAsync(nsgId, "portal-throttled"));

        sim.Host.State.ThrottleNext(1, "securityRules/portal-throttled");
        Assert.True((await connector.DeleteSecurityRuleAsync(Responder, nsgId, "portal-throttled")).Value);
        Assert.Equal(throttledBefore + 2, connector.Metrics.ThrottledResponses);
        Assert.Null(await Sdk.RuleAsync(nsgId, "portal-throttled"));
    }

    [Fact]
    public async Task Writes_wait_for_slow_long_running_operations_to_finish()
    {
        var connector = sim.CreateConnector(o => o.LongRunningPollInterval = TimeSpan.FromMilliseconds(100));
        var nsgId = NsgId(Shared, "nsg-jump-eus");
        sim.Host.State.OperationDuration = TimeSpan.FromMilliseconds(400);
        try
        {
            var before = connector.Metrics.ArmRequests;
            var put = await connector.PutSecurityRuleAsync(Responder, nsgId, Deny("portal-slow", 210, "203.0.113.50"));
            Assert.True(put.IsSuccess, put.Error?.Message);
            Assert.Equal("Succeeded", (string)(await Sdk.RuleAsync(nsgId, "portal-slow"))!["properties"]!["provisioningState"]!);
            var del = await connector.DeleteSecurityRuleAsync(Responder, nsgId, "portal-slow");
            Assert.True(del.Value);
            Assert.Null(await Sdk.RuleAsync(nsgId, "portal-slow"));
            // PUT + at least one status poll + final GET, DELETE + at least one poll
            Assert.True(connector.Metrics.ArmRequests - before >= 5, $"{connector.Metrics.ArmRequests - before} requests");
        }
        finally
        {
            sim.Host.State.OperationDuration = TimeSpan.Zero;
            connector.Dispose();
        }
    }

    [Fact]
    public async Task A_full_nsg_refuses_one_more_rule_with_the_limit_explained()
    {
        var created = (await Connector.CreateNetworkSecurityGroupAsync(Responder, new NsgCreateSpec(sim.SubscriptionId, "rg-dev-wus2", "nsg-full", "westus2", new Dictionary<string, string>()))).Value;
        // fill it to Azure's cap straight in the simulator's store (1000 PUTs would only slow the test down)
        var stored = sim.Host.State.GetResource(created.Id)!;
        var rules = new JsonArray();
        for (var i = 0; i < 1000; i++)
            rules.Add(new JsonObject
            {
                ["name"] = $"r{i}", ["id"] = $"{created.Id}/securityRules/r{i}", ["etag"] = $"W/\"{Guid.NewGuid()}\"",
                ["properties"] = new JsonObject
                {
                    ["protocol"] = "Tcp", ["sourcePortRange"] = "*", ["destinationPortRange"] = $"{1000 + i}", ["sourceAddressPrefix"] = "10.0.0.0/8",
                    ["destinationAddressPrefix"] = "*", ["access"] = "Allow", ["priority"] = 100 + i, ["direction"] = "Inbound", ["provisioningState"] = "Succeeded",
                },
            });
        stored["properties"]!["securityRules"] = rules;
        sim.Host.State.PutResource(stored);

        var r = await Connector.PutSecurityRuleAsync(Responder, created.Id, Deny("portal-one-too-many", 4000, "203.0.113.60") with { Direction = "Outbound", SourceAddressPrefixes = ["*"], DestinationAddressPrefixes = ["203.0.113.60"] });
        Assert.False(r.IsSuccess);
        Assert.Equal(CloudErrorCodes.SecurityRulesLimitReached, r.Error.Code);
        Assert.Contains("merge", r.Error.Fix);
        Assert.Equal(1000, (await Connector.GetNetworkSecurityGroupAsync(Responder, created.Id)).Value.Rules.Count);
        Assert.True((await Connector.DeleteNetworkSecurityGroupAsync(Responder, created.Id)).Value);
    }
}
