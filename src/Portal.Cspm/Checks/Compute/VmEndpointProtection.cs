namespace Portal.Cspm.Checks.Compute;

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
