using System.Text.Json.Nodes;

namespace AzureSim;

internal enum TypeKind { Tracked, Child, TrackedChild, Extension, Embedded }

internal sealed class TypeInfo
{
    public required string Type { get; init; }
    public required string[] ApiVersions { get; init; }
    public TypeKind Kind { get; init; } = TypeKind.Tracked;
    /// <summary>For embedded children: the array in the parent's properties.</summary>
    public string? EmbeddedArray { get; init; }
    /// <summary>Writes answered with Azure-AsyncOperation (Network, Compute) instead of synchronously.</summary>
    public bool AsyncWrites { get; init; }
    /// <summary>PUT answers 202 Accepted (+ Location) for create and update, as the disk resource provider does.</summary>
    public bool AcceptedPut { get; init; }
    /// <summary>Builds the default object for a new resource (defaults Azure fills in).</summary>
    public Func<Ctx, JsonObject>? Template { get; init; }
    public string[]? Locations { get; init; }
}

/// <summary>Context for building a resource.</summary>
internal sealed record Ctx(SimState State, string Id, string Name, string? Location, string Sub, string? Rg, string TenantId)
{
    public CloudProfile Cloud => State.Cloud;
    public string Now => J.Iso(DateTimeOffset.UtcNow);
}

internal static class Types
{
    public static readonly string[] ResourceApiVersions = ["2024-11-01", "2024-07-01", "2024-03-01", "2023-07-01", "2022-12-01", "2022-09-01", "2021-04-01", "2020-01-01"];

    private static readonly string[] ComputeVms = ["2025-04-01", "2024-11-01", "2024-07-01", "2024-03-01", "2023-09-01", "2023-07-01", "2023-03-01", "2022-11-01", "2022-08-01", "2021-11-01"];
    private static readonly string[] ComputeDisks = ["2025-01-02", "2024-03-02", "2023-10-02", "2023-04-02", "2023-01-02", "2022-07-02", "2022-03-02"];
    private static readonly string[] NetworkVersions = ["2025-07-01", "2025-01-01", "2024-07-01", "2024-05-01", "2024-03-01", "2024-01-01", "2023-11-01", "2023-09-01", "2023-06-01", "2023-05-01", "2023-04-01", "2022-09-01"];

    private static readonly Dictionary<string, TypeInfo> Registry = new(StringComparer.OrdinalIgnoreCase);

