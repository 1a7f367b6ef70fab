namespace Portal.Cspm.Checks.Compute;

public sealed class AttachedDiskCmk : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-disk-attached-cmk", "OS/data disk is not encrypted with a customer-managed key", Severity.Medium, "Compute",
        ResourceTypes.Disk,
        "Every attached managed disk must have properties.encryption.type EncryptionAtRestWithCustomerKey or EncryptionAtRestWithPlatformAndCustomerKeys (disk encryption set).",
        "With platform-managed keys the organisation cannot revoke access to, or control the rotation of, the keys protecting its VM data.",
        "Disks > select the disk (VM deallocated) > Settings > Encryption > Key management = Customer-managed key > choose the disk encryption set > Save.",
        "az disk update -g <resource-group> -n <disk> --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set <des-id>",
        "8.3");

    protected override Outcome? Evaluate(ResourceConfig disk, IResourceSet resources) =>
        Vm.Attached(disk) ? Outcome.When(Vm.CustomerKey(disk), disk.Show("properties.encryption.type")) : null;
}
