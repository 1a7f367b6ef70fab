using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AzureSim.Tests;

/// <summary>
/// What the portal's containment writes rely on, as Azure does it: NSG and rule PUT/DELETE shapes (compared with the official
/// examples NetworkSecurityGroupCreate.json, NetworkSecurityGroupRuleCreate.json and NetworkSecurityGroupRuleDelete.json of
/// Azure/azure-rest-api-specs, Microsoft.Network stable 2024-07-01), etag preconditions, the in-progress state of a slow
/// write, and the NSG back-reference following a NIC's association.
/// </summary>
public class ContainmentConformanceTests(SimFixture f) : IClassFixture<SimFixture>
{
    private const string Api = "2024-07-01";
    private string Nsg(string rg, string name) => $"{f.RgId(rg)}/providers/Microsoft.Network/networkSecurityGroups/{name}";

    // the 201 bodies of the official examples (one default rule kept: arrays compare their first element)
    private const string RuleCreate201 = """
        {"name":"rule1","id":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/testnsg/securityRules/rule1",
         "properties":{"provisioningState":"Succeeded","protocol":"*","sourcePortRange":"*","destinationPortRange":"8080","sourceAddressPrefix":"10.0.0.0/8",
         "destinationAddressPrefix":"11.0.0.0/8","access":"Deny","priority":100,"direction":"Outbound"}}
        """;
    private const string NsgCreate201 = """
        {"name":"testnsg","id":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/testnsg","type":"Microsoft.Network/networkSecurityGroups","location":"eastus",
         "properties":{"provisioningState":"Succeeded","flushConnection":false,"securityRules":[],"defaultSecurityRules":[
          {"name":"AllowVnetInBound","id":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/testnsg/defaultSecurityRules/AllowVnetInBound",
           "properties":{"provisioningState":"Succeeded","description":"Allow inbound traffic from all VMs in VNET","protocol":"*","sourcePortRange":"*","destinationPortRange":"*",
           "sourceAddressPrefix":"VirtualNetwork","destinationAddressPrefix":"VirtualNetwork","access":"Allow","priority":65000,"direction":"Inbound"}}]}}
        """;
    private const string RuleBody = """{"properties":{"protocol":"*","sourceAddressPrefix":"10.0.0.0/8","destinationAddressPrefix":"11.0.0.0/8","access":"Deny","destinationPortRange":"8080","sourcePortRange":"*","priority":100,"direction":"Outbound"}}""";

    private static void AssertShape(string example, JsonNode? actual)
    {
        var problems = new List<string>();
        ConformanceTests.CompareShape(JsonNode.Parse(example), actual, "", problems, []);
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nactual: " + actual?.ToJsonString());
    }

