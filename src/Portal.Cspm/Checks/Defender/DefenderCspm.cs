namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderCspm : DefenderPlanCheck
{
    public override string Plan => "CloudPosture";
    protected override CheckMetadata Build() => Meta("azure-defender-cspm", "Defender CSPM (Cloud Security Posture Management) plan is off", Severity.Low, "Defender", ResourceTypes.Pricing,
        "Microsoft.Security/pricings/CloudPosture should have properties.pricingTier = Standard.",
        "Without Defender CSPM there is no attack-path analysis, agentless scanning or sensitive-data discovery.",
        "Microsoft Defender for Cloud > Environment settings > select the subscription > Defender plans > Defender CSPM = On > Save.",
        "az security pricing create -n CloudPosture --tier Standard");
}
