namespace Portal.Cspm.Checks.Compute;

public sealed class VmVhdEncrypted : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-vm-vhd-encrypted", "[Legacy] Virtual machine VHD (unmanaged) disks are not encrypted", Severity.High, "Compute",
        ResourceTypes.VirtualMachine,
        "A VM that still uses unmanaged VHD disks must have Azure Disk Encryption: osDisk.encryptionSettings.enabled = true or the AzureDiskEncryption extension. VMs with only managed disks are not evaluated.",
        "VHD page blobs can be downloaded with a storage key or SAS and read offline.",
        "Migrate the VM to managed disks (preferred), or enable Azure Disk Encryption: Virtual machines > select the VM > Disks > Additional settings > Encryption settings.",
        "az vm encryption enable -g <resource-group> -n <vm> --disk-encryption-keyvault <vault-id> --volume-type ALL",
        "8.9");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.VmExtension };

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        if (!Vm.Disks(vm).Any(d => d.Str("vhd.uri") is not null)) return null;
        var ade = Vm.Extensions(vm, resources).FirstOrDefault(e => e.Type.StartsWith("AzureDiskEncryption", StringComparison.OrdinalIgnoreCase));
        var osEnc = vm.Json.Bool("properties.storageProfile.osDisk.encryptionSettings.enabled") == true;
        return Outcome.When(osEnc || ade.Name is not null,
            $"properties.storageProfile.osDisk.encryptionSettings.enabled = {(osEnc ? "true" : vm.Json.Str("properties.storageProfile.osDisk.encryptionSettings.enabled") ?? "(absent)")}; AzureDiskEncryption extension: {ade.Name ?? "none"}");
    }
}
