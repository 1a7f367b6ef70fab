namespace Portal.Cspm.Checks.Compute;

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
