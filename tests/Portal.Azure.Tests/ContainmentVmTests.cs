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
}