    static Types()
    {
        void Add(TypeInfo t) => Registry[t.Type] = t;
        // Compute
        Add(new() { Type = "Microsoft.Compute/virtualMachines", ApiVersions = ComputeVms, AsyncWrites = true, Template = Compute.VmTemplate });
        Add(new() { Type = "Microsoft.Compute/disks", ApiVersions = ComputeDisks, AsyncWrites = true, AcceptedPut = true, Template = Compute.DiskTemplate });
        Add(new() { Type = "Microsoft.Compute/snapshots", ApiVersions = ComputeDisks, AsyncWrites = true, AcceptedPut = true, Template = Compute.SnapshotTemplate });
        // custom images: managed images and Azure Compute Gallery image versions (their storageProfile names the source disks/snapshots)
        Add(new() { Type = "Microsoft.Compute/images", ApiVersions = ComputeVms, AsyncWrites = true, Template = Compute.ImageTemplate });
        var galleries = new[] { "2024-03-03", "2023-07-03", "2022-08-03", "2022-03-03", "2021-10-01" };
        Add(new() { Type = "Microsoft.Compute/galleries", ApiVersions = galleries, AsyncWrites = true, Template = c => J.O(("properties", J.O(("identifier", J.O(("uniqueName", $"{c.Sub}-{c.Name.ToUpperInvariant()}"))), ("provisioningState", "Succeeded")))) });
        Add(new() { Type = "Microsoft.Compute/galleries/images", ApiVersions = galleries, AsyncWrites = true, Kind = TypeKind.TrackedChild, Template = Compute.GalleryImageTemplate });
        Add(new() { Type = "Microsoft.Compute/galleries/images/versions", ApiVersions = galleries, AsyncWrites = true, Kind = TypeKind.TrackedChild, Template = Compute.GalleryImageVersionTemplate });
        Add(new() { Type = "Microsoft.Compute/locations", ApiVersions = ComputeVms, Kind = TypeKind.Extension });
        Add(new() { Type = "Microsoft.Compute/locations/operations", ApiVersions = ComputeVms, Kind = TypeKind.Extension });
        // Network
        Add(new() { Type = "Microsoft.Network/networkSecurityGroups", ApiVersions = NetworkVersions, AsyncWrites = true, Template = Network.NsgTemplate });
        Add(new() { Type = "Microsoft.Network/networkSecurityGroups/securityRules", ApiVersions = NetworkVersions, AsyncWrites = true, Kind = TypeKind.Embedded, EmbeddedArray = "securityRules" });
        Add(new() { Type = "Microsoft.Network/networkSecurityGroups/defaultSecurityRules", ApiVersions = NetworkVersions, Kind = TypeKind.Embedded, EmbeddedArray = "defaultSecurityRules" });
        Add(new() { Type = "Microsoft.Network/networkInterfaces", ApiVersions = NetworkVersions, AsyncWrites = true, Template = Network.NicTemplate });
        Add(new() { Type = "Microsoft.Network/publicIPAddresses", ApiVersions = NetworkVersions, AsyncWrites = true, Template = Network.PipTemplate });
        Add(new() { Type = "Microsoft.Network/virtualNetworks", ApiVersions = NetworkVersions, AsyncWrites = true, Template = Network.VnetTemplate });
        Add(new() { Type = "Microsoft.Network/virtualNetworks/subnets", ApiVersions = NetworkVersions, AsyncWrites = true, Kind = TypeKind.Embedded, EmbeddedArray = "subnets" });
        Add(new() { Type = "Microsoft.Network/networkWatchers", ApiVersions = NetworkVersions, AsyncWrites = true, Template = c => Generic(c, "Microsoft.Network/networkWatchers", J.O(("provisioningState", "Succeeded"))) });
        Add(new() { Type = "Microsoft.Network/bastionHosts", ApiVersions = NetworkVersions, AsyncWrites = true, Template = c => Generic(c, "Microsoft.Network/bastionHosts", J.O(("provisioningState", "Succeeded"), ("ipConfigurations", new JsonArray()))) });
        Add(new() { Type = "Microsoft.Network/locations", ApiVersions = NetworkVersions, Kind = TypeKind.Extension });
        // Storage
        Add(new() { Type = "Microsoft.Storage/storageAccounts", ApiVersions = ["2025-06-01", "2025-01-01", "2024-01-01", "2023-05-01", "2023-01-01", "2022-09-01", "2021-09-01"], Template = Others.StorageTemplate });
        Add(new() { Type = "Microsoft.Storage/storageAccounts/blobServices", ApiVersions = ["2025-06-01", "2025-01-01", "2024-01-01", "2023-05-01", "2023-01-01", "2022-09-01"], Kind = TypeKind.Child, Template = Others.BlobServiceTemplate });
        // Key Vault
        var kv = new[] { "2025-05-01", "2024-11-01", "2024-04-01-preview", "2023-07-01", "2023-02-01", "2022-07-01", "2021-10-01" };
        Add(new() { Type = "Microsoft.KeyVault/vaults", ApiVersions = kv, Template = Others.VaultTemplate });
        Add(new() { Type = "Microsoft.KeyVault/vaults/keys", ApiVersions = kv, Kind = TypeKind.Child, Template = Others.VaultKeyTemplate });
        Add(new() { Type = "Microsoft.KeyVault/vaults/secrets", ApiVersions = kv, Kind = TypeKind.Child, Template = Others.VaultSecretTemplate });
        // SQL
        var sql = new[] { "2023-08-01", "2023-05-01-preview", "2022-05-01-preview", "2021-11-01", "2021-02-01-preview" };
        Add(new() { Type = "Microsoft.Sql/servers", ApiVersions = sql, Template = Others.SqlServerTemplate });
        Add(new() { Type = "Microsoft.Sql/servers/firewallRules", ApiVersions = sql, Kind = TypeKind.Child, Template = c => J.O(("properties", J.O(("startIpAddress", "0.0.0.0"), ("endIpAddress", "0.0.0.0")))) });
        Add(new() { Type = "Microsoft.Sql/servers/auditingSettings", ApiVersions = sql, Kind = TypeKind.Child, Template = Others.SqlAuditTemplate });
        Add(new() { Type = "Microsoft.Sql/servers/administrators", ApiVersions = sql, Kind = TypeKind.Child, Template = c => J.O(("properties", J.O(("administratorType", "ActiveDirectory"), ("login", "sql-admins"), ("sid", SimState.DeterministicGuid(c.Id)), ("tenantId", c.TenantId), ("azureADOnlyAuthentication", false)))) });
        Add(new() { Type = "Microsoft.Sql/servers/encryptionProtector", ApiVersions = sql, Kind = TypeKind.Child, Template = c => J.O(("kind", "servicemanaged"), ("properties", J.O(("serverKeyName", "ServiceManaged"), ("serverKeyType", "ServiceManaged"), ("autoRotationEnabled", false)))) });
        Add(new() { Type = "Microsoft.Sql/servers/databases", ApiVersions = sql, Kind = TypeKind.TrackedChild, Template = Others.SqlDbTemplate });
        Add(new() { Type = "Microsoft.Sql/servers/databases/transparentDataEncryption", ApiVersions = sql, Kind = TypeKind.Child, Template = c => J.O(("properties", J.O(("state", "Enabled")))) });
        // Web
        var web = new[] { "2024-11-01", "2024-04-01", "2023-12-01", "2023-01-01", "2022-09-01", "2022-03-01", "2021-02-01" };
        Add(new() { Type = "Microsoft.Web/sites", ApiVersions = web, Template = Others.SiteTemplate });
        Add(new() { Type = "Microsoft.Web/sites/config", ApiVersions = web, Kind = TypeKind.Child, Template = Others.SiteConfigTemplate });
        Add(new() { Type = "Microsoft.Web/serverfarms", ApiVersions = web, Template = c => J.O(("kind", "app"), ("sku", J.O(("name", "P1v3"), ("tier", "PremiumV3"), ("size", "P1v3"), ("family", "Pv3"), ("capacity", 1))), ("properties", J.O(("status", "Ready"), ("numberOfSites", 0), ("reserved", false), ("provisioningState", "Succeeded")))) });
        // Monitor
        Add(new() { Type = "Microsoft.Insights/activityLogAlerts", ApiVersions = ["2023-01-01-preview", "2020-10-01", "2017-04-01"], Template = c => J.O(("location", "Global"), ("tags", new JsonObject()), ("properties", J.O(("scopes", J.Strs([$"/subscriptions/{c.Sub}"])), ("condition", J.O(("allOf", new JsonArray()))), ("actions", J.O(("actionGroups", new JsonArray()))), ("enabled", true), ("description", "")))) });
        Add(new() { Type = "Microsoft.Insights/actionGroups", ApiVersions = ["2023-01-01", "2022-06-01", "2021-09-01"], Template = c => J.O(("location", "Global"), ("properties", J.O(("groupShortName", c.Name.Length > 12 ? c.Name[..12] : c.Name), ("enabled", true), ("emailReceivers", new JsonArray())))) });
        Add(new() { Type = "Microsoft.Insights/diagnosticSettings", ApiVersions = ["2021-05-01-preview", "2017-05-01-preview", "2016-09-01"], Kind = TypeKind.Extension, Template = c => J.O(("properties", J.O(("logs", new JsonArray()), ("metrics", new JsonArray())))) });
        // Security
        var sec = new[] { "2024-01-01", "2023-01-01", "2022-03-01", "2018-06-01" };
        Add(new() { Type = "Microsoft.Security/pricings", ApiVersions = sec, Kind = TypeKind.Extension, Template = c => J.O(("properties", J.O(("pricingTier", "Free"), ("freeTrialRemainingTime", "PT0S"), ("enforce", "False"), ("resourcesCoverageStatus", "NotCovered")))) });
        Add(new() { Type = "Microsoft.Security/securityContacts", ApiVersions = ["2023-12-01-preview", "2020-01-01-preview", "2017-08-01-preview"], Kind = TypeKind.Extension, Template = c => J.O(("properties", J.O(("emails", ""), ("isEnabled", true), ("notificationsByRole", J.O(("state", "On"), ("roles", J.Strs(["Owner"])))), ("notificationsSources", J.A([J.O(("sourceType", "Alert"), ("minimalSeverity", "High"))]))))) });
        Add(new() { Type = "Microsoft.Security/autoProvisioningSettings", ApiVersions = ["2017-08-01-preview"], Kind = TypeKind.Extension, Template = c => J.O(("properties", J.O(("autoProvision", "Off")))) });
        // More types the CSPM catalog reads (generic CRUD with Azure's default shapes)
        Add(new() { Type = "Microsoft.Network/loadBalancers", ApiVersions = NetworkVersions, AsyncWrites = true, Template = c => J.O(("sku", J.O(("name", "Standard"), ("tier", "Regional"))), ("properties", J.O(("provisioningState", "Succeeded"), ("resourceGuid", SimState.DeterministicGuid(c.Id)), ("frontendIPConfigurations", new JsonArray()), ("backendAddressPools", new JsonArray()), ("loadBalancingRules", new JsonArray()), ("probes", new JsonArray()), ("inboundNatRules", new JsonArray()), ("outboundRules", new JsonArray())))) });
        Add(new() { Type = "Microsoft.Network/networkWatchers/flowLogs", ApiVersions = NetworkVersions, AsyncWrites = true, Kind = TypeKind.TrackedChild, Template = FlowLogTemplate });
        var storage = new[] { "2025-06-01", "2025-01-01", "2024-01-01", "2023-05-01", "2023-01-01", "2022-09-01" };
        Add(new() { Type = "Microsoft.Storage/storageAccounts/queueServices", ApiVersions = storage, Kind = TypeKind.Child, Template = c => J.O(("properties", J.O(("cors", J.O(("corsRules", new JsonArray())))))) });
        Add(new() { Type = "Microsoft.Storage/storageAccounts/tableServices", ApiVersions = storage, Kind = TypeKind.Child, Template = c => J.O(("properties", J.O(("cors", J.O(("corsRules", new JsonArray())))))) });
        var pg = new[] { "2024-08-01", "2023-12-01-preview", "2023-06-01-preview", "2022-12-01", "2021-06-01" };
        Add(new() { Type = "Microsoft.DBforPostgreSQL/flexibleServers", ApiVersions = pg, Template = Others.PostgresFlexTemplate });
        Add(new() { Type = "Microsoft.DBforPostgreSQL/flexibleServers/configurations", ApiVersions = pg, Kind = TypeKind.Child, Template = Others.DbConfigTemplate });
        Add(new() { Type = "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules", ApiVersions = pg, Kind = TypeKind.Child, Template = c => J.O(("properties", J.O(("startIpAddress", "0.0.0.0"), ("endIpAddress", "0.0.0.0")))) });
        var pgs = new[] { "2017-12-01", "2017-12-01-preview" };
        Add(new() { Type = "Microsoft.DBforPostgreSQL/servers", ApiVersions = pgs, Template = Others.PostgresSingleTemplate });
        Add(new() { Type = "Microsoft.DBforPostgreSQL/servers/configurations", ApiVersions = pgs, Kind = TypeKind.Child, Template = Others.DbConfigTemplate });
        var my = new[] { "2023-12-30", "2023-06-30", "2022-01-01", "2021-05-01" };
        Add(new() { Type = "Microsoft.DBforMySQL/flexibleServers", ApiVersions = my, Template = Others.MySqlFlexTemplate });
        Add(new() { Type = "Microsoft.DBforMySQL/flexibleServers/configurations", ApiVersions = my, Kind = TypeKind.Child, Template = Others.DbConfigTemplate });
        Add(new() { Type = "Microsoft.DocumentDB/databaseAccounts", ApiVersions = ["2024-11-15", "2024-08-15", "2024-05-15", "2023-11-15", "2023-04-15"], Template = Others.CosmosTemplate });
        Add(new() { Type = "Microsoft.Compute/virtualMachines/extensions", ApiVersions = ComputeVms, AsyncWrites = true, Kind = TypeKind.TrackedChild, Template = c => J.O(("properties", J.O(("autoUpgradeMinorVersion", true), ("provisioningState", "Succeeded"), ("publisher", ""), ("type", ""), ("typeHandlerVersion", "1.0")))) });
        Add(new() { Type = "Microsoft.Web/sites/basicPublishingCredentialsPolicies", ApiVersions = web, Kind = TypeKind.Child, Template = c => J.O(("properties", J.O(("allow", true)))) });
        Add(new() { Type = "Microsoft.Insights/components", ApiVersions = ["2020-02-02", "2015-05-01"], Template = c => J.O(("kind", "web"), ("properties", J.O(("Application_Type", "web"), ("AppId", SimState.DeterministicGuid(c.Id + "app")), ("InstrumentationKey", SimState.DeterministicGuid(c.Id + "ikey")), ("ConnectionString", $"InstrumentationKey={SimState.DeterministicGuid(c.Id + "ikey")};IngestionEndpoint=https://{c.Location}-0.in.applicationinsights.azure.com/"), ("IngestionMode", "LogAnalytics"), ("publicNetworkAccessForIngestion", "Enabled"), ("publicNetworkAccessForQuery", "Enabled"), ("provisioningState", "Succeeded")))) });
        Add(new() { Type = "Microsoft.OperationalInsights/workspaces", ApiVersions = ["2023-09-01", "2022-10-01", "2021-06-01"], Template = c => J.O(("properties", J.O(("customerId", SimState.DeterministicGuid(c.Id)), ("provisioningState", "Succeeded"), ("sku", J.O(("name", "PerGB2018"))), ("retentionInDays", 30), ("publicNetworkAccessForIngestion", "Enabled"), ("publicNetworkAccessForQuery", "Enabled")))) });
        Add(new() { Type = "Microsoft.RecoveryServices/vaults", ApiVersions = ["2024-04-01", "2023-04-01"], Template = c => J.O(("sku", J.O(("name", "RS0"), ("tier", "Standard"))), ("properties", J.O(("provisioningState", "Succeeded"), ("publicNetworkAccess", "Enabled")))) });
        Add(new() { Type = "Microsoft.ServiceBus/namespaces", ApiVersions = ["2024-01-01", "2022-10-01-preview", "2021-11-01"], Template = c => J.O(("sku", J.O(("name", "Standard"), ("tier", "Standard"))), ("properties", J.O(("provisioningState", "Succeeded"), ("status", "Active"), ("minimumTlsVersion", "1.2"), ("publicNetworkAccess", "Enabled"), ("disableLocalAuth", false)))) });
        Add(new() { Type = "Microsoft.Search/searchServices", ApiVersions = ["2024-06-01-preview", "2023-11-01", "2022-09-01"], Template = c => J.O(("sku", J.O(("name", "basic"))), ("properties", J.O(("replicaCount", 1), ("partitionCount", 1), ("status", "running"), ("provisioningState", "succeeded"), ("publicNetworkAccess", "enabled")))) });
        Add(new() { Type = "Microsoft.Security/settings", ApiVersions = ["2022-05-01", "2021-07-01", "2019-01-01"], Kind = TypeKind.Extension, Template = c => J.O(("kind", "DataExportSettings"), ("properties", J.O(("enabled", false)))) });
        Add(new() { Type = "Microsoft.Security/serverVulnerabilityAssessmentsSettings", ApiVersions = ["2023-05-01", "2022-01-01-preview"], Kind = TypeKind.Extension, Template = c => J.O(("kind", "AzureServersSetting"), ("properties", J.O(("selectedProvider", "MdeTvm")))) });
        Add(new() { Type = "Microsoft.Authorization/locks", ApiVersions = ["2020-05-01", "2016-09-01"], Kind = TypeKind.Extension, Template = c => J.O(("properties", J.O(("level", "CanNotDelete"), ("notes", "")))) });
        Add(new() { Type = "Microsoft.Authorization/classicAdministrators", ApiVersions = ["2015-07-01", "2015-06-01"], Kind = TypeKind.Extension });

        // Authorization (handled by Authz, registered for providers list)
        Add(new() { Type = "Microsoft.Authorization/roleAssignments", ApiVersions = ["2022-04-01", "2020-10-01-preview", "2020-04-01-preview", "2015-07-01"], Kind = TypeKind.Extension });
        Add(new() { Type = "Microsoft.Authorization/roleDefinitions", ApiVersions = ["2022-04-01", "2022-05-01-preview", "2018-01-01-preview", "2015-07-01"], Kind = TypeKind.Extension });
        Add(new() { Type = "Microsoft.Authorization/permissions", ApiVersions = ["2022-04-01", "2018-07-01", "2015-07-01"], Kind = TypeKind.Extension });
        Add(new() { Type = "Microsoft.ResourceGraph/resources", ApiVersions = ["2024-04-01", "2022-10-01", "2021-03-01", "2019-04-01"], Kind = TypeKind.Extension });
    }

    private static JsonObject FlowLogTemplate(Ctx c)
    {
        var analytics = J.O(("enabled", false), ("trafficAnalyticsInterval", 60));
        var props = J.O(
            ("provisioningState", "Succeeded"), ("targetResourceId", ""), ("targetResourceGuid", ""), ("storageId", ""), ("enabled", true),
            ("retentionPolicy", J.O(("days", 0), ("enabled", false))),
            ("format", J.O(("type", "JSON"), ("version", 2))),
            ("flowAnalyticsConfiguration", J.O(("networkWatcherFlowAnalyticsConfiguration", analytics))));
        return J.O(("properties", props));
    }

    public static TypeInfo? Find(string fullType) => Registry.GetValueOrDefault(fullType);
    public static IEnumerable<TypeInfo> All => Registry.Values;
    public static IEnumerable<string> Namespaces => Registry.Values.Select(t => t.Type.Split('/')[0]).Distinct(StringComparer.OrdinalIgnoreCase);

    public static string Canonical(string fullType) => Find(fullType)?.Type ?? fullType;

    /// <summary>Minimal tracked-resource frame: properties as given.</summary>
    public static JsonObject Generic(Ctx c, string type, JsonObject props) => J.O(("properties", props));
}
