namespace Portal.Cspm.Checks.AppService;

public sealed class AppKeyVaultReferences : ResourceCheck
{
    private static readonly string[] SecretWords = { "password", "passwd", "pwd", "secret", "apikey", "api_key", "accountkey", "connectionstring", "token", "clientsecret", "sas" };

    public override CheckMetadata Metadata { get; } = Meta("azure-app-keyvault-references", "App Service stores secrets in app settings instead of Key Vault references", Severity.Medium, "AppService",
        ResourceTypes.WebSite,
        "App settings whose names denote a secret (password, secret, key, token, connection string) must be Key Vault references (@Microsoft.KeyVault(...)). Read from config/appsettings or siteConfig.appSettings when synced; only setting names appear in the evidence.",
        "Secrets in plain app settings are visible to anyone with read access to the configuration and are never rotated.",
        "Store the secret in Key Vault, grant the app's managed identity 'Key Vault Secrets User', then App Services > select the app > Settings > Environment variables > edit the setting: value = @Microsoft.KeyVault(SecretUri=...) > Apply.",
        "az webapp config appsettings set -g <resource-group> -n <app> --settings <NAME>=\"@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<secret>/)\"",
        "9.11");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.WebSiteConfig };

    protected override Outcome? Evaluate(ResourceConfig site, IResourceSet resources)
    {
        var settings = new List<(string Name, string Value)>();
        if (SiteConfig.Child(site, resources, "appsettings")?.Json.At("properties") is { ValueKind: System.Text.Json.JsonValueKind.Object } dict)
            foreach (var p in dict.EnumerateObject()) settings.Add((p.Name, p.Value.ToString()));
        else
        {
            var (cfg, _) = SiteConfig.Of(site, resources);
            if (cfg is not { } c || c.At("appSettings") is null) return null; // settings not visible
            foreach (var s in c.Arr("appSettings")) settings.Add((s.Str("name") ?? "", s.Str("value") ?? ""));
        }
        var plain = settings.Where(s => SecretWords.Any(w => s.Name.Replace("-", "").Replace(".", "").Contains(w, StringComparison.OrdinalIgnoreCase))
                                        && !s.Value.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) && s.Value.Length > 0)
            .Select(s => s.Name).ToList();
        return plain.Count > 0 ? Outcome.Fail("secret-like app settings not using Key Vault references: " + string.Join(", ", plain))
            : Outcome.Pass($"{settings.Count} app setting(s), no plain secret-like values");
    }
}
