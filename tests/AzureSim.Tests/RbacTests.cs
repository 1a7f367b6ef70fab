using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;

namespace AzureSim.Tests;

public class RbacTests(SimFixture f) : IClassFixture<SimFixture>
{
    private ResourceIdentifier Vm(string rg, string name) => VirtualMachineResource.CreateResourceIdentifier(f.Sub, rg, name);

    [Fact]
    public async Task Reader_cannot_power_off_and_gets_AuthorizationFailed()
    {
        var c = f.Host.Client(SimFixture.Reader);
        var vm = f.Arm(SimFixture.Reader).GetVirtualMachineResource(Vm("rg-prod-web-eus", "web-eus-02"));
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => vm.PowerOffAsync(WaitUntil.Completed));
        Assert.Equal(403, ex.Status);
        Assert.Equal("AuthorizationFailed", ex.ErrorCode);
        Assert.Contains($"The client '{c.ClientId}' with object id '{c.ObjectId}' does not have authorization to perform action 'Microsoft.Compute/virtualMachines/powerOff/action' over scope '{Vm("rg-prod-web-eus", "web-eus-02")}' or the scope is invalid.", ex.Message);
        Assert.Equal("PowerState/running", f.Host.State.GetPowerState(Vm("rg-prod-web-eus", "web-eus-02").ToString()));
    }

    [Fact]
    public async Task Custom_least_privilege_role_can_start_but_not_restart()
    {
        var arm = f.Arm(SimFixture.LeastPriv);
        var vm = arm.GetVirtualMachineResource(Vm("rg-prod-app-eus", "app-eus-07")); // stopped in the seed
        await vm.PowerOnAsync(WaitUntil.Completed);
        Assert.Equal("PowerState/running", f.Host.State.GetPowerState(vm.Id.ToString()));
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => vm.RestartAsync(WaitUntil.Completed));
        Assert.Equal("AuthorizationFailed", ex.ErrorCode);
        Assert.Contains("'Microsoft.Compute/virtualMachines/restart/action'", ex.Message);
    }

    [Fact]
    public async Task Custom_role_notActions_block_nsg_delete()
    {
        var p = f.Pipeline(SimFixture.LeastPriv);
        var (st, body, _) = await f.SendAsync(p, "DELETE", $"{f.RgId("rg-dev-wus2")}/providers/Microsoft.Network/networkSecurityGroups/nsg-dev-wus2?api-version=2024-07-01");
        Assert.Equal(403, st);
        Assert.Contains("Microsoft.Network/networkSecurityGroups/delete", body!["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resource_group_scoped_contributor_sees_only_its_group()
    {
        var arm = f.Arm(SimFixture.RgContributor);
        var sub = await arm.GetDefaultSubscriptionAsync();
        var names = new List<string>();
        await foreach (var vm in sub.GetVirtualMachinesAsync()) names.Add(vm.Data.Name);
        Assert.Equal(8, names.Count);
        Assert.All(names, n => Assert.StartsWith("dev-wus2-", n));
        var groups = new List<string>();
        await foreach (var g in sub.GetResourceGroups().GetAllAsync()) groups.Add(g.Data.Name);
        Assert.Equal(["rg-dev-wus2"], groups);
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => arm.GetVirtualMachineResource(Vm("rg-prod-web-eus", "web-eus-01")).GetAsync());
        Assert.Equal("AuthorizationFailed", ex.ErrorCode);
    }

    [Fact]
    public async Task Permissions_endpoint_reports_the_callers_actions()
    {
        var p = f.Pipeline(SimFixture.Responder);
        var (st, body, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01");
        Assert.Equal(200, st);
        var value = body!["value"]!.AsArray();
        Assert.Equal(4, value.Count);
        var actions = value.SelectMany(v => v!["actions"]!.AsArray().Select(a => a!.GetValue<string>())).ToList();
        Assert.Contains("*/read", actions);
        Assert.Contains("Microsoft.Compute/virtualMachines/*", actions);
        Assert.Contains("Microsoft.Network/*", actions);
        Assert.Contains("Microsoft.Compute/snapshots/write", actions);
        // resource-group scope inherits the subscription's assignments
        var (st2, body2, _) = await f.SendAsync(f.Pipeline(SimFixture.RgContributor), "GET", $"{f.RgId("rg-dev-wus2")}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01");
        Assert.Equal(200, st2);
        var only = body2!["value"]!.AsArray().Single()!;
        Assert.Equal("*", only["actions"]![0]!.GetValue<string>());
        Assert.Contains("Microsoft.Authorization/*/Write", only["notActions"]!.AsArray().Select(a => a!.GetValue<string>()));
        var (st3, body3, _) = await f.SendAsync(f.Pipeline(SimFixture.RgContributor), "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01");
        Assert.Equal(200, st3);
        Assert.Empty(body3!["value"]!.AsArray());
    }

    [Fact]
    public async Task Role_assignments_and_definitions_are_listed()
    {
        var c = f.Host.Client(SimFixture.Responder);
        var p = f.Pipeline(SimFixture.Responder);
        var (st, body, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=" + Uri.EscapeDataString($"assignedTo('{c.ObjectId}')"));
        Assert.Equal(200, st);
        var roleIds = body!["value"]!.AsArray().Select(v => v!["properties"]!["roleDefinitionId"]!.GetValue<string>().Split('/')[^1]).ToHashSet();
        Assert.Equal(new HashSet<string> { "acdd72a7-3385-48ef-bd42-f606fba81ae7", "9980e02c-c2be-4d73-94e8-173b1dc7cf3c", "4d97b98b-1d4f-4787-a291-c67834d212e7", "7efff54f-a5b4-42b5-a1c5-5411624893ce" }, roleIds);
        var (st2, defs, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01&$filter=" + Uri.EscapeDataString("roleName eq 'Virtual Machine Contributor'"));
        Assert.Equal(200, st2);
        var def = defs!["value"]!.AsArray().Single()!;
        Assert.Equal("9980e02c-c2be-4d73-94e8-173b1dc7cf3c", def["name"]!.GetValue<string>());
        Assert.Contains("Microsoft.Network/networkSecurityGroups/join/action", def["properties"]!["permissions"]![0]!["actions"]!.AsArray().Select(a => a!.GetValue<string>()));
        var (st3, custom, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01&$filter=" + Uri.EscapeDataString("type eq 'CustomRole'"));
        Assert.Equal(200, st3);
        Assert.Equal("Fabrikam Portal Responder (least privilege)", custom!["value"]![0]!["properties"]!["roleName"]!.GetValue<string>());
        var (st4, one, _) = await f.SendAsync(p, "GET", $"subscriptions/{f.Sub}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7?api-version=2022-04-01");
        Assert.Equal(200, st4);
        Assert.Equal("Reader", one!["properties"]!["roleName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Linked_authorization_is_checked_when_attaching_an_nsg()
    {
        // The reader cannot even write the NIC; the RG contributor can write NICs in its group but cannot join an NSG of another group.
        var nicId = $"{f.RgId("rg-dev-wus2")}/providers/Microsoft.Network/networkInterfaces";
        var arm = f.Arm(SimFixture.RgContributor);
        var sub = await arm.GetDefaultSubscriptionAsync();
        string? nic = null;
        await foreach (var r in sub.GetGenericResourcesAsync(filter: "resourceType eq 'Microsoft.Network/networkInterfaces'"))
            if (r.Id.ToString().StartsWith(nicId, StringComparison.OrdinalIgnoreCase)) { nic = r.Id.ToString(); break; }
        Assert.NotNull(nic);
        var p = f.Pipeline(SimFixture.RgContributor);
        var (_, body, _) = await f.SendAsync(p, "GET", nic + "?api-version=2024-07-01");
        body!["properties"]!["networkSecurityGroup"] = new JsonObject { ["id"] = $"{f.RgId("rg-shared-eus")}/providers/Microsoft.Network/networkSecurityGroups/nsg-jump-eus" };
        var (st, err, _) = await f.SendAsync(p, "PUT", nic + "?api-version=2024-07-01", body.ToJsonString());
        Assert.True(403 == st, err?.ToJsonString());
        Assert.Equal("LinkedAuthorizationFailed", err!["error"]!["code"]!.GetValue<string>());
        Assert.Contains("'Microsoft.Network/networkSecurityGroups/join/action' on the linked scope(s)", err["error"]!["message"]!.GetValue<string>());
    }
}

public class RoleAssignmentWriteTests(SimFixture f) : IClassFixture<SimFixture>
{
    [Fact]
    public async Task Role_assignment_create_needs_authorization_write_then_takes_effect()
    {
        var reader = f.Host.Client(SimFixture.Reader);
        var scope = f.RgId("rg-dev-wus2");
        var name = Guid.NewGuid().ToString();
        var body = $"{{\"properties\":{{\"roleDefinitionId\":\"/subscriptions/{f.Sub}/providers/Microsoft.Authorization/roleDefinitions/9980e02c-c2be-4d73-94e8-173b1dc7cf3c\",\"principalId\":\"{reader.ObjectId}\",\"principalType\":\"ServicePrincipal\"}}}}";
        // Contributor's notActions exclude Microsoft.Authorization/*/Write
        var (st, err, _) = await f.SendAsync(f.Pipeline(SimFixture.RgContributor), "PUT", $"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}?api-version=2022-04-01", body);
        Assert.Equal(403, st);
        Assert.Contains("Microsoft.Authorization/roleAssignments/write", err!["error"]!["message"]!.GetValue<string>());
        f.Host.State.AssignRole(f.Host.Client(SimFixture.Responder).ClientId, "Owner", scope);
        var p = f.Pipeline(SimFixture.Responder);
        (st, var created, _) = await f.SendAsync(p, "PUT", $"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}?api-version=2022-04-01", body);
        Assert.Equal(201, st);
        Assert.Equal(scope, created!["properties"]!["scope"]!.GetValue<string>());
        // the reader can now power off a dev VM
        Assert.True(f.Host.State.IsAuthorized(reader.ObjectId, "Microsoft.Compute/virtualMachines/powerOff/action", $"{scope}/providers/Microsoft.Compute/virtualMachines/dev-wus2-01"));
        (st, _, _) = await f.SendAsync(p, "DELETE", $"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}?api-version=2022-04-01");
        Assert.Equal(200, st);
        Assert.False(f.Host.State.IsAuthorized(reader.ObjectId, "Microsoft.Compute/virtualMachines/powerOff/action", $"{scope}/providers/Microsoft.Compute/virtualMachines/dev-wus2-01"));
    }
}
