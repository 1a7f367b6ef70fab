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

public sealed class DiskNetworkAccess : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-disk-public-network-access", "Disk allows import/export from public networks", Severity.Medium, "Compute",
        ResourceTypes.Disk,
        "properties.networkAccessPolicy must be DenyAll or AllowPrivate (with a disk access resource), and properties.publicNetworkAccess not Enabled; absent means AllowAll.",
        "A disk export SAS URL can be generated and used from any network to download the whole disk.",
        "Disks > select the disk > Settings > Networking > 'Disable public access and enable private access' (or 'Disable public and private access') > Save.",
        "az disk update -g <resource-group> -n <disk> --network-access-policy DenyAll --public-network-access Disabled",
        "8.5");

    protected override Outcome? Evaluate(ResourceConfig disk, IResourceSet resources)
    {
        var nap = disk.Json.Str("properties.networkAccessPolicy");
        var pna = disk.Json.Str("properties.publicNetworkAccess");
        return Outcome.When((nap.Is("DenyAll") || nap.Is("AllowPrivate")) && !pna.Is("Enabled"),
            $"properties.networkAccessPolicy = {nap ?? "(absent: AllowAll)"}, properties.publicNetworkAccess = {pna ?? "(absent)"}");
    }
}

public sealed class DiskDataAccessAuthMode : SettingCheck
{
    protected override string Path => "properties.dataAccessAuthMode";
    protected override bool Compliant(string? v) => v.Is("AzureActiveDirectory");
    public override CheckMetadata Metadata { get; } = Meta("azure-disk-data-access-auth", "Disk export/upload does not require Entra ID authorization", Severity.Medium, "Compute",
        ResourceTypes.Disk,
        "properties.dataAccessAuthMode must be AzureActiveDirectory so SAS export/upload URLs additionally require an authorized Entra identity.",
        "Anyone holding a disk SAS URL can download the disk without any identity check.",
        "Disks > select the disk > Settings > Disk export > tick 'Enable data access authentication mode' > Save.",
        "az disk update -g <resource-group> -n <disk> --data-access-auth-mode AzureActiveDirectory",
        "8.6");
}
