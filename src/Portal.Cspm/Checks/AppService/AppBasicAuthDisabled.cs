namespace Portal.Cspm.Checks.AppService;

public sealed class AppBasicAuthDisabled : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-app-basic-auth", "App Service allows basic authentication for FTP/SCM publishing", Severity.Medium, "AppService",
        ResourceTypes.WebSite,
        "basicPublishingCredentialsPolicies/ftp and /scm must both have properties.allow = false (absent means allowed).",
        "Publishing user names and passwords bypass Entra ID, MFA and conditional access and give write access to the site.",
        "App Services > select the app > Settings > Configuration > General settings > 'SCM Basic Auth Publishing Credentials' = Off and 'FTP Basic Auth Publishing Credentials' = Off > Save.",
        "az resource update -g <resource-group> --namespace Microsoft.Web --resource-type basicPublishingCredentialsPolicies --parent sites/<app> -n scm --set properties.allow=false; (same with -n ftp)",
        "9.6");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.WebBasicPublishingPolicy };

    protected override Outcome? Evaluate(ResourceConfig site, IResourceSet resources)
    {
        var policies = resources.ChildrenOf(site.Id, ResourceTypes.WebBasicPublishingPolicy).ToList();
        var parts = new List<string>();
        var ok = true;
        foreach (var name in new[] { "ftp", "scm" })
        {
            var p = policies.FirstOrDefault(x => x.Name.Is(name));
            var allow = p?.Json.Str("properties.allow");
            parts.Add($"basicPublishingCredentialsPolicies/{name}: properties.allow = {allow ?? "(absent: allowed)"}");
            ok &= allow.Is("false");
        }
        return Outcome.When(ok, string.Join("; ", parts));
    }
}
