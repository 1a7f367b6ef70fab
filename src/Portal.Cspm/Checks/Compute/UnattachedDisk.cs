namespace Portal.Cspm.Checks.Compute;

public sealed class UnattachedDisk : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-disk-unattached", "Managed disk is not attached to any VM", Severity.Low, "Compute",
        ResourceTypes.Disk,
        "Managed disks should be attached (managedBy set); unattached disks are reviewed and deleted or snapshotted and archived.",
        "Orphaned disks hold copies of production data outside the VM's access controls and keep costing money.",
        "Disks > filter 'Disk state' = Unattached > select the disk > Delete (after confirming it is not needed).",
        "az disk delete -g <resource-group> -n <disk> --yes");

    protected override Outcome? Evaluate(ResourceConfig disk, IResourceSet resources) =>
        Outcome.When(Vm.Attached(disk), $"managedBy = {disk.Json.Str("managedBy") ?? "(absent)"}, properties.diskState = {disk.Json.Str("properties.diskState") ?? "(absent)"}");
}
