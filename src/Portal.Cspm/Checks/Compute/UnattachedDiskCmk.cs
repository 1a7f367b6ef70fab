namespace Portal.Cspm.Checks.Compute;

public sealed class UnattachedDiskCmk : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-disk-unattached-cmk", "Unattached disk is not encrypted with a customer-managed key", Severity.Medium, "Compute",
        ResourceTypes.Disk,
        "Every unattached managed disk (no managedBy, diskState Unattached) must be encrypted with a customer-managed key.",
        "Orphaned disks keep production data; with platform keys their contents cannot be crypto-shredded by revoking a key.",
        "Disks > select the unattached disk > Settings > Encryption > Customer-managed key > choose the disk encryption set > Save (or delete the disk if unneeded).",
        "az disk update -g <resource-group> -n <disk> --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set <des-id>",
        "8.4");

    protected override Outcome? Evaluate(ResourceConfig disk, IResourceSet resources) =>
        Vm.Attached(disk) ? null : Outcome.When(Vm.CustomerKey(disk), disk.Show("properties.encryption.type"));
}
