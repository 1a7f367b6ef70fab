namespace Portal.Cspm.Checks.AppService;

public sealed class AppHttp2 : SiteConfigCheck
{
    protected override string Setting => "http20Enabled";
    protected override bool Compliant(string? v) => v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-app-http2", "App Service HTTP/2 is disabled", Severity.Low, "AppService",
        ResourceTypes.WebSite,
        "siteConfig.http20Enabled must be true.",
        "HTTP/1.1 lacks HTTP/2's header compression and multiplexing and its mitigations against head-of-line blocking.",
        "App Services > select the app > Settings > Configuration > General settings > HTTP version = 2.0 > Save.",
        "az webapp config set -g <resource-group> -n <app> --http20-enabled true",
        "9.10");
}
