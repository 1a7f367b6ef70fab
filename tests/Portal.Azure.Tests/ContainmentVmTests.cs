using Portal.Domain.Cloud;

namespace Portal.Azure.Tests;

/// <summary>One VM read live, NIC association and power actions of the connector against AzureSim (the class owns its simulator).</summary>
public class ContainmentVmTests(SimFixture sim) : IClassFixture<SimFixture>
{
    private ICloudConnector Connector => sim.Connector;
    private CloudCredential Responder => sim.Credential(SimFixture.Responder);
    private string VmId(string rg, string name) => $"/subscriptions/{sim.SubscriptionId}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}";

    [Theory]
    [InlineData("rg-prod-web-eus", "web-eus-01")]      // public IP, subnet NSG
    [InlineData("rg-shared-eus", "jump-eus-01")]       // NIC NSG and subnet NSG
    [InlineData("rg-prod-app-eus", "app-eus-08")]      // deallocated
    public async Task One_vm_read_live_has_the_same_shape_as_in_the_inventory(string rg, string name)
    {
        var inventory = await Connector.ListVirtualMachinesAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId);
        var listed = inventory.Value.Vms.Single(v => v.Name == name);
        var r = await Connector.GetVirtualMachineAsync(sim.Credential(SimFixture.Reader), listed.Id);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equivalent(listed, r.Value, strict: true);
        Assert.NotEmpty(r.Value.Nics);
        Assert.NotEmpty(r.Value.NsgIds);
        Assert.Equal((sim.Host.State.GetPowerState(listed.Id) ?? "PowerState/running")["PowerState/".Length..], r.Value.PowerState);
        Assert.Equal(rg, r.Value.ResourceGroup, ignoreCase: true);
    }

    [Fact]
    public async Task A_missing_vm_is_not_found()
    {
        var r = await Connector.GetVirtualMachineAsync(Responder, VmId("rg-prod-web-eus", "no-such-vm"));
        Assert.Equal(CloudErrorCodes.ResourceNotFound, r.Error!.Code);
        Assert.Equal(404, r.Error.HttpStatus);
    }

    private ContainmentSdk Sdk => new(sim);

    [Fact]
    public async Task Power_off_deallocate_start_and_restart_each_end_in_the_state_azure_reports()
    {
        var id = VmId("rg-dev-wus2", "dev-wus2-01");
        foreach (var (action, expected) in new[]
                 {
                     (VmPowerAction.PowerOff, "stopped"), (VmPowerAction.Deallocate, "deallocated"),
                     (VmPowerAction.Start, "running"), (VmPowerAction.Restart, "running"),
                 })
        {
            var r = await Connector.RunPowerActionAsync(Responder, id, action);
            Assert.True(r.IsSuccess, $"{action}: {r.Error?.Message}");
            Assert.Equal(expected, r.Value);
            Assert.Equal("PowerState/" + expected, await Sdk.PowerStateAsync(id));
            Assert.Equal(expected, (await Connector.GetVirtualMachineAsync(Responder, id)).Value.PowerState);
        }
    }

    [Fact]
    public async Task Restarting_a_deallocated_vm_is_refused_with_meaning_and_the_vm_stays_deallocated()
    {
        var id = VmId("rg-dev-wus2", "dev-wus2-08");
        var r = await Connector.RunPowerActionAsync(Responder, id, VmPowerAction.Restart);
        Assert.False(r.IsSuccess);
        Assert.Equal(CloudErrorCodes.OperationNotAllowed, r.Error.Code);
        Assert.Equal(409, r.Error.HttpStatus);
        Assert.Contains("not running", r.Error.Meaning);
        Assert.Equal("PowerState/deallocated", await Sdk.PowerStateAsync(id));
    }

    [Fact]
    public async Task A_slow_deallocate_is_followed_to_its_end()
    {
        var id = VmId("rg-dev-wus2", "dev-wus2-02");
        sim.Host.State.OperationDuration = TimeSpan.FromMilliseconds(500);
        try
        {
            var r = await Connector.RunPowerActionAsync(Responder, id, VmPowerAction.Deallocate);
            Assert.True(r.IsSuccess, r.Error?.Message);
            Assert.Equal("deallocated", r.Value);
        }
        finally { sim.Host.State.OperationDuration = TimeSpan.Zero; }
        Assert.Equal("PowerState/deallocated", await Sdk.PowerStateAsync(id));
        Assert.Equal("running", (await Connector.RunPowerActionAsync(Responder, id, VmPowerAction.Start)).Value);
    }

    [Fact]
    public async Task Power_actions_the_role_lacks_are_refused_with_the_action_named()
    {
        var id = VmId("rg-dev-wus2", "dev-wus2-03");
        var reader = await Connector.RunPowerActionAsync(sim.Credential(SimFixture.Reader), id, VmPowerAction.PowerOff);
        Assert.Equal(CloudErrorCodes.AuthorizationFailed, reader.Error!.Code);
        Assert.Contains("Microsoft.Compute/virtualMachines/powerOff/action", reader.Error.Message);
        // the least-privilege responder may power off but not restart
        var restart = await Connector.RunPowerActionAsync(sim.Credential(SimFixture.LeastPriv), id, VmPowerAction.Restart);
        Assert.Equal(CloudErrorCodes.AuthorizationFailed, restart.Error!.Code);
        Assert.Contains("Microsoft.Compute/virtualMachines/restart/action", restart.Error.Message);
        Assert.Equal("PowerState/running", await Sdk.PowerStateAsync(id));
    }

    [Fact]
    public async Task A_throttled_power_action_is_retried_and_succeeds()
    {
        var connector = (AzureCloudConnector)Connector;
        var id = VmId("rg-dev-wus2", "dev-wus2-06");
        var before = connector.Metrics.ThrottledResponses;
        sim.Host.State.ThrottleNext(1, "dev-wus2-06/powerOff");
        var r = await connector.RunPowerActionAsync(Responder, id, VmPowerAction.PowerOff);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equal("stopped", r.Value);
        Assert.Equal(before + 1, connector.Metrics.ThrottledResponses);
    }
}