    private async Task<(int Status, JsonNode? Body, Response Raw)> SendAsync(HttpPipeline p, string method, string path, string? body = null, string? ifMatch = null, string? ifNoneMatch = null)
    {
        var msg = p.CreateMessage();
        msg.Request.Method = RequestMethod.Parse(method);
        msg.Request.Uri.Reset(new Uri(f.Host.ArmEndpoint, path));
        if (ifMatch != null) msg.Request.Headers.Add("If-Match", ifMatch);
        if (ifNoneMatch != null) msg.Request.Headers.Add("If-None-Match", ifNoneMatch);
        if (body != null)
        {
            msg.Request.Headers.Add("Content-Type", "application/json");
            msg.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body));
        }
        await p.SendAsync(msg, CancellationToken.None);
        var text = msg.Response.Content.ToString();
        return (msg.Response.Status, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text), msg.Response);
    }

    [Fact]
    public async Task Nsg_and_rule_create_and_rule_delete_answer_like_the_official_examples()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var nsg = Nsg("rg-prod-app-eus", "nsg-conformance-create");
        var (st, created, raw) = await SendAsync(p, "PUT", $"{nsg}?api-version={Api}", """{"location":"eastus"}""");
        Assert.Equal(201, st);
        Assert.True(raw.Headers.TryGetValue("Azure-AsyncOperation", out _));
        AssertShape(NsgCreate201, created);
        (st, var again, _) = await SendAsync(p, "PUT", $"{nsg}?api-version={Api}", """{"location":"eastus"}""");
        Assert.Equal(200, st);
        AssertShape(NsgCreate201, again);

        (st, var rule, raw) = await SendAsync(p, "PUT", $"{nsg}/securityRules/rule1?api-version={Api}", RuleBody);
        Assert.Equal(201, st);
        Assert.True(raw.Headers.TryGetValue("Azure-AsyncOperation", out _));
        AssertShape(RuleCreate201, rule);
        (st, rule, _) = await SendAsync(p, "PUT", $"{nsg}/securityRules/rule1?api-version={Api}", RuleBody);
        Assert.Equal(200, st);
        AssertShape(RuleCreate201, rule);

        // delete: 202 + Azure-AsyncOperation while there is something to delete, 204 once it is gone
        (st, _, raw) = await SendAsync(p, "DELETE", $"{nsg}/securityRules/rule1?api-version={Api}");
        Assert.Equal(202, st);
        Assert.True(raw.Headers.TryGetValue("Azure-AsyncOperation", out _));
        (st, _, _) = await SendAsync(p, "DELETE", $"{nsg}/securityRules/rule1?api-version={Api}");
        Assert.Equal(204, st);
        (st, _, _) = await SendAsync(p, "DELETE", $"{nsg}?api-version={Api}");
        Assert.Equal(202, st);
        (st, _, _) = await SendAsync(p, "DELETE", $"{nsg}?api-version={Api}");
        Assert.Equal(204, st);
    }

    [Fact]
    public async Task A_slow_write_answers_updating_and_its_operation_runs_until_it_succeeds()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var nsg = Nsg("rg-shared-eus", "nsg-jump-eus");
        f.Host.State.OperationDuration = TimeSpan.FromMilliseconds(600);
        try
        {
            var (st, rule, raw) = await SendAsync(p, "PUT", $"{nsg}/securityRules/slow-rule?api-version={Api}", RuleBody.Replace("100", "3000"));
            Assert.Equal(201, st);
            Assert.Equal("Updating", (string)rule!["properties"]!["provisioningState"]!);
            Assert.True(raw.Headers.TryGetValue("Azure-AsyncOperation", out var op));
            Assert.True(raw.Headers.TryGetValue("Retry-After", out _));
            var (_, status, _) = await SendAsync(p, "GET", new Uri(op!).PathAndQuery);
            Assert.Equal("InProgress", (string)status!["status"]!);
            await Task.Delay(700);
            (_, status, _) = await SendAsync(p, "GET", new Uri(op!).PathAndQuery);
            Assert.Equal("Succeeded", (string)status!["status"]!);
            var (_, read, _) = await SendAsync(p, "GET", $"{nsg}/securityRules/slow-rule?api-version={Api}");
            Assert.Equal("Succeeded", (string)read!["properties"]!["provisioningState"]!);
        }
        finally { f.Host.State.OperationDuration = TimeSpan.Zero; }
        Assert.Equal(202, (await SendAsync(p, "DELETE", $"{nsg}/securityRules/slow-rule?api-version={Api}")).Status);
    }

    [Fact]
    public async Task Stale_etags_are_refused_with_412_precondition_failed_and_nothing_changes()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var nsg = Nsg("rg-shared-eus", "nsg-mgmt-eus");
        var rulePath = $"{nsg}/securityRules/AllowSshFromVendor?api-version={Api}";
        var (_, current, _) = await SendAsync(p, "GET", rulePath);
        var etag = (string)current!["etag"]!;
        var changed = current.DeepClone();
        changed["properties"]!["priority"] = 130;

        var (st, updated, _) = await SendAsync(p, "PUT", rulePath, changed.ToJsonString(), ifMatch: etag);
        Assert.Equal(200, st);
        Assert.NotEqual(etag, (string)updated!["etag"]!);

        changed["properties"]!["priority"] = 140;
        (st, var err, _) = await SendAsync(p, "PUT", rulePath, changed.ToJsonString(), ifMatch: etag);
        Assert.Equal(412, st);
        Assert.Equal("PreconditionFailed", (string)err!["error"]!["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)err["error"]!["message"]));
        (st, err, _) = await SendAsync(p, "DELETE", rulePath, ifMatch: etag);
        Assert.Equal(412, st);
        var (_, after, _) = await SendAsync(p, "GET", rulePath);
        Assert.Equal(130, (int)after!["properties"]!["priority"]!);

        // If-Match "*" needs the rule to exist; If-None-Match "*" needs the NSG not to
        (st, _, _) = await SendAsync(p, "PUT", $"{nsg}/securityRules/not-there?api-version={Api}", RuleBody.Replace("100", "3100"), ifMatch: "*");
        Assert.Equal(412, st);
        (st, _, _) = await SendAsync(p, "GET", $"{nsg}/securityRules/not-there?api-version={Api}");
        Assert.Equal(404, st);
        (st, _, _) = await SendAsync(p, "PUT", $"{nsg}?api-version={Api}", """{"location":"eastus"}""", ifNoneMatch: "*");
        Assert.Equal(412, st);
        var (_, nsgAfter, _) = await SendAsync(p, "GET", $"{nsg}?api-version={Api}");
        Assert.Equal(2, nsgAfter!["properties"]!["securityRules"]!.AsArray().Count);
    }

    [Fact]
    public async Task Moving_a_nic_between_nsgs_moves_the_back_reference_and_frees_the_old_nsg_for_deletion()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var (_, vm, _) = await SendAsync(p, "GET", $"{f.RgId("rg-shared-eus")}/providers/Microsoft.Compute/virtualMachines/jump-eus-01?api-version=2024-07-01");
        var nicId = (string)vm!["properties"]!["networkProfile"]!["networkInterfaces"]![0]!["id"]!;
        var oldNsg = Nsg("rg-shared-eus", "nsg-jump-eus");
        var newNsg = Nsg("rg-shared-eus", "nsg-quarantine-jump");
        Assert.Equal(201, (await SendAsync(p, "PUT", $"{newNsg}?api-version={Api}", """{"location":"eastus"}""")).Status);

        var (_, nic, _) = await SendAsync(p, "GET", $"{nicId}?api-version={Api}");
        Assert.Equal(oldNsg, (string)nic!["properties"]!["networkSecurityGroup"]!["id"]!, ignoreCase: true);
        nic["properties"]!["networkSecurityGroup"] = new JsonObject { ["id"] = newNsg };
        var (st, _, _) = await SendAsync(p, "PUT", $"{nicId}?api-version={Api}", nic.ToJsonString(), ifMatch: (string)nic["etag"]!);
        Assert.Equal(200, st);

        var (_, oldBack, _) = await SendAsync(p, "GET", $"{oldNsg}?api-version={Api}");
        Assert.Null(oldBack!["properties"]!["networkInterfaces"]);
        var (_, newBack, _) = await SendAsync(p, "GET", $"{newNsg}?api-version={Api}");
        Assert.Equal([nicId], newBack!["properties"]!["networkInterfaces"]!.AsArray().Select(x => (string)x!["id"]!));
        // the NSG now in use cannot go; the released one could (not deleted here: other tests read it)
        (st, var err, _) = await SendAsync(p, "DELETE", $"{newNsg}?api-version={Api}");
        Assert.Equal(400, st);
        Assert.Equal("InUseNetworkSecurityGroupCannotBeDeleted", (string)err!["error"]!["code"]!);
        Assert.Contains(nicId, (string)err["error"]!["message"]!, StringComparison.OrdinalIgnoreCase);

        // restore the seed's association
        (_, nic, _) = await SendAsync(p, "GET", $"{nicId}?api-version={Api}");
        nic!["properties"]!["networkSecurityGroup"] = new JsonObject { ["id"] = oldNsg };
        Assert.Equal(200, (await SendAsync(p, "PUT", $"{nicId}?api-version={Api}", nic.ToJsonString())).Status);
        Assert.Equal(202, (await SendAsync(p, "DELETE", $"{newNsg}?api-version={Api}")).Status);
    }
}
