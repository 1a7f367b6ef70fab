using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace AzureSim;

/// <summary>Storage, Key Vault, SQL and Web templates (the defaults Azure fills in) and their few actions.</summary>
internal static class Others
{
    public static JsonObject StorageTemplate(Ctx c)
    {
        var n = c.Name;
        var sfx = c.Cloud.StorageSuffix;
        JsonObject Endpoints(string extra = "") => J.O(
            ("blob", $"https://{n}{extra}.blob.{sfx}/"), ("dfs", $"https://{n}{extra}.dfs.{sfx}/"), ("file", $"https://{n}{extra}.file.{sfx}/"),
            ("queue", $"https://{n}{extra}.queue.{sfx}/"), ("table", $"https://{n}{extra}.table.{sfx}/"), ("web", $"https://{n}{extra}.z13.web.{sfx}/"));
        return J.O(
            ("kind", "StorageV2"),
            ("sku", J.O(("name", "Standard_LRS"), ("tier", "Standard"))),
            ("properties", J.O(
                ("accountMigrationInProgress", false),
                ("accessTier", "Hot"),
                ("allowBlobPublicAccess", false),
                ("allowCrossTenantReplication", false),
                ("allowSharedKeyAccess", true),
                ("creationTime", c.Now),
                ("defaultToOAuthAuthentication", false),
                ("dnsEndpointType", "Standard"),
                ("encryption", J.O(
                    ("keySource", "Microsoft.Storage"),
                    ("requireInfrastructureEncryption", false),
                    ("services", J.O(
                        ("blob", J.O(("enabled", true), ("keyType", "Account"), ("lastEnabledTime", c.Now))),
                        ("file", J.O(("enabled", true), ("keyType", "Account"), ("lastEnabledTime", c.Now))))))),
                ("isHnsEnabled", false),
                ("isSkuConversionBlocked", false),
                ("keyCreationTime", J.O(("key1", c.Now), ("key2", c.Now))),
                ("minimumTlsVersion", "TLS1_2"),
                ("networkAcls", J.O(("bypass", "AzureServices"), ("defaultAction", "Allow"), ("ipRules", new JsonArray()), ("ipv6Rules", new JsonArray()), ("resourceAccessRules", new JsonArray()), ("virtualNetworkRules", new JsonArray()))),
                ("primaryEndpoints", Endpoints()),
                ("primaryLocation", c.Location),
                ("privateEndpointConnections", new JsonArray()),
                ("provisioningState", "Succeeded"),
                ("publicNetworkAccess", "Enabled"),
                ("statusOfPrimary", "available"),
                ("supportsHttpsTrafficOnly", true))));
    }

    /// <summary>Geo-redundant SKUs report their secondary region and endpoints.</summary>
    public static void NormalizeStorage(SimState st, JsonObject sa)
    {
        var sku = sa.Str("sku", "name") ?? "";
        var p = sa.Props();
        if (sku.Contains("GRS", StringComparison.OrdinalIgnoreCase))
        {
            var loc = sa.Str("location") ?? "";
            var paired = st.Cloud.Regions.FirstOrDefault(r => r.Name.Equals(loc, StringComparison.OrdinalIgnoreCase)).Paired ?? loc;
            p["secondaryLocation"] = paired;
            p["statusOfSecondary"] = "available";
            var n = sa.Str("name");
            var sfx = st.Cloud.StorageSuffix;
            if (sku.Contains("RAGRS", StringComparison.OrdinalIgnoreCase))
                p["secondaryEndpoints"] = J.O(("blob", $"https://{n}-secondary.blob.{sfx}/"), ("dfs", $"https://{n}-secondary.dfs.{sfx}/"), ("queue", $"https://{n}-secondary.queue.{sfx}/"), ("table", $"https://{n}-secondary.table.{sfx}/"), ("web", $"https://{n}-secondary.z13.web.{sfx}/"));
        }
        else { p.Remove("secondaryLocation"); p.Remove("statusOfSecondary"); p.Remove("secondaryEndpoints"); }
    }

    public static JsonObject BlobServiceTemplate(Ctx c) => J.O(
        ("sku", J.O(("name", "Standard_LRS"), ("tier", "Standard"))),
        ("properties", J.O(
            ("cors", J.O(("corsRules", new JsonArray()))),
            ("deleteRetentionPolicy", J.O(("allowPermanentDelete", false), ("enabled", true), ("days", 7))),
            ("containerDeleteRetentionPolicy", J.O(("enabled", true), ("days", 7))),
            ("isVersioningEnabled", false))));

