namespace Portal.Cspm.Checks.Compute;

public sealed class VmEncryptionAtHost : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-vm-encryption-at-host", "Virtual machine has neither encryption at host nor disk encryption sets", Severity.Medium, "Compute",
        ResourceTypes.VirtualMachine,
        "securityProfile.encryptionAtHost must be true, or every managed disk must use a disk encryption set (managedDisk.diskEncryptionSet.id, or the disk's encryption.diskEncryptionSetId).",
        "Temporary disks, caches and data flowing between compute and storage are not encrypted with keys the organisation controls.",
        "Virtual machines > select the VM (deallocated) > Disks > Additional settings > 'Encryption at host' = Yes > Save; or assign a disk encryption set to each disk.",
        "az vm deallocate -g <resource-group> -n <vm>; az vm update -g <resource-group> -n <vm> --set securityProfile.encryptionAtHost=true; az vm start -g <resource-group> -n <vm>");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.Disk };

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        if (vm.Json.Bool("properties.securityProfile.encryptionAtHost") == true) return Outcome.Pass("properties.securityProfile.encryptionAtHost = true");
        var disks = Vm.Disks(vm).ToList();
        var without = disks.Where(d =>
        {
            if (d.Str("managedDisk.diskEncryptionSet.id") is not null) return false;
            var id = d.Str("managedDisk.id");
            return !(id is not null && resources.Get(id) is { } disk && disk.Json.Str("properties.encryption.diskEncryptionSetId") is not null);
        }).Select(d => d.Str("name") ?? "?").ToList();
        return disks.Count > 0 && without.Count == 0
            ? Outcome.Pass($"all {disks.Count} disk(s) use a disk encryption set")
            : Outcome.Fail($"properties.securityProfile.encryptionAtHost = {vm.Json.Str("properties.securityProfile.encryptionAtHost") ?? "(absent)"}; disks without disk encryption set: {string.Join(", ", without)}");
    }
}
