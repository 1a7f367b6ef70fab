namespace Portal.Cspm.Checks.AppService;

public sealed class AppFtpsState : SiteConfigCheck
{
    protected override string Setting => "ftpsState";
    protected override bool Compliant(string? v) => v.Is("Disabled") || v.Is("FtpsOnly");
    public override CheckMetadata Metadata { get; } = Meta("azure-app-ftps", "App Service allows plain FTP deployment", Severity.High, "AppService",
        ResourceTypes.WebSite,
        "siteConfig.ftpsState must be Disabled or FtpsOnly (AllAllowed, or absent, permits clear-text FTP).",
        "FTP sends deployment credentials and code in clear text; an intercepted credential gives write access to the site.",
        "App Services > select the app > Settings > Configuration > General settings > FTP state = FTPS only (or Disabled) > Save.",
        "az webapp config set -g <resource-group> -n <app> --ftps-state Disabled",
        "9.3");
}
