using System.Text.Json;

namespace Portal.Azure;

/// <summary>A type listed once per subscription: <c>/subscriptions/{id}/providers/{Type}?api-version=…</c> (paged).
/// Tracked top-level types and subscription-scope extension types (pricings, diagnostic settings, role assignments) alike.</summary>
/// <param name="Filter">An OData $filter to send (e.g. only custom role definitions).</param>
/// <param name="Optional">Any client error (4xx other than 401/429) is a warning, not a failure of the whole read: for APIs
/// Azure is retiring (classic administrators).</param>
public sealed record SubscriptionListRead(string Type, string ApiVersion, string? Filter = null, bool Optional = false);

/// <summary>A child configuration read once per parent resource: <c>{parentId}/{RelativePath}?api-version=…</c>.</summary>
/// <param name="ParentType">The full type of the parent, e.g. <c>Microsoft.Sql/servers</c>.</param>
/// <param name="ChildType">The full type of what comes back, e.g. <c>Microsoft.Sql/servers/firewallRules</c> or
/// <c>Microsoft.Insights/diagnosticSettings</c> for an extension resource.</param>
/// <param name="RelativePath">Appended to the parent id: a collection (<c>firewallRules</c>,
/// <c>providers/Microsoft.Insights/diagnosticSettings</c>, <c>blobServices/default/providers/…</c>) or one resource (<c>config/web</c>).</param>
/// <param name="Single">True when <see cref="RelativePath"/> names one resource (GET returns the object, not a "value" list).</param>
/// <param name="When">Only for parents this accepts (e.g. no blob service on FileStorage accounts); null = every parent.</param>
/// <param name="MissingScopeIsEmpty">A 404 ParentResourceNotFound means "the scope does not exist, so nothing is configured on it"
/// (diagnostic settings of a storage sub-service that was never created), not a warning.</param>
public sealed record ChildRead(string ParentType, string ChildType, string ApiVersion, string RelativePath, bool Single = false,
    Func<JsonElement, bool>? When = null, bool MissingScopeIsEmpty = false)
{
    /// <summary>How the read is named in warnings: the child type, and for extension resources also the parent type.</summary>
    public string Label => RelativePath.Contains("providers/", StringComparison.OrdinalIgnoreCase)
        ? $"{ChildType} on {ParentType}{ScopeSuffix}"
        : Single ? $"{ChildType}/{RelativePath[(RelativePath.LastIndexOf('/') + 1)..]}" : ChildType;

    private string ScopeSuffix
    {
        get
        {
            var i = RelativePath.IndexOf("/providers/", StringComparison.OrdinalIgnoreCase);
            return i > 0 ? "/" + RelativePath[..i] : "";
        }
    }
}

/// <summary>
/// What <see cref="AzureCloudConnector.ListResourceConfigurationsAsync"/> reads, with pinned api-versions: every ARM type and
/// child configuration the configuration-risk catalog (Portal.Cspm, docs/cspm-coverage.md "Also reads") evaluates.
/// </summary>
public sealed class ResourceConfigurationPlan
{
    private const string Diag = "Microsoft.Insights/diagnosticSettings";
    private const string DiagApi = "2021-05-01-preview";
    private const string DiagPath = "providers/" + Diag;

    public const string Compute = "2024-07-01";
    public const string Disks = "2024-03-02";
    public const string Storage = "2023-05-01";
    public const string KeyVault = "2023-07-01";
    public const string Sql = "2023-08-01";
    public const string Web = "2024-04-01";
    public const string PostgresFlexible = "2024-08-01";
    public const string PostgresSingle = "2017-12-01";
    public const string MySqlFlexible = "2023-12-30";
    public const string Cosmos = "2024-11-15";
    public const string Authorization = "2022-04-01";
    public const string Resources = "2021-04-01";

