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

public sealed class AppFtpsState : SiteConfigCheck
{
    protected override string Setting => "ftpsState";
    protected override bool Compliant(string? v) => v.Is("Disabled") || v.Is("FtpsOnly");
    public override CheckMetadata Metadata { get; } = Meta("azure-app-ftps", "App Service allows plain FTP deployment", Severity.High, "AppService",
        ResourceTypes.WebSite,
        "siteConfig.ftpsState must be Disabled or FtpsOnly (AllAllowed, or absent, permits clear-text FTP).",
        "FTP sends deployment credentials and code in clear text; an intercepted credential gives write access to the site.",
        "App Services > select the app > Settings > Configuration > General settings > FTP state = FTPS only (or Disabled) > Save.",
        "az webapp config set -g <resource-group> -n <app> --ftps-state Disabled",
        "9.3");
}

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

public sealed class AppRemoteDebugging : SiteConfigCheck
{
    protected override string Setting => "remoteDebuggingEnabled";
    protected override bool Compliant(string? v) => !v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-app-remote-debugging", "App Service remote debugging is on", Severity.High, "AppService",
        ResourceTypes.WebSite,
        "siteConfig.remoteDebuggingEnabled must be false.",
        "Remote debugging opens extra ports and lets an attacker with credentials attach to and manipulate the running process.",
        "App Services > select the app > Settings > Configuration > General settings > Remote debugging = Off > Save.",
        "az webapp config set -g <resource-group> -n <app> --remote-debugging-enabled false",
        "9.12");
}

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

public sealed class AppHttpLogs : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-app-http-logs", "App Service HTTP logs are not sent to a diagnostic destination", Severity.Low, "AppService",
        ResourceTypes.WebSite,
        "The app must have a diagnostic setting with a destination that enables AppServiceHTTPLogs (or the allLogs group).",
        "Without HTTP logs, attacks against the application (scans, injection attempts, credential stuffing) cannot be investigated.",
        "App Services > select the app > Monitoring > Diagnostic settings > + Add diagnostic setting > tick HTTP logs > send to a Log Analytics workspace > Save.",
        "az monitor diagnostic-settings create -n app-http-logs --resource <app-id> --workspace <workspace-id> --logs '[{\"category\":\"AppServiceHTTPLogs\",\"enabled\":true}]'",
        "6.1.6");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.DiagnosticSetting };

    protected override Outcome? Evaluate(ResourceConfig site, IResourceSet resources)
    {
        var settings = DiagnosticSettings.For(site.Id, resources).Where(DiagnosticSettings.HasDestination).ToList();
        var ok = settings.FirstOrDefault(s => DiagnosticSettings.LogEnabled(s, "AppServiceHTTPLogs", "allLogs"));
        return ok is not null ? Outcome.Pass($"diagnostic setting '{ok.Name}' logs {string.Join(", ", DiagnosticSettings.EnabledLogs(ok))}")
            : Outcome.Fail(settings.Count == 0 ? "no diagnostic setting with a destination on the app" : $"diagnostic setting '{settings[0].Name}' does not enable AppServiceHTTPLogs");
    }
}

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

public sealed class AppPythonVersion : RuntimeVersionCheck
{
    protected override string Stack => "PYTHON";
    protected override Version Minimum => SupportedRuntimes.Python;
    public override CheckMetadata Metadata { get; } = Meta("azure-app-python-version", "App Service runs an unsupported Python version", Severity.Medium, "AppService",
        ResourceTypes.WebSite, "Apps running Python must use a supported version (see SupportedRuntimes.Python; linuxFxVersion PYTHON|x or pythonVersion).",
        "End-of-life runtimes receive no security fixes.",
        "App Services > select the app > Settings > Configuration > General settings > Python version = latest stable > Save.",
        "az webapp config set -g <resource-group> -n <app> --linux-fx-version \"PYTHON|3.12\"", "9.8");
}

public sealed class AppJavaVersion : RuntimeVersionCheck
{
    protected override string Stack => "JAVA";
    protected override Version Minimum => SupportedRuntimes.Java;
    public override CheckMetadata Metadata { get; } = Meta("azure-app-java-version", "App Service runs an unsupported Java version", Severity.Medium, "AppService",
        ResourceTypes.WebSite, "Apps running Java must use a supported version (see SupportedRuntimes.Java; linuxFxVersion JAVA|/TOMCAT|...-javaX or javaVersion).",
        "End-of-life runtimes receive no security fixes.",
        "App Services > select the app > Settings > Configuration > General settings > Java version = latest LTS > Save.",
        "az webapp config set -g <resource-group> -n <app> --linux-fx-version \"JAVA|21-java21\"   # Windows: --java-version 21", "9.9");
}

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
