namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForContainers : DefenderPlanCheck
{
    public override string Plan => "Containers";
    protected override CheckMetadata Build() => Plan_("azure-defender-containers", "Microsoft Defender for Containers is off", "3.1.4.1", "Kubernetes clusters and container images get no runtime threat detection or vulnerability assessment.");
}
