namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForResourceManager : DefenderPlanCheck
{
    public override string Plan => "Arm";
    protected override CheckMetadata Build() => Plan_("azure-defender-resource-manager", "Microsoft Defender for Resource Manager is off", "3.1.9.1", "Suspicious control-plane operations (mass deletion, exploitation toolkits) are not detected.");
}
