namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderEndpointProtectionIntegration : SecuritySettingCheck
{
    protected override string Setting => "WDATP";
    protected override CheckMetadata Build() => Meta("azure-defender-endpoint-integration", "Defender for Cloud integration with Microsoft Defender for Endpoint is off", Severity.High, "Defender",
        ResourceTypes.SecuritySetting,
        "Microsoft.Security/settings/WDATP must have properties.enabled = true so Defender for Endpoint is deployed to servers.",
        "Servers get no EDR even though Defender for Servers is paid for.",
        "Microsoft Defender for Cloud > Environment settings > select the subscription > Defender plans > Servers Settings > Endpoint protection = On > Continue > Save.",
        "az security setting update -n WDATP --enabled true",
        "3.1.3.3");
}
