namespace Portal.Cspm.Checks.AppService;

public sealed class AppNodeVersion : RuntimeVersionCheck
{
    protected override string Stack => "NODE";
    protected override Version Minimum => SupportedRuntimes.Node;
    public override CheckMetadata Metadata { get; } = Meta("azure-app-node-version", "App Service runs an unsupported Node.js version", Severity.Medium, "AppService",
        ResourceTypes.WebSite, "Apps running Node.js must use a supported LTS version (see SupportedRuntimes.Node; linuxFxVersion NODE|x or nodeVersion).",
        "End-of-life runtimes receive no security fixes.",
        "App Services > select the app > Settings > Configuration > General settings > Node version = latest LTS > Save.",
        "az webapp config set -g <resource-group> -n <app> --linux-fx-version \"NODE|22-lts\"");
}
