namespace Portal.Cspm.Checks.Compute;

public sealed class VmManagedDisks : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-vm-managed-disks", "Virtual machine uses unmanaged (VHD) disks", Severity.Medium, "Compute",
        ResourceTypes.VirtualMachine,
        "The OS disk and every data disk must be managed disks (storageProfile.*.managedDisk), not VHD blobs in a storage account (*.vhd.uri).",
        "Unmanaged VHDs live as page blobs in storage accounts whose keys or SAS grant full read access to the disk contents; they also lack managed-disk encryption and RBAC.",
        "Virtual machines > select the VM > Overview > 'Migrate to managed disks' (the VM is deallocated during migration).",
        "az vm deallocate -g <resource-group> -n <vm>; az vm convert -g <resource-group> -n <vm>",
        "8.2");

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        var vhds = Vm.Disks(vm).Where(d => d.Str("vhd.uri") is not null).Select(d => $"{d.Str("name") ?? "?"}: vhd.uri = {d.Str("vhd.uri")}").ToList();
        return vhds.Count > 0 ? Outcome.Fail(string.Join("; ", vhds)) : Outcome.Pass($"{Vm.Disks(vm).Count()} disk(s), all managed");
    }
}
