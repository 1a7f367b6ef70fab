using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;

namespace AzureSim.Tests;

public class ComputeTests(SimFixture f) : IClassFixture<SimFixture>
{
    private ResourceIdentifier Vm(string rg, string name) => VirtualMachineResource.CreateResourceIdentifier(f.Sub, rg, name);

    [Fact]
    public async Task List_all_vms_follows_nextLink_pages()
    {
        f.Host.State.PageSize = 10;
        try
        {
            var before = f.Host.RequestCount;
            var sub = await f.Arm(SimFixture.Reader).GetDefaultSubscriptionAsync();
            var vms = new List<VirtualMachineResource>();
            await foreach (var vm in sub.GetVirtualMachinesAsync()) vms.Add(vm);
            Assert.Equal(46, vms.Count);
            Assert.Equal(46, vms.Select(v => v.Id.ToString()).Distinct().Count());
            Assert.True(f.Host.RequestCount - before >= 6, "five pages plus the subscription GET");
            var web = vms.Single(v => v.Data.Name == "web-eus-01");
            Assert.Equal("Standard_D2s_v5", web.Data.HardwareProfile.VmSize?.ToString());
            Assert.Equal(SupportedOperatingSystemType.Linux, web.Data.StorageProfile.OSDisk.OSType);
            Assert.Single(web.Data.NetworkProfile.NetworkInterfaces);
            Assert.Equal("eastus", web.Data.Location.Name);
        }
        finally { f.Host.State.PageSize = 50; }
    }

    [Fact]
    public async Task List_by_resource_group_and_get_with_instance_view()
    {
        var arm = f.Arm(SimFixture.Reader);
        var sub = await arm.GetDefaultSubscriptionAsync();
        ResourceGroupResource rg = await sub.GetResourceGroupAsync("rg-prod-sea");
        Assert.Equal("southeastasia", rg.Data.Location.Name);
        var names = new List<string>();
        await foreach (var vm in rg.GetVirtualMachines().GetAllAsync()) names.Add(vm.Data.Name);
        Assert.Equal(6, names.Count);
        VirtualMachineResource wms5 = await rg.GetVirtualMachines().GetAsync("wms-sea-05", InstanceViewType.InstanceView);
        var codes = wms5.Data.InstanceView.Statuses.Select(s => s.Code).ToList();
        Assert.Contains("PowerState/deallocated", codes);
        Assert.Contains("ProvisioningState/succeeded", codes);
        var iv = await arm.GetVirtualMachineResource(Vm("rg-prod-sea", "wms-sea-01")).InstanceViewAsync();
        Assert.Contains(iv.Value.Statuses, s => s.Code == "PowerState/running" && s.DisplayStatus == "VM running");
    }

