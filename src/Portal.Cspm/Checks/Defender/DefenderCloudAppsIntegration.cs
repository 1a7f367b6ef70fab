namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderCloudAppsIntegration : SecuritySettingCheck
{
    protected override string Setting => "MCAS";
    protected override CheckMetadata Build() => Meta("azure-defender-cloud-apps-integration", "Defender for Cloud integration with Defender for Cloud Apps is off", Severity.Medium, "Defender",
        ResourceTypes.SecuritySetting,
        "Microsoft.Security/settings/MCAS must have properties.enabled = true.",
        "Cloud-app (SaaS) signals are not correlated with Azure alerts.",
        "Microsoft Defender for Cloud > Environment settings > select the subscription > Integrations > tick 'Allow Microsoft Defender for Cloud Apps to access my data' > Save.",
        "az security setting update -n MCAS --enabled true",
        "3.1.1.2");
}