    public static JsonObject VaultTemplate(Ctx c) => J.O(
        ("tags", new JsonObject()),
        ("systemData", J.O(("createdBy", "admin@" + (c.State.Tenants.FirstOrDefault()?.DefaultDomain ?? "contoso.com")), ("createdByType", "User"), ("createdAt", c.Now),
            ("lastModifiedBy", "admin@" + (c.State.Tenants.FirstOrDefault()?.DefaultDomain ?? "contoso.com")), ("lastModifiedByType", "User"), ("lastModifiedAt", c.Now))),
        ("properties", J.O(
            ("sku", J.O(("family", "A"), ("name", "standard"))),
            ("tenantId", c.TenantId),
            ("accessPolicies", new JsonArray()),
            ("enabledForDeployment", false),
            ("enabledForDiskEncryption", false),
            ("enabledForTemplateDeployment", false),
            ("enableSoftDelete", true),
            ("softDeleteRetentionInDays", 90),
            ("enableRbacAuthorization", true),
            ("enablePurgeProtection", true),
            ("vaultUri", $"https://{c.Name}.{c.Cloud.VaultSuffix}/"),
            ("publicNetworkAccess", "Enabled"),
            ("networkAcls", J.O(("bypass", "AzureServices"), ("defaultAction", "Allow"), ("ipRules", new JsonArray()), ("virtualNetworkRules", new JsonArray()))),
            ("privateEndpointConnections", new JsonArray()),
            ("provisioningState", "Succeeded"))));

