namespace Portal.Cspm.Checks.AppService;

public sealed class AppManagedIdentity : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-app-managed-identity", "App Service has no managed identity", Severity.Low, "AppService",
        ResourceTypes.WebSite,
        "identity.type must include SystemAssigned or UserAssigned so the app authenticates to Azure services with Microsoft Entra ID instead of stored secrets.",
        "Without a managed identity, apps keep connection strings and keys in configuration, where they leak.",
        "App Services > select the app > Settings > Identity > System assigned > Status = On > Save.",
        "az webapp identity assign -g <resource-group> -n <app>",
        "9.5");

    protected override Outcome? Evaluate(ResourceConfig site, IResourceSet resources)
    {
        var t = site.Json.Str("identity.type");
        return Outcome.When(t is not null && (t.Contains("SystemAssigned", StringComparison.OrdinalIgnoreCase) || t.Contains("UserAssigned", StringComparison.OrdinalIgnoreCase)), $"identity.type = {t ?? "(absent)"}");
    }
}
