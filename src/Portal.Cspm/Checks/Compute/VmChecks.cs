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

public sealed class VmBootDiagnostics : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-vm-boot-diagnostics", "Virtual machine boot diagnostics are disabled", Severity.Low, "Compute",
        ResourceTypes.VirtualMachine,
        "properties.diagnosticsProfile.bootDiagnostics.enabled must be true (managed storage account recommended).",
        "Without boot diagnostics (serial console, screenshots) a VM that fails to boot or was tampered with cannot be investigated.",
        "Virtual machines > select the VM > Help > Boot diagnostics > Settings > 'Enable with managed storage account' > Save.",
        "az vm boot-diagnostics enable -g <resource-group> -n <vm>");

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources) =>
        Outcome.When(vm.Json.Bool("properties.diagnosticsProfile.bootDiagnostics.enabled") == true, vm.Show("properties.diagnosticsProfile.bootDiagnostics.enabled"));
}

public sealed class VmTrustedLaunch : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-vm-trusted-launch", "Virtual machine does not use Trusted Launch", Severity.Low, "Compute",
        ResourceTypes.VirtualMachine,
        "properties.securityProfile.securityType must be TrustedLaunch or ConfidentialVM, with secure boot and vTPM on (uefiSettings).",
        "Without Secure Boot and vTPM, boot kits and rootkits can persist below the OS and boot integrity cannot be attested.",
        "Virtual machines > select the VM (Gen2, deallocated) > Configuration > Security type = Trusted launch virtual machines > enable Secure Boot and vTPM > Save.",
        "az vm deallocate -g <resource-group> -n <vm>; az vm update -g <resource-group> -n <vm> --security-type TrustedLaunch --enable-secure-boot true --enable-vtpm true",
        "8.11");

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        var t = vm.Json.Str("properties.securityProfile.securityType");
        var sb = vm.Json.Bool("properties.securityProfile.uefiSettings.secureBootEnabled");
        var tpm = vm.Json.Bool("properties.securityProfile.uefiSettings.vTpmEnabled");
        var ok = (t.Is("TrustedLaunch") || t.Is("ConfidentialVM")) && sb != false && tpm != false;
        return Outcome.When(ok, $"properties.securityProfile.securityType = {t ?? "(absent: Standard)"}, secureBootEnabled = {sb?.ToString().ToLowerInvariant() ?? "(absent)"}, vTpmEnabled = {tpm?.ToString().ToLowerInvariant() ?? "(absent)"}");
    }
}

public sealed class VmPublicIp : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-vm-public-ip", "Virtual machine has a public IP address", Severity.Medium, "Compute",
        ResourceTypes.VirtualMachine,
        "No network interface of the VM may have an IP configuration with a public IP address; publish services through a load balancer/Application Gateway and administer through Bastion.",
        "A public IP puts the VM directly on the Internet, one NSG mistake away from exposure of its management ports.",
        "Virtual machines > select the VM > Networking > select the NIC > IP configurations > select the configuration > Public IP address = Disassociate > Save.",
        "az network nic ip-config update -g <resource-group> --nic-name <nic> -n <ipconfig> --remove publicIpAddress",
        "7.7");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.NetworkInterface };

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        var pips = new List<string>();
        var nics = vm.Json.Arr("properties.networkProfile.networkInterfaces").Select(n => n.Str("id")).OfType<string>().ToList();
        foreach (var nicId in nics)
            if (resources.Get(nicId) is { } nic)
                foreach (var ipc in nic.Json.Arr("properties.ipConfigurations"))
                    if (ipc.Str("properties.publicIPAddress.id") is { } pip)
                        pips.Add($"{nic.Name}/{ipc.Str("name")}: publicIPAddress = {pip[(pip.LastIndexOf('/') + 1)..]}");
        return pips.Count > 0 ? Outcome.Fail(string.Join("; ", pips)) : Outcome.Pass($"{nics.Count} network interface(s), no public IP");
    }
}

public sealed class VmApprovedExtensions : ResourceCheck
{
    /// <summary>Default allow-list: extension publishers considered approved. Override with the constructor for an organisation's own list.</summary>
    public static readonly string[] DefaultApprovedPublisherPrefixes = { "Microsoft." };
    private readonly string[] _approved;
    public VmApprovedExtensions() : this(DefaultApprovedPublisherPrefixes) { }
    public VmApprovedExtensions(IEnumerable<string> approvedPublisherPrefixes) => _approved = approvedPublisherPrefixes.ToArray();

    public override CheckMetadata Metadata { get; } = Meta("azure-vm-approved-extensions", "Virtual machine has extensions from unapproved publishers", Severity.Medium, "Compute",
        ResourceTypes.VirtualMachine,
        "Every VM extension's publisher must be on the approved list (default: Microsoft first-party publishers 'Microsoft.*'; configurable).",
        "Extensions run as SYSTEM/root; an unvetted extension is arbitrary code with full control of the VM (a known persistence technique).",
        "Virtual machines > select the VM > Settings > Extensions + applications > select the unapproved extension > Uninstall.",
        "az vm extension delete -g <resource-group> --vm-name <vm> -n <extension>",
        "8.7");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.VmExtension };

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        var ext = Vm.Extensions(vm, resources);
        var bad = ext.Where(e => !_approved.Any(p => e.Publisher.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList();
        return bad.Count > 0
            ? Outcome.Fail("unapproved extension(s): " + string.Join(", ", bad.Select(e => $"{e.Name} (publisher {(e.Publisher.Length > 0 ? e.Publisher : "(absent)")})")))
            : Outcome.Pass(ext.Count == 0 ? "no extensions" : "extensions: " + string.Join(", ", ext.Select(e => $"{e.Name} ({e.Publisher})")));
    }
}

public sealed class VmEndpointProtection : ResourceCheck
{
    /// <summary>Extension types that provide endpoint protection.</summary>
    public static readonly string[] EndpointProtectionTypes = { "MDE.Windows", "MDE.Linux", "IaaSAntimalware", "EndpointSecurity", "TrendMicroDSA", "SymantecEndpointProtection", "McAfeeEndpointSecurity", "CrowdStrikeFalcon" };

    public override CheckMetadata Metadata { get; } = Meta("azure-vm-endpoint-protection", "Virtual machine has no endpoint protection extension", Severity.High, "Compute",
        ResourceTypes.VirtualMachine,
        "The VM must have an endpoint protection extension (Microsoft Defender for Endpoint MDE.Windows/MDE.Linux, Microsoft Antimalware, or a known third-party EDR).",
        "Malware and hands-on-keyboard attacks on the VM go undetected.",
        "Enable Defender for Servers (it deploys MDE automatically), or Virtual machines > select the VM > Extensions + applications > + Add > Microsoft Antimalware / MDE.",
        "az vm extension set -g <resource-group> --vm-name <vm> --publisher Microsoft.Azure.AzureDefenderForServers --name MDE.Windows   # MDE.Linux on Linux",
        "8.8");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.VmExtension };

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        var ext = Vm.Extensions(vm, resources);
        var ep = ext.FirstOrDefault(e => EndpointProtectionTypes.Contains(e.Type, StringComparer.OrdinalIgnoreCase));
        return ep.Name is not null ? Outcome.Pass($"extension {ep.Name} (type {ep.Type})")
            : Outcome.Fail("no endpoint protection extension; extensions: " + (ext.Count == 0 ? "none" : string.Join(", ", ext.Select(e => e.Type))));
    }
}
