namespace Portal.Cspm.Checks.AppService;

public sealed class AppScmMinimumTls : SiteConfigCheck
{
    protected override string Setting => "scmMinTlsVersion";
    protected override bool Compliant(string? v) => v is null || TlsAtLeast12(v); // absent: platform default 1.2
    public override CheckMetadata Metadata { get; } = Meta("azure-app-scm-min-tls", "App Service SCM (Kudu) site minimum TLS version is below 1.2", Severity.Medium, "AppService",
        ResourceTypes.WebSite,
        "siteConfig.scmMinTlsVersion must be 1.2 or 1.3 (the deployment/Kudu endpoint).",
        "The deployment endpoint accepts deprecated TLS, exposing deployment credentials.",
        "App Services > select the app > Settings > Configuration > General settings > SCM Minimum Inbound TLS Version = 1.2 > Save.",
        "az webapp config set -g <resource-group> -n <app> --generic-configurations '{\"scmMinTlsVersion\":\"1.2\"}'",
        "9.4");
}
