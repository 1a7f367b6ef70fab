namespace Portal.Cspm.Checks.AppService;

public sealed class AppRemoteDebugging : SiteConfigCheck
{
    protected override string Setting => "remoteDebuggingEnabled";
    protected override bool Compliant(string? v) => !v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-app-remote-debugging", "App Service remote debugging is on", Severity.High, "AppService",
        ResourceTypes.WebSite,
        "siteConfig.remoteDebuggingEnabled must be false.",
        "Remote debugging opens extra ports and lets an attacker with credentials attach to and manipulate the running process.",
        "App Services > select the app > Settings > Configuration > General settings > Remote debugging = Off > Save.",
        "az webapp config set -g <resource-group> -n <app> --remote-debugging-enabled false",
        "9.12");
}
