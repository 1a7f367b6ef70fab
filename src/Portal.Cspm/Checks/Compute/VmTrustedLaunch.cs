namespace Portal.Cspm.Checks.Compute;

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
