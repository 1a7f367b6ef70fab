namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderAgentlessVmScanning : DefenderExtensionCheck
{
    protected override string Plan => "VirtualMachines";
    protected override string Extension => "AgentlessVmScanning";
    protected override CheckMetadata Build() => Meta("azure-defender-agentless-vm-scanning", "Defender for Servers agentless scanning is off", Severity.Medium, "Defender", ResourceTypes.Pricing,
        "pricings/VirtualMachines must be Standard with extension AgentlessVmScanning enabled.",
        "Vulnerabilities, secrets and malware on VM disks are not found without an agent.", Portal, Cli, "3.1.3.4");
}
