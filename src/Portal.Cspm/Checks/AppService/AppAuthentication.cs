namespace Portal.Cspm.Checks.AppService;

public sealed class AppAuthentication : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-app-authentication", "App Service Authentication (Easy Auth) is not set up", Severity.Medium, "AppService",
        ResourceTypes.WebSite,
        "config/authsettingsV2 properties.platform.enabled (or legacy config/authsettings properties.enabled) must be true.",
        "Anonymous requests reach the application code; every app must implement authentication itself, correctly.",
        "App Services > select the app > Settings > Authentication > Add identity provider (Microsoft) > Restrict access = Require authentication > Add.",
        "az webapp auth update -g <resource-group> -n <app> --enabled true --action LoginWithAzureActiveDirectory",
        "9.2");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.WebSiteConfig };

    protected override Outcome? Evaluate(ResourceConfig site, IResourceSet resources)
    {
        if (SiteConfig.Child(site, resources, "authsettingsV2") is { } v2 && v2.Json.Bool("properties.platform.enabled") is { } e2)
            return Outcome.When(e2, "config/authsettingsV2: properties.platform.enabled = " + e2.ToString().ToLowerInvariant());
        if (SiteConfig.Child(site, resources, "authsettings") is { } v1 && v1.Json.Bool("properties.enabled") is { } e1)
            return Outcome.When(e1, "config/authsettings: properties.enabled = " + e1.ToString().ToLowerInvariant());
        return Outcome.Fail("config/authsettingsV2 and config/authsettings not in the synced configuration: authentication not shown as enabled");
    }
}