    public static JsonObject VaultKeyTemplate(Ctx c)
    {
        var vault = c.Id.Split('/')[^3];
        return J.O(("properties", J.O(
            ("attributes", J.O(("enabled", true), ("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds()), ("updated", DateTimeOffset.UtcNow.ToUnixTimeSeconds()), ("recoveryLevel", "Recoverable"), ("exportable", false))),
            ("kty", "RSA"), ("keySize", 2048), ("keyOps", J.Strs(["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"])),
            ("keyUri", $"https://{vault}.{c.Cloud.VaultSuffix}/keys/{c.Name}"),
            ("keyUriWithVersion", $"https://{vault}.{c.Cloud.VaultSuffix}/keys/{c.Name}/{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}"))));
    }

    public static JsonObject VaultSecretTemplate(Ctx c)
    {
        var vault = c.Id.Split('/')[^3];
        return J.O(("properties", J.O(
            ("attributes", J.O(("enabled", true), ("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds()), ("updated", DateTimeOffset.UtcNow.ToUnixTimeSeconds()))),
            ("contentType", "text/plain"),
            ("secretUri", $"https://{vault}.{c.Cloud.VaultSuffix}/secrets/{c.Name}"),
            ("secretUriWithVersion", $"https://{vault}.{c.Cloud.VaultSuffix}/secrets/{c.Name}/{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}"))));
    }

    public static JsonObject SqlServerTemplate(Ctx c) => J.O(
        ("kind", "v12.0"),
        ("properties", J.O(
            ("administratorLogin", "sqladmin"),
            ("version", "12.0"),
            ("state", "Ready"),
            ("fullyQualifiedDomainName", $"{c.Name}.{c.Cloud.SqlSuffix}"),
            ("privateEndpointConnections", new JsonArray()),
            ("minimalTlsVersion", "1.2"),
            ("publicNetworkAccess", "Enabled"),
            ("restrictOutboundNetworkAccess", "Disabled"))));

    public static JsonObject SqlAuditTemplate(Ctx c) => J.O(("properties", J.O(
        ("state", "Disabled"),
        ("retentionDays", 0),
        ("auditActionsAndGroups", J.Strs(["SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP", "FAILED_DATABASE_AUTHENTICATION_GROUP", "BATCH_COMPLETED_GROUP"])),
        ("storageAccountSubscriptionId", "00000000-0000-0000-0000-000000000000"),
        ("isStorageSecondaryKeyInUse", false),
        ("isAzureMonitorTargetEnabled", false),
        ("isManagedIdentityInUse", false),
        ("isDevopsAuditEnabled", false))));

    public static JsonObject SqlDbTemplate(Ctx c) => J.O(
        ("kind", "v12.0,user,vcore"),
        ("sku", J.O(("name", "GP_S_Gen5"), ("tier", "GeneralPurpose"), ("family", "Gen5"), ("capacity", 2))),
        ("properties", J.O(
            ("collation", "SQL_Latin1_General_CP1_CI_AS"),
            ("maxSizeBytes", 34359738368L),
            ("status", "Online"),
            ("databaseId", SimState.DeterministicGuid(c.Id)),
            ("creationDate", c.Now),
            ("currentServiceObjectiveName", "GP_S_Gen5_2"),
            ("requestedBackupStorageRedundancy", "Geo"),
            ("zoneRedundant", false),
            ("readScale", "Disabled"),
            ("isLedgerOn", false))));

    private static JsonObject DefaultSiteConfig() => J.O(
        ("numberOfWorkers", 1),
        ("defaultDocuments", J.Strs(["Default.htm", "Default.html", "Default.asp", "index.htm", "index.html", "iisstart.htm", "default.aspx", "index.php", "hostingstart.html"])),
        ("netFrameworkVersion", "v4.0"),
        ("phpVersion", ""),
        ("pythonVersion", ""),
        ("nodeVersion", ""),
        ("powerShellVersion", ""),
        ("linuxFxVersion", ""),
        ("javaVersion", null),
        ("requestTracingEnabled", false),
        ("remoteDebuggingEnabled", false),
        ("httpLoggingEnabled", false),
        ("acrUseManagedIdentityCreds", false),
        ("logsDirectorySizeLimit", 35),
        ("detailedErrorLoggingEnabled", false),
        ("use32BitWorkerProcess", true),
        ("webSocketsEnabled", false),
        ("alwaysOn", false),
        ("appCommandLine", ""),
        ("managedPipelineMode", "Integrated"),
        ("virtualApplications", J.A([J.O(("virtualPath", "/"), ("physicalPath", "site\\wwwroot"), ("preloadEnabled", false))])),
        ("loadBalancing", "LeastRequests"),
        ("autoHealEnabled", false),
        ("vnetName", ""),
        ("vnetRouteAllEnabled", false),
        ("vnetPrivatePortsCount", 0),
        ("http20Enabled", true),
        ("minTlsVersion", "1.2"),
        ("scmMinTlsVersion", "1.2"),
        ("ftpsState", "FtpsOnly"),
        ("functionAppScaleLimit", 0),
        ("functionsRuntimeScaleMonitoringEnabled", false),
        ("minimumElasticInstanceCount", 0),
        ("azureStorageAccounts", new JsonObject()));

    public static JsonObject SiteTemplate(Ctx c)
    {
        var host = $"{c.Name}.{c.Cloud.WebSuffix}";
        var scm = $"{c.Name}.scm.{c.Cloud.WebSuffix}";
        return J.O(
            ("kind", "app"),
            ("properties", J.O(
                ("state", "Running"),
                ("hostNames", J.Strs([host])),
                ("repositorySiteName", c.Name),
                ("usageState", "Normal"),
                ("enabled", true),
                ("enabledHostNames", J.Strs([host, scm])),
                ("availabilityState", "Normal"),
                ("hostNameSslStates", J.A([
                    J.O(("name", host), ("sslState", "Disabled"), ("hostType", "Standard")),
                    J.O(("name", scm), ("sslState", "Disabled"), ("hostType", "Repository"))])),
                ("serverFarmId", $"/subscriptions/{c.Sub}/resourceGroups/{c.Rg}/providers/Microsoft.Web/serverfarms/asp-{c.Rg}"),
                ("reserved", false),
                ("isXenon", false),
                ("hyperV", false),
                ("lastModifiedTimeUtc", c.Now),
                ("vnetRouteAllEnabled", false),
                ("vnetImagePullEnabled", false),
                ("vnetContentShareEnabled", false),
                ("siteConfig", DefaultSiteConfig()),
                ("scmSiteAlsoStopped", false),
                ("clientAffinityEnabled", true),
                ("clientCertEnabled", false),
                ("clientCertMode", "Required"),
                ("hostNamesDisabled", false),
                ("customDomainVerificationId", Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(c.Id)))),
                ("outboundIpAddresses", "20.119.0.10,20.119.0.11"),
                ("possibleOutboundIpAddresses", "20.119.0.10,20.119.0.11,20.119.0.12,20.119.0.13"),
                ("containerSize", 0),
                ("dailyMemoryTimeQuota", 0),
                ("resourceGroup", c.Rg),
                ("defaultHostName", host),
                ("httpsOnly", true),
                ("redundancyMode", "None"),
                ("publicNetworkAccess", "Enabled"),
                ("storageAccountRequired", false),
                ("keyVaultReferenceIdentity", "SystemAssigned"))));
    }

    public static JsonObject SiteConfigTemplate(Ctx c)
    {
        if (c.Name.Equals("authsettingsV2", StringComparison.OrdinalIgnoreCase)) return AuthSettingsV2(c);
        var cfg = DefaultSiteConfig();
        cfg.Remove("javaVersion");
        cfg["javaVersion"] = null;
        cfg["ipSecurityRestrictions"] = J.A([J.O(("ipAddress", "Any"), ("action", "Allow"), ("priority", 2147483647), ("name", "Allow all"), ("description", "Allow all access"))]);
        cfg["scmIpSecurityRestrictions"] = J.A([J.O(("ipAddress", "Any"), ("action", "Allow"), ("priority", 2147483647), ("name", "Allow all"), ("description", "Allow all access"))]);
        cfg["publicNetworkAccess"] = "Enabled";
        // config resources report their site's location
        var siteId = string.Join('/', c.Id.Split('/').SkipLast(2));
        var loc = c.Location ?? c.State.GetLive(siteId)?.Str("location");
        var o = J.O(("properties", cfg));
        if (loc != null) o["location"] = loc;
        return o;
    }

    /// <summary>config/authsettingsV2 as Azure returns it for a site whose App Service Authentication was never set up
    /// (WebApps_GetAuthSettingsV2: platform.enabled false, Azure's defaults for the rest). Azure answers this GET for every
    /// site, so the sim does too (see <see cref="DefaultSiteConfigChild"/>); a seed or a PUT overrides the properties.</summary>
    private const string AuthSettingsV2Default = """
        {"properties":{
          "platform":{"enabled":false,"runtimeVersion":"~1"},
          "globalValidation":{"requireAuthentication":false,"unauthenticatedClientAction":"RedirectToLoginPage"},
          "identityProviders":{
            "azureActiveDirectory":{"enabled":true,"registration":{},"login":{"disableWWWAuthenticate":false},"validation":{"jwtClaimChecks":{},"allowedAudiences":[],"defaultAuthorizationPolicy":{"allowedPrincipals":{}}}},
            "facebook":{"enabled":true,"registration":{},"login":{}},
            "gitHub":{"enabled":true,"registration":{},"login":{}},
            "google":{"enabled":true,"registration":{},"login":{},"validation":{}},
            "twitter":{"enabled":true,"registration":{}},
            "legacyMicrosoftAccount":{"enabled":true,"registration":{},"login":{},"validation":{}},
            "apple":{"enabled":true,"registration":{},"login":{}}},
          "login":{"routes":{},"tokenStore":{"enabled":false,"tokenRefreshExtensionHours":72.0,"fileSystem":{},"azureBlobStorage":{}},"preserveUrlFragmentsForLogins":false,
            "cookieExpiration":{"convention":"FixedTime","timeToExpiration":"08:00:00"},"nonce":{"validateNonce":true,"nonceExpirationInterval":"00:05:00"}},
          "httpSettings":{"requireHttps":true,"routes":{"apiPrefix":"/.auth"},"forwardProxy":{"convention":"NoProxy"}}}}
        """;

    public static JsonObject AuthSettingsV2(Ctx c)
    {
        var siteId = string.Join('/', c.Id.Split('/').SkipLast(2));
        var o = (JsonObject)JsonNode.Parse(AuthSettingsV2Default)!;
        if ((c.Location ?? c.State.GetLive(siteId)?.Str("location")) is { } loc) o["location"] = loc;
        return o;
    }

    /// <summary>GET of a site config Azure always has but the sim did not store: authsettingsV2 gets its defaults (the site exists,
    /// the caller checked). Other names stay 404.</summary>
    internal static JsonObject? DefaultSiteConfigChild(Ctx c, TypeInfo ti)
    {
        if (ti.Type != "Microsoft.Web/sites/config" || !c.Name.Equals("authsettingsV2", StringComparison.OrdinalIgnoreCase)) return null;
        var o = AuthSettingsV2(c);
        o["id"] = c.Id; o["name"] = "authsettingsV2"; o["type"] = ti.Type;
        return o;
    }

    public static JsonObject PostgresFlexTemplate(Ctx c) => J.O(
        ("sku", J.O(("name", "Standard_D2ds_v4"), ("tier", "GeneralPurpose"))),
        ("properties", J.O(
            ("administratorLogin", "pgadmin"), ("version", "16"), ("state", "Ready"),
            ("fullyQualifiedDomainName", $"{c.Name}.postgres.database.{(c.Cloud.Cloud == SimCloud.AzureChina ? "chinacloudapi.cn" : "azure.com")}"),
            ("storage", J.O(("storageSizeGB", 128), ("autoGrow", "Disabled"), ("tier", "P10"))),
            ("backup", J.O(("backupRetentionDays", 7), ("geoRedundantBackup", "Disabled"))),
            ("network", J.O(("publicNetworkAccess", "Enabled"))),
            ("highAvailability", J.O(("mode", "Disabled"))),
            ("authConfig", J.O(("activeDirectoryAuth", "Disabled"), ("passwordAuth", "Enabled"))),
            ("dataEncryption", J.O(("type", "SystemManaged"))),
            ("availabilityZone", "1"))));

    public static JsonObject PostgresSingleTemplate(Ctx c) => J.O(
        ("sku", J.O(("name", "GP_Gen5_2"), ("tier", "GeneralPurpose"), ("family", "Gen5"), ("capacity", 2))),
        ("properties", J.O(
            ("administratorLogin", "pgadmin"), ("version", "11"), ("userVisibleState", "Ready"),
            ("fullyQualifiedDomainName", $"{c.Name}.postgres.database.azure.com"),
            ("sslEnforcement", "Enabled"), ("minimalTlsVersion", "TLS1_2"), ("infrastructureEncryption", "Disabled"),
            ("publicNetworkAccess", "Enabled"),
            ("storageProfile", J.O(("backupRetentionDays", 7), ("geoRedundantBackup", "Disabled"), ("storageMB", 102400), ("storageAutogrow", "Enabled"))))));

    public static JsonObject MySqlFlexTemplate(Ctx c) => J.O(
        ("sku", J.O(("name", "Standard_D2ds_v4"), ("tier", "GeneralPurpose"))),
        ("properties", J.O(
            ("administratorLogin", "mysqladmin"), ("version", "8.0.21"), ("state", "Ready"),
            ("fullyQualifiedDomainName", $"{c.Name}.mysql.database.azure.com"),
            ("storage", J.O(("storageSizeGB", 64), ("iops", 396), ("autoGrow", "Enabled"))),
            ("backup", J.O(("backupRetentionDays", 7), ("geoRedundantBackup", "Disabled"))),
            ("network", J.O(("publicNetworkAccess", "Enabled"))),
            ("highAvailability", J.O(("mode", "Disabled"))))));

    /// <summary>Server parameter (PostgreSQL / MySQL configurations).</summary>
    public static JsonObject DbConfigTemplate(Ctx c) => J.O(("properties", J.O(
        ("value", ""), ("description", c.Name), ("defaultValue", ""), ("dataType", "String"), ("allowedValues", ""),
        ("source", "system-default"), ("isReadOnly", false), ("isConfigPendingRestart", false), ("isDynamicConfig", true))));

    public static JsonObject CosmosTemplate(Ctx c) => J.O(
        ("kind", "GlobalDocumentDB"),
        ("properties", J.O(
            ("provisioningState", "Succeeded"),
            ("documentEndpoint", $"https://{c.Name}.documents.azure.com:443/"),
            ("databaseAccountOfferType", "Standard"),
            ("publicNetworkAccess", "Enabled"),
            ("isVirtualNetworkFilterEnabled", false),
            ("ipRules", new JsonArray()),
            ("virtualNetworkRules", new JsonArray()),
            ("disableLocalAuth", false),
            ("disableKeyBasedMetadataWriteAccess", false),
            ("minimalTlsVersion", "Tls12"),
            ("consistencyPolicy", J.O(("defaultConsistencyLevel", "Session"), ("maxIntervalInSeconds", 5), ("maxStalenessPrefix", 100))),
            ("locations", J.A([J.O(("locationName", c.Location), ("failoverPriority", 0), ("isZoneRedundant", false))])),
            ("privateEndpointConnections", new JsonArray()))));

    public static ArmResult ListKeys(ArmServer s, ArmCall c, RPath rp)
    {
        string K(string which) => Convert.ToBase64String(SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(rp.Id.ToLowerInvariant() + which)));
        return ArmResult.Ok(J.O(("keys", J.A([
            J.O(("creationTime", J.Iso(DateTimeOffset.UtcNow.AddDays(-30))), ("keyName", "key1"), ("value", K("1")), ("permissions", "FULL")),
            J.O(("creationTime", J.Iso(DateTimeOffset.UtcNow.AddDays(-30))), ("keyName", "key2"), ("value", K("2")), ("permissions", "FULL"))]))));
    }

    public static ArmResult ListConfig(ArmServer s, ArmCall c, RPath rp)
    {
        // POST .../config/appsettings/list: app settings are stored as the config resource "appsettings"
        JsonObject? cfg;
        lock (s.State.Gate) cfg = s.State.GetLive(rp.Id)?.Clone();
        if (cfg == null) return s.NotFound(rp);
        return ArmResult.Ok(cfg);
    }
}
