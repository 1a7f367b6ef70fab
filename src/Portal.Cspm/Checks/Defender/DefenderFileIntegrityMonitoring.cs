namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderFileIntegrityMonitoring : DefenderExtensionCheck
{
    protected override string Plan => "VirtualMachines";
    protected override string Extension => "FileIntegrityMonitoring";
    protected override CheckMetadata Build() => Meta("azure-defender-file-integrity-monitoring", "Defender for Servers file integrity monitoring is off", Severity.Medium, "Defender", ResourceTypes.Pricing,
        "pricings/VirtualMachines must be Standard (Plan 2) with extension FileIntegrityMonitoring enabled.",
        "Tampering with OS files, registry keys and binaries is not detected.", Portal, Cli, "3.1.3.5");
}
