using System.Text.Json.Nodes;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public static partial class Examples
{
    public const string SiteId = "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/resourceGroups/testrg123/providers/Microsoft.Web/sites/sitef6141";

    /// <summary>sitef6141 of ListWebApps.json: httpsOnly false, ftpsState AllAllowed, minTlsVersion 1.2, http20 off, PHP 5.6.</summary>
    public static JsonNode Site() => Item("web/ListWebApps.json");

    public static JsonNode SiteChild(string type, string name, string propertiesJson) => Parse($$$"""
        {"id":"{{{SiteId}}}/{{{type}}}/{{{name}}}","name":"{{{name}}}","type":"Microsoft.Web/sites/{{{type}}}","properties":{{{propertiesJson}}}}
        """);

    private static Example SiteConfigEx(string checkId, string setting, object good, object bad) => Ex(checkId, SiteId,
        () => Set(Site().With("properties.siteConfig." + setting, good)), () => Set(Site().With("properties.siteConfig." + setting, bad)));

    private static IEnumerable<Example> AppService()
    {
        yield return Ex("azure-app-https-only", SiteId, () => Set(Site().With("properties.httpsOnly", true)), () => Set(Site()), "false");
        yield return Ex("azure-app-managed-identity", SiteId,
            () => Set(Site().With("identity", Parse("""{"type":"SystemAssigned","principalId":"p","tenantId":"t"}"""))), () => Set(Site()));
        yield return Ex("azure-app-ftps", SiteId, () => Set(Site().With("properties.siteConfig.ftpsState", "FtpsOnly")), () => Set(Site()), "AllAllowed");
        yield return SiteConfigEx("azure-app-min-tls", "minTlsVersion", "1.2", "1.0");
        yield return SiteConfigEx("azure-app-scm-min-tls", "scmMinTlsVersion", "1.3", "1.1");
        yield return SiteConfigEx("azure-app-http2", "http20Enabled", true, false);
        yield return SiteConfigEx("azure-app-remote-debugging", "remoteDebuggingEnabled", false, true);
        // config/web wins over the (partial) siteConfig of the list operation.
        yield return Ex("azure-app-php-version", SiteId,
            () => Set(Site(), SiteChild("config", "web", """{"phpVersion":"8.3","linuxFxVersion":""}""")), () => Set(Site()), "5.6");
        yield return SiteConfigEx("azure-app-python-version", "linuxFxVersion", "PYTHON|3.12", "PYTHON|3.8");
        yield return SiteConfigEx("azure-app-java-version", "linuxFxVersion", "TOMCAT|10.1-java21", "TOMCAT|9.0-java8");
        yield return SiteConfigEx("azure-app-node-version", "linuxFxVersion", "NODE|22-lts", "NODE|16-lts");
        yield return Ex("azure-app-authentication", SiteId,
            () => Set(Site(), SiteChild("config", "authsettingsV2", """{"platform":{"enabled":true,"runtimeVersion":"~1"},"globalValidation":{"requireAuthentication":true}}""")),
            () => Set(Site(), SiteChild("config", "authsettingsV2", """{"platform":{"enabled":false}}""")));
        yield return Ex("azure-app-basic-auth", SiteId,
            () => Set(Site(), SiteChild("basicPublishingCredentialsPolicies", "ftp", """{"allow":false}"""), SiteChild("basicPublishingCredentialsPolicies", "scm", """{"allow":false}""")),
            () => Set(Site(), SiteChild("basicPublishingCredentialsPolicies", "ftp", """{"allow":false}"""), SiteChild("basicPublishingCredentialsPolicies", "scm", """{"allow":true}""")), "scm");
        yield return Ex("azure-app-keyvault-references", SiteId,
            () => Set(Site(), SiteChild("config", "appsettings", """{"DB_PASSWORD":"@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)","WEBSITE_RUN_FROM_PACKAGE":"1"}""")),
            () => Set(Site(), SiteChild("config", "appsettings", """{"DB_PASSWORD":"hunter2","WEBSITE_RUN_FROM_PACKAGE":"1"}""")), "DB_PASSWORD");
        yield return Ex("azure-app-http-logs", SiteId,
            () => Set(Site(), Diag(SiteId, "http", "AppServiceHTTPLogs")), () => Set(Site(), Diag(SiteId, "console", "AppServiceConsoleLogs")));
    }
}
