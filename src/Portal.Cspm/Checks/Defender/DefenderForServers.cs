namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForServers : DefenderPlanCheck
{
    public override string Plan => "VirtualMachines";
    protected override CheckMetadata Build() => Plan_("azure-defender-servers", "Microsoft Defender for Servers is off", "3.1.3.1", "VMs get no EDR, vulnerability assessment or threat detection.");
}
