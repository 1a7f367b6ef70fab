namespace Portal.Cspm.Checks.AppService;

public sealed class AppPhpVersion : RuntimeVersionCheck
{
    protected override string Stack => "PHP";
    protected override Version Minimum => SupportedRuntimes.Php;
    public override CheckMetadata Metadata { get; } = Meta("azure-app-php-version", "App Service runs an unsupported PHP version", Severity.Medium, "AppService",
        ResourceTypes.WebSite, "Apps running PHP must use a supported version (see SupportedRuntimes.Php; linuxFxVersion PHP|x or phpVersion).",
        "End-of-life runtimes receive no security fixes.",
        "App Services > select the app > Settings > Configuration > General settings > PHP version = latest > Save.",
        "az webapp config set -g <resource-group> -n <app> --linux-fx-version \"PHP|8.3\"   # Windows: --php-version 8.3", "9.7");
}
