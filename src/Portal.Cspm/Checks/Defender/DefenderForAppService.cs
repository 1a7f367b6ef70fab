namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForAppService : DefenderPlanCheck
{
    public override string Plan => "AppServices";
    protected override CheckMetadata Build() => Plan_("azure-defender-app-service", "Microsoft Defender for App Service is off", "3.1.6.1", "Attacks on web apps (dangling DNS, web shells, suspicious requests) are not detected.");
}
