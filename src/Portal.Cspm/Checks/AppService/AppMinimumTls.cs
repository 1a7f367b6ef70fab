namespace Portal.Cspm.Checks.AppService;

public sealed class AppMinimumTls : SiteConfigCheck
{
    protected override string Setting => "minTlsVersion";
    protected override bool Compliant(string? v) => TlsAtLeast12(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-app-min-tls", "App Service minimum TLS version is below 1.2", Severity.High, "AppService",
        ResourceTypes.WebSite,
        "siteConfig.minTlsVersion must be 1.2 or 1.3.",
        "Clients can negotiate TLS 1.0/1.1, which have known weaknesses and are deprecated.",
        "App Services > select the app > Settings > Configuration > General settings > Minimum Inbound TLS Version = 1.2 > Save.",
        "az webapp config set -g <resource-group> -n <app> --min-tls-version 1.2",
        "9.4");
}