    /// <summary>Types that emit resource logs: their diagnostic settings are read per resource (CIS 6.4).</summary>
    public static readonly string[] LoggableTypes =
    [
        "Microsoft.KeyVault/vaults", "Microsoft.Network/networkSecurityGroups", "Microsoft.Web/sites", "Microsoft.Sql/servers/databases",
        "Microsoft.DBforPostgreSQL/flexibleServers", "Microsoft.DBforMySQL/flexibleServers", "Microsoft.DocumentDB/databaseAccounts",
        "Microsoft.ContainerService/managedClusters", "Microsoft.Network/applicationGateways", "Microsoft.Network/azureFirewalls",
        "Microsoft.Network/frontDoors", "Microsoft.Cdn/profiles", "Microsoft.EventHub/namespaces", "Microsoft.ServiceBus/namespaces",
        "Microsoft.Logic/workflows", "Microsoft.DataFactory/factories", "Microsoft.Search/searchServices", "Microsoft.RecoveryServices/vaults",
        "Microsoft.ContainerRegistry/registries", "Microsoft.ApiManagement/service", "Microsoft.Batch/batchAccounts",
    ];

    public IReadOnlyList<SubscriptionListRead> SubscriptionLists { get; }
    public IReadOnlyList<ChildRead> Children { get; }

    /// <summary>VM extensions are found through one generic-resources list (<c>/resources?$filter=resourceType eq …</c>), and
    /// listed only for the VMs that have any, instead of one request per VM.</summary>
    public bool IndexVmExtensions { get; init; } = true;