    [Fact]
    public async Task Power_actions_are_long_running_operations_and_persist()
    {
        var arm = f.Arm(SimFixture.Responder);
        var vm = arm.GetVirtualMachineResource(Vm("rg-dev-wus2", "dev-wus2-01"));
        var op = await vm.PowerOffAsync(WaitUntil.Completed);
        Assert.True(op.HasCompleted);
        Assert.Equal(200, op.GetRawResponse().Status); // the final GET of the Location URL
        Assert.Equal("PowerState/stopped", f.Host.State.GetPowerState(vm.Id.ToString()));
        await vm.DeallocateAsync(WaitUntil.Completed);
        VirtualMachineResource read = await vm.GetAsync(InstanceViewType.InstanceView);
        Assert.Contains(read.Data.InstanceView.Statuses, s => s.Code == "PowerState/deallocated");
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => vm.RestartAsync(WaitUntil.Completed));
        Assert.Equal(409, ex.Status);
        Assert.Equal("OperationNotAllowed", ex.ErrorCode);
        await vm.PowerOnAsync(WaitUntil.Completed);
        await vm.RestartAsync(WaitUntil.Completed);
        Assert.Equal("PowerState/running", f.Host.State.GetPowerState(vm.Id.ToString()));
    }

    [Fact]
    public async Task Started_operation_can_be_polled_manually()
    {
        var vm = f.Arm(SimFixture.Responder).GetVirtualMachineResource(Vm("rg-dev-wus2", "dev-wus2-02"));
        f.Host.State.OperationDuration = TimeSpan.FromMilliseconds(300);
        try
        {
            var op = await vm.PowerOffAsync(WaitUntil.Started);
            Assert.Equal(202, op.GetRawResponse().Status);
            Assert.True(op.GetRawResponse().Headers.TryGetValue("Azure-AsyncOperation", out var async));
            Assert.Contains("/providers/Microsoft.Compute/locations/westus2/operations/", async);
            Assert.True(op.GetRawResponse().Headers.TryGetValue("Location", out var loc));
            Assert.StartsWith(f.Host.ArmEndpoint.ToString(), loc);
            Assert.Equal("PowerState/stopping", f.Host.State.GetPowerState(vm.Id.ToString()));
            var busy = await Assert.ThrowsAsync<RequestFailedException>(() => vm.PowerOnAsync(WaitUntil.Started));
            Assert.Equal(409, busy.Status);
            await op.WaitForCompletionResponseAsync(TimeSpan.FromMilliseconds(100));
            Assert.True(op.HasCompleted);
            Assert.Equal("PowerState/stopped", f.Host.State.GetPowerState(vm.Id.ToString()));
        }
        finally { f.Host.State.OperationDuration = TimeSpan.Zero; }
        await vm.PowerOnAsync(WaitUntil.Completed);
    }

    [Fact]
    public async Task Missing_vm_and_group_errors()
    {
        var arm = f.Arm(SimFixture.Reader);
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => arm.GetVirtualMachineResource(Vm("rg-prod-web-eus", "nope")).GetAsync());
        Assert.Equal(404, ex.Status);
        Assert.Equal("ResourceNotFound", ex.ErrorCode);
        Assert.Contains("The Resource 'Microsoft.Compute/virtualMachines/nope' under resource group 'rg-prod-web-eus' was not found.", ex.Message);
        var ex2 = await Assert.ThrowsAsync<RequestFailedException>(() => arm.GetVirtualMachineResource(Vm("rg-nope", "vm")).GetAsync());
        Assert.Equal("ResourceGroupNotFound", ex2.ErrorCode);
        Assert.Contains("Resource group 'rg-nope' could not be found.", ex2.Message);
        var sub = await arm.GetDefaultSubscriptionAsync();
        var ex3 = await Assert.ThrowsAsync<RequestFailedException>(() => sub.GetResourceGroupAsync("rg-nope"));
        Assert.Equal(404, ex3.Status);
        Assert.False((await sub.GetResourceGroups().ExistsAsync("rg-nope")).Value);
        Assert.True((await sub.GetResourceGroups().ExistsAsync("rg-prod-web-eus")).Value);
    }

    [Fact]
    public async Task Snapshot_lifecycle_for_agentless_scanning()
    {
        var arm = f.Arm(SimFixture.Responder);
        var sub = await arm.GetDefaultSubscriptionAsync();
        ResourceGroupResource rg = await sub.GetResourceGroupAsync("rg-prod-data-eus");
        VirtualMachineResource vm = await rg.GetVirtualMachines().GetAsync("mongo-eus-01");
        var osDiskId = vm.Data.StorageProfile.OSDisk.ManagedDisk.Id;
        ManagedDiskResource disk = await arm.GetManagedDiskResource(osDiskId).GetAsync();
        Assert.Equal(DiskState.Attached, disk.Data.DiskState);
        Assert.Equal(vm.Id.ToString(), disk.Data.ManagedBy?.ToString());

        var data = new SnapshotData(disk.Data.Location) { CreationData = new DiskCreationData(DiskCreateOption.Copy) { SourceResourceId = disk.Id }, Incremental = true };
        var created = await rg.GetSnapshots().CreateOrUpdateAsync(WaitUntil.Completed, "scan-mongo-eus-01-os", data);
        var snap = created.Value;
        Assert.Equal(disk.Data.DiskSizeGB, snap.Data.DiskSizeGB);
        Assert.Equal(disk.Id.ToString(), snap.Data.CreationData.SourceResourceId?.ToString());
        Assert.Equal("Succeeded", snap.Data.ProvisioningState);

        var grant = await snap.GrantAccessAsync(WaitUntil.Completed, new GrantAccessData(AccessLevel.Read, 900));
        Assert.StartsWith(f.Host.BlobEndpoint + "md-", grant.Value.AccessSas); // IP-style, on the simulator's blob port
        Assert.Contains("sp=r", grant.Value.AccessSas);
        snap = await snap.GetAsync();
        Assert.Equal(DiskState.ActiveSas, snap.Data.DiskState);
        await snap.RevokeAccessAsync(WaitUntil.Completed);
        snap = await snap.GetAsync();
        Assert.NotEqual(DiskState.ActiveSas, snap.Data.DiskState);
        await snap.DeleteAsync(WaitUntil.Completed);
        Assert.False((await rg.GetSnapshots().ExistsAsync("scan-mongo-eus-01-os")).Value);
    }

    [Fact]
    public async Task Reader_cannot_create_a_snapshot_and_least_priv_lacks_source_access()
    {
        var rgId = ResourceGroupResource.CreateResourceIdentifier(f.Sub, "rg-prod-data-eus");
        var diskId = new ResourceIdentifier($"{rgId}/providers/Microsoft.Compute/disks/sqlvm-eus-01_DataDisk_0");
        var data = new SnapshotData(new AzureLocation("eastus")) { CreationData = new DiskCreationData(DiskCreateOption.Copy) { SourceResourceId = diskId } };
        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => f.Arm(SimFixture.Reader).GetResourceGroupResource(rgId).GetSnapshots().CreateOrUpdateAsync(WaitUntil.Completed, "x", data));
        Assert.Equal("AuthorizationFailed", ex.ErrorCode);
        Assert.Contains("Microsoft.Compute/snapshots/write", ex.Message);
    }

    [Fact]
    public async Task Existing_snapshot_and_disks_are_listed()
    {
        var sub = await f.Arm(SimFixture.Reader).GetDefaultSubscriptionAsync();
        var snaps = new List<string>();
        await foreach (var s in sub.GetSnapshotsAsync()) snaps.Add(s.Data.Name);
        Assert.Contains("snap-sqlvm-eus-01-predeploy", snaps);
        var disks = new List<ManagedDiskResource>();
        await foreach (var d in sub.GetManagedDisksAsync()) disks.Add(d);
        Assert.Contains(disks, d => d.Data.Name == "disk-orphaned-legacy-01" && d.Data.DiskState == DiskState.Unattached);
        Assert.True(disks.Count > 46);
    }
}
