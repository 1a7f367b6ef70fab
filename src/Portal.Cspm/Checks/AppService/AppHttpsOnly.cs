namespace Portal.Cspm.Checks.AppService;

public sealed class AppHttpsOnly : SettingCheck
{
    protected override string Path => "properties.httpsOnly";
    protected override bool Compliant(string? v) => v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-app-https-only", "App Service accepts plain HTTP", Severity.High, "AppService",
        ResourceTypes.WebSite,
        "properties.httpsOnly must be true so HTTP requests are redirected to HTTPS.",
        "Session cookies, credentials and data sent over HTTP can be intercepted or altered.",
        "App Services > select the app > Settings > Configuration > General settings > 'HTTPS Only' = On > Save.",
        "az webapp update -g <resource-group> -n <app> --https-only true",
        "9.1");
}