    public ResourceConfigurationPlan(string networkApiVersion)
    {
        var net = networkApiVersion;
        SubscriptionLists =
        [
            // network
            new("Microsoft.Network/networkSecurityGroups", net),
            new("Microsoft.Network/networkInterfaces", net),
            new("Microsoft.Network/publicIPAddresses", net),
            new("Microsoft.Network/virtualNetworks", net),
            new("Microsoft.Network/loadBalancers", net),
            new("Microsoft.Network/networkWatchers", net),
            new("Microsoft.Network/bastionHosts", net),
            new("Microsoft.Network/applicationGateways", net),
            new("Microsoft.Network/azureFirewalls", net),
            new("Microsoft.Network/frontDoors", "2021-06-01"),
            // compute
            new("Microsoft.Compute/virtualMachines", Compute),
            new("Microsoft.Compute/disks", Disks),
            // storage, key vault, databases, web
            new("Microsoft.Storage/storageAccounts", Storage),
            new("Microsoft.KeyVault/vaults", KeyVault),
            new("Microsoft.Sql/servers", Sql),
            new("Microsoft.DBforPostgreSQL/flexibleServers", PostgresFlexible),
            new("Microsoft.DBforPostgreSQL/servers", PostgresSingle),
            new("Microsoft.DBforMySQL/flexibleServers", MySqlFlexible),
            new("Microsoft.DocumentDB/databaseAccounts", Cosmos),
            new("Microsoft.Web/sites", Web),
            // other services whose resource logs are checked
            new("Microsoft.ContainerService/managedClusters", "2024-09-01"),
            new("Microsoft.Cdn/profiles", "2024-02-01"),
            new("Microsoft.EventHub/namespaces", "2024-01-01"),
            new("Microsoft.ServiceBus/namespaces", "2024-01-01"),
            new("Microsoft.Logic/workflows", "2019-05-01"),
            new("Microsoft.DataFactory/factories", "2018-06-01"),
            new("Microsoft.Search/searchServices", "2023-11-01"),
            new("Microsoft.RecoveryServices/vaults", "2024-04-01"),
            new("Microsoft.ContainerRegistry/registries", "2023-07-01"),
            new("Microsoft.ApiManagement/service", "2024-05-01"),
            new("Microsoft.Batch/batchAccounts", "2024-07-01"),
            // monitoring
            new("Microsoft.Insights/activityLogAlerts", "2020-10-01"),
            new("Microsoft.Insights/components", "2020-02-02"),
            new(Diag, DiagApi), // the subscription's own (activity log export)
            // Defender for Cloud
            new("Microsoft.Security/pricings", "2024-01-01"),
            new("Microsoft.Security/securityContacts", "2023-12-01-preview"),
            new("Microsoft.Security/autoProvisioningSettings", "2017-08-01-preview"),
            new("Microsoft.Security/settings", "2022-05-01"),
            new("Microsoft.Security/serverVulnerabilityAssessmentsSettings", "2023-05-01"),
            // identity and access
            new("Microsoft.Authorization/roleDefinitions", Authorization, "type eq 'CustomRole'"),
            new("Microsoft.Authorization/roleAssignments", Authorization),
            new("Microsoft.Authorization/classicAdministrators", "2015-07-01", Optional: true),
        ];

        var children = new List<ChildRead>
        {
            new("Microsoft.Network/networkWatchers", "Microsoft.Network/networkWatchers/flowLogs", net, "flowLogs"),
            new("Microsoft.Compute/virtualMachines", "Microsoft.Compute/virtualMachines/extensions", Compute, "extensions"),

            new("Microsoft.Storage/storageAccounts", "Microsoft.Storage/storageAccounts/blobServices", Storage, "blobServices", When: HasBlobs),
            new("Microsoft.Storage/storageAccounts", Diag, DiagApi, "blobServices/default/" + DiagPath, When: HasBlobs, MissingScopeIsEmpty: true),
            new("Microsoft.Storage/storageAccounts", Diag, DiagApi, "queueServices/default/" + DiagPath, When: HasQueuesAndTables, MissingScopeIsEmpty: true),
            new("Microsoft.Storage/storageAccounts", Diag, DiagApi, "tableServices/default/" + DiagPath, When: HasQueuesAndTables, MissingScopeIsEmpty: true),

            new("Microsoft.KeyVault/vaults", "Microsoft.KeyVault/vaults/keys", KeyVault, "keys"),
            new("Microsoft.KeyVault/vaults", "Microsoft.KeyVault/vaults/secrets", KeyVault, "secrets"), // metadata only: ARM never returns secret values

            new("Microsoft.Sql/servers", "Microsoft.Sql/servers/firewallRules", Sql, "firewallRules"),
            new("Microsoft.Sql/servers", "Microsoft.Sql/servers/auditingSettings", Sql, "auditingSettings"),
            new("Microsoft.Sql/servers", "Microsoft.Sql/servers/administrators", Sql, "administrators"),
            new("Microsoft.Sql/servers", "Microsoft.Sql/servers/encryptionProtector", Sql, "encryptionProtector"),
            new("Microsoft.Sql/servers", "Microsoft.Sql/servers/databases", Sql, "databases"),
            new("Microsoft.Sql/servers/databases", "Microsoft.Sql/servers/databases/transparentDataEncryption", Sql, "transparentDataEncryption", When: NotMaster),

            new("Microsoft.Web/sites", "Microsoft.Web/sites/config", Web, "config/web", Single: true),
            new("Microsoft.Web/sites", "Microsoft.Web/sites/config", Web, "config/authsettingsV2", Single: true),
            new("Microsoft.Web/sites", "Microsoft.Web/sites/basicPublishingCredentialsPolicies", Web, "basicPublishingCredentialsPolicies"),

            new("Microsoft.DBforPostgreSQL/flexibleServers", "Microsoft.DBforPostgreSQL/flexibleServers/configurations", PostgresFlexible, "configurations"),
            new("Microsoft.DBforPostgreSQL/flexibleServers", "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules", PostgresFlexible, "firewallRules"),
            new("Microsoft.DBforPostgreSQL/servers", "Microsoft.DBforPostgreSQL/servers/configurations", PostgresSingle, "configurations"),
            new("Microsoft.DBforMySQL/flexibleServers", "Microsoft.DBforMySQL/flexibleServers/configurations", MySqlFlexible, "configurations"),
        };
        foreach (var t in LoggableTypes)
            children.Add(new(t, Diag, DiagApi, DiagPath, When: t == "Microsoft.Sql/servers/databases" ? NotMaster : null));
        Children = children;
    }

    /// <summary>FileStorage accounts have no blob service.</summary>
    private static bool HasBlobs(JsonElement account) => !KindIs(account, "FileStorage");

    /// <summary>Only general-purpose accounts (StorageV2, Storage) have queue and table services.</summary>
    private static bool HasQueuesAndTables(JsonElement account) => !KindIs(account, "FileStorage", "BlobStorage", "BlockBlobStorage");

    private static bool NotMaster(JsonElement db) => !string.Equals(AzureCloudConnector.Str(db, "name"), "master", StringComparison.OrdinalIgnoreCase);

    private static bool KindIs(JsonElement e, params string[] kinds) =>
        AzureCloudConnector.Str(e, "kind") is { } k && kinds.Any(x => x.Equals(k, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every full type this plan can return (lists, children and the subscription itself).</summary>
    public IEnumerable<string> Types =>
        SubscriptionLists.Select(l => l.Type).Concat(Children.Select(c => c.ChildType)).Append("Microsoft.Resources/subscriptions")
            .Distinct(StringComparer.OrdinalIgnoreCase);
}
