using System.Text.Json;
using AzureSim;
using Portal.Cspm;
using Portal.Domain.Cloud;
using Xunit.Abstractions;

namespace Portal.Azure.Tests;

/// <summary>One demo-seed snapshot read by the Reader client, shared by the read-only tests below.</summary>
public sealed class DemoSnapshotFixture : SimFixture
{
    public ResourceConfigurationSnapshot Snapshot { get; private set; } = null!;
    public List<int> ProgressReports { get; } = [];
    public ResourceSet Set { get; private set; } = null!;
    public IReadOnlyList<CheckResult> Results { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var r = await Connector.ListResourceConfigurationsAsync(Credential(Reader), SubscriptionId, new ConnectorTests.SyncProgress(ProgressReports));
        if (!r.IsSuccess) throw new InvalidOperationException($"demo snapshot failed: {r.Error.Code} {r.Error.Message}");
        Snapshot = r.Value;
        Set = ResourceSet.FromArm(Snapshot.Resources);
        Results = CatalogEvaluator.EvaluateAll(Set);
    }

    [Fact]
    public void The_plan_reads_every_type_the_catalog_evaluates()
    {
        var plan = new ResourceConfigurationPlan("2024-07-01");
        var read = plan.Types.ToHashSet(StringComparer.OrdinalIgnoreCase);
        // read embedded in their parent (NSG rules in the NSG, subnets in the virtual network), or only as the scope of
        // diagnostic settings (queue and table services)
        string[] embedded = [ResourceTypes.SecurityRule, ResourceTypes.Subnet, ResourceTypes.QueueService, ResourceTypes.TableService];
        var needed = CheckCatalog.All.SelectMany(c => (c as Check)?.Reads.Append(c.Metadata.ResourceType) ?? [c.Metadata.ResourceType])
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var missing = needed.Where(t => !read.Contains(t) && !embedded.Contains(t, StringComparer.OrdinalIgnoreCase)).Order().ToList();
        Assert.True(missing.Count == 0, "the catalog reads types the sync does not: " + string.Join(", ", missing));
        Assert.True(ResourceConfigurationPlan.LoggableTypes.ToHashSet().SetEquals(Portal.Cspm.Checks.Monitor.ResourceLoggingEnabled.LoggableTypes));
    }
}

/// <summary>
/// ListResourceConfigurationsAsync against AzureSim's demo seed: every resource of each type the CSPM catalog reads comes
/// back with its child configurations, and the catalog run over the snapshot reports the risks planted in the seed.
/// </summary>
public class ResourceConfigurationTests(DemoSnapshotFixture sim, ITestOutputHelper output) : IClassFixture<DemoSnapshotFixture>
{
    private string Sub => sim.SubscriptionId;
    private string Rid(string relative) => $"/subscriptions/{Sub}/{relative}";

    /// <summary>Types the sim stores and the snapshot must hold all of (for the demo subscription).</summary>
    public static readonly string[] ComparedTypes =
    [
        "Microsoft.Network/networkSecurityGroups", "Microsoft.Network/networkInterfaces", "Microsoft.Network/publicIPAddresses",
        "Microsoft.Network/virtualNetworks", "Microsoft.Network/loadBalancers", "Microsoft.Network/networkWatchers",
        "Microsoft.Network/networkWatchers/flowLogs", "Microsoft.Network/bastionHosts",
        "Microsoft.Compute/virtualMachines", "Microsoft.Compute/virtualMachines/extensions", "Microsoft.Compute/disks",
        "Microsoft.Storage/storageAccounts", "Microsoft.Storage/storageAccounts/blobServices",
        "Microsoft.KeyVault/vaults", "Microsoft.KeyVault/vaults/keys", "Microsoft.KeyVault/vaults/secrets",
        "Microsoft.Sql/servers", "Microsoft.Sql/servers/firewallRules", "Microsoft.Sql/servers/auditingSettings",
        "Microsoft.Sql/servers/administrators", "Microsoft.Sql/servers/encryptionProtector", "Microsoft.Sql/servers/databases",
        "Microsoft.Sql/servers/databases/transparentDataEncryption",
        "Microsoft.Web/sites", "Microsoft.Web/sites/config", "Microsoft.Web/sites/basicPublishingCredentialsPolicies",
        "Microsoft.DBforPostgreSQL/flexibleServers", "Microsoft.DBforPostgreSQL/flexibleServers/configurations",
        "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules", "Microsoft.DBforPostgreSQL/servers",
        "Microsoft.DBforPostgreSQL/servers/configurations", "Microsoft.DBforMySQL/flexibleServers",
        "Microsoft.DBforMySQL/flexibleServers/configurations", "Microsoft.DocumentDB/databaseAccounts",
        "Microsoft.Insights/activityLogAlerts", "Microsoft.Insights/diagnosticSettings", "Microsoft.Insights/components",
        "Microsoft.Security/pricings", "Microsoft.Security/securityContacts", "Microsoft.Security/autoProvisioningSettings",
        "Microsoft.Security/settings", "Microsoft.Security/serverVulnerabilityAssessmentsSettings",
        "Microsoft.ServiceBus/namespaces", "Microsoft.Search/searchServices", "Microsoft.RecoveryServices/vaults",
    ];

    private static string TypeOf(JsonElement e) => ArmId.TypeOf(e.GetProperty("id").GetString()!);

    private int SimCount(string type) =>
        sim.Host.State.ListResources(type).Count(o => ((string?)o["id"] ?? "").StartsWith($"/subscriptions/{Sub}/", StringComparison.OrdinalIgnoreCase));

    private int SnapshotCount(string type) => sim.Snapshot.Resources.Count(e => TypeOf(e).Equals(type, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void Holds_every_resource_of_each_type_the_seed_has()
    {
        var s = sim.Snapshot;
        Assert.Equal(Sub, s.SubscriptionId);
        foreach (var type in ComparedTypes)
        {
            output.WriteLine($"{type}: sim {SimCount(type)}, snapshot {SnapshotCount(type)}");
            Assert.True(SimCount(type) == SnapshotCount(type), $"{type}: the sim has {SimCount(type)}, the snapshot {SnapshotCount(type)}");
        }
        Assert.True(SimCount("Microsoft.Compute/virtualMachines") >= 40);
        Assert.True(SimCount("Microsoft.Security/pricings") >= 10);

        // the subscription itself (scope of the subscription-level checks), custom roles and role assignments
        Assert.Contains(s.Resources, e => e.GetProperty("id").GetString() == $"/subscriptions/{Sub}");
        var customRoles = sim.Host.State.RoleDefinitions.Count(r => r.Type == "CustomRole");
        Assert.Equal(customRoles, SnapshotCount("Microsoft.Authorization/roleDefinitions"));
        Assert.True(SnapshotCount("Microsoft.Authorization/roleAssignments") >= sim.Host.Clients.Count(c => c.TenantId == sim.Host.TenantId) - 1);

        // ids are distinct, every item is a whole ARM object with id, name and type
        Assert.Equal(s.Resources.Count, s.Resources.Select(e => e.GetProperty("id").GetString()).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(s.Resources.Skip(1), e => Assert.Equal(JsonValueKind.String, e.GetProperty("name").ValueKind));
        Assert.DoesNotContain(s.Resources, e => e.GetProperty("id").GetString()!.Contains("/subscriptions/" + "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", StringComparison.OrdinalIgnoreCase));

        // the only reads the sim cannot answer: App Service authentication settings (GET config/authsettingsV2 is not served)
        output.WriteLine("warnings: " + string.Join(" | ", s.Warnings.Select(w => w.Message)));
        output.WriteLine("unavailable types: " + string.Join(", ", s.UnavailableTypes));
        Assert.Equal(["Microsoft.Web/sites/config/authsettingsV2"], s.UnreadTypes);
        Assert.Equal("ResourceNotFound", Assert.Single(s.Warnings).Code);
        Assert.Contains("3 of 3", s.Warnings[0].Message);
        Assert.Contains("Microsoft.ContainerService/managedClusters", s.UnavailableTypes); // not served by the sim: no such resources
        Assert.DoesNotContain("Microsoft.Web/sites", s.UnavailableTypes);

        // progress climbed to the number of objects read
        Assert.NotEmpty(sim.ProgressReports);
        Assert.True(sim.ProgressReports.SequenceEqual(sim.ProgressReports.Order()));
        Assert.True(sim.ProgressReports[^1] >= s.Resources.Count - 1);
        output.WriteLine($"DEMO: {s.Resources.Count} objects, {s.ArmRequests} ARM requests, {s.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void Child_configurations_are_their_own_objects_with_their_own_ids()
    {
        var ids = sim.Snapshot.Resources.Select(e => e.GetProperty("id").GetString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        const string legacySql = "resourceGroups/rg-legacy-uks/providers/Microsoft.Sql/servers/sql-fabrikam-legacy-uks";
        Assert.Contains(Rid(legacySql + "/firewallRules/AllowAll"), ids);
        Assert.Contains(Rid(legacySql + "/auditingSettings/default"), ids);
        Assert.Contains(Rid(legacySql + "/encryptionProtector/current"), ids);
        Assert.Contains(Rid(legacySql + "/databases/erp/transparentDataEncryption/current"), ids);
        Assert.Contains(Rid("resourceGroups/rg-prod-web-eus/providers/Microsoft.Storage/storageAccounts/stfabrikampublicweb/blobServices/default"), ids);
        Assert.Contains(Rid("resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking/config/web"), ids);
        Assert.Contains(Rid("resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking/basicPublishingCredentialsPolicies/ftp"), ids);
        Assert.Contains(Rid("resourceGroups/rg-legacy-uks/providers/Microsoft.Compute/virtualMachines/legacy-erp-uks-01/extensions/CustomScriptExtension"), ids);
        Assert.Contains(Rid("resourceGroups/rg-legacy-uks/providers/Microsoft.KeyVault/vaults/kv-fabrikam-legacy/secrets/erp-db-connection"), ids);
        Assert.Contains(Rid("resourceGroups/rg-security-eus/providers/Microsoft.KeyVault/vaults/kv-fabrikam-prod-eus/providers/Microsoft.Insights/diagnosticSettings/diag-kv-audit"), ids);
        Assert.Contains(Rid("providers/Microsoft.Insights/diagnosticSettings/diag-activitylog"), ids);
        Assert.Contains(Rid("providers/Microsoft.Security/pricings/KeyVaults"), ids);
        Assert.Contains(Rid("resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus/flowLogs/fl-nsg-web-eus"), ids);
        Assert.Contains(Rid("resourceGroups/rg-prod-data-eus/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-fabrikam-orders/configurations/require_secure_transport"), ids);

        // the settings themselves, as ARM returned them
        var set = sim.Set;
        Assert.Equal("Disabled", set.Get(Rid(legacySql + "/auditingSettings/default"))!.Json.GetProperty("properties").GetProperty("state").GetString());
        Assert.Equal("255.255.255.255", set.Get(Rid(legacySql + "/firewallRules/AllowAll"))!.Json.GetProperty("properties").GetProperty("endIpAddress").GetString());
        var web = set.ChildrenOf(Rid("resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking"), "Microsoft.Web/sites/config").Single();
        Assert.Equal("AllAllowed", web.Json.GetProperty("properties").GetProperty("ftpsState").GetString());
        var blob = set.ChildrenOf(Rid("resourceGroups/rg-prod-web-eus/providers/Microsoft.Storage/storageAccounts/stfabrikampublicweb"), "Microsoft.Storage/storageAccounts/blobServices").Single();
        Assert.False(blob.Json.GetProperty("properties").GetProperty("deleteRetentionPolicy").GetProperty("enabled").GetBoolean());
        // storage logging: diagnostic settings of the blob/queue/table services, where the seed has them
        var prodEus = Rid("resourceGroups/rg-prod-data-eus/providers/Microsoft.Storage/storageAccounts/stfabrikamprodeus01");
        foreach (var svc in new[] { "blobServices", "queueServices", "tableServices" })
            Assert.Single(set.ChildrenOf($"{prodEus}/{svc}/default", "Microsoft.Insights/diagnosticSettings"));

        // secrets: metadata only (ARM's management plane never returns a secret's value)
        Assert.All(set.OfType("Microsoft.KeyVault/vaults/secrets"), s => Assert.False(s.Json.GetProperty("properties").TryGetProperty("value", out _)));
    }

    /// <summary>(check id, resource id after /subscriptions/{id}/, or "" for the subscription scope) failures the demo seed plants.</summary>
    public static readonly (string Check, string Resource, string Planted)[] ExpectedFailures =
    [
        ("azure-nsg-ssh-internet", "resourceGroups/rg-dev-wus2/providers/Microsoft.Network/networkSecurityGroups/nsg-dev-wus2", "R01"),
        ("azure-nsg-rdp-internet", "resourceGroups/rg-dev-wus2/providers/Microsoft.Network/networkSecurityGroups/nsg-dev-wus2", "R02"),
        ("azure-nsg-rdp-internet", "resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/nsg-jump-eus", "R03"),
        ("azure-nsg-ftp-telnet-internet", "resourceGroups/rg-legacy-uks/providers/Microsoft.Network/networkSecurityGroups/nsg-legacy-ftp", "R04/R05"),
        ("azure-nsg-any-port-internet", "resourceGroups/rg-legacy-uks/providers/Microsoft.Network/networkSecurityGroups/nsg-legacy-ftp", "R06"),
        ("azure-nsg-http-internet", "resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/nsg-web-eus", "R07"),
        ("azure-nsg-sql-internet", "resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/nsg-data-eus", "R08"),
        ("azure-nsg-udp-internet", "resourceGroups/rg-prod-sea/providers/Microsoft.Network/networkSecurityGroups/nsg-wms-sea", "R09"),
        ("azure-nsg-winrm-internet", "resourceGroups/rg-prod-weu/providers/Microsoft.Network/networkSecurityGroups/nsg-web-weu", "R10"),
        ("azure-bastion-host-exists", "", "R16"),
        ("azure-network-watcher-enabled", "", "R15"),
        ("azure-disk-unattached-cmk", "resourceGroups/rg-legacy-uks/providers/Microsoft.Compute/disks/disk-orphaned-legacy-01", "R17"),
        ("azure-disk-public-network-access", "resourceGroups/rg-legacy-uks/providers/Microsoft.Compute/disks/disk-orphaned-legacy-01", "R18"),
        ("azure-disk-attached-cmk", "resourceGroups/rg-legacy-uks/providers/Microsoft.Compute/disks/legacy-erp-uks-01_DataDisk_0", "R19"),
        ("azure-storage-blob-public-access", "resourceGroups/rg-prod-web-eus/providers/Microsoft.Storage/storageAccounts/stfabrikampublicweb", "R20"),
        ("azure-storage-default-network-deny", "resourceGroups/rg-prod-web-eus/providers/Microsoft.Storage/storageAccounts/stfabrikampublicweb", "R21"),
        ("azure-storage-blob-soft-delete", "resourceGroups/rg-prod-web-eus/providers/Microsoft.Storage/storageAccounts/stfabrikampublicweb", "R22"),
        ("azure-storage-secure-transfer", "resourceGroups/rg-legacy-uks/providers/Microsoft.Storage/storageAccounts/stfabrikamlegacyuks", "R23"),
        ("azure-storage-min-tls", "resourceGroups/rg-legacy-uks/providers/Microsoft.Storage/storageAccounts/stfabrikamlegacyuks", "R24"),
        ("azure-storage-cross-tenant-replication", "resourceGroups/rg-legacy-uks/providers/Microsoft.Storage/storageAccounts/stfabrikamlegacyuks", "R25"),
        ("azure-storage-min-tls", "resourceGroups/rg-dev-wus2/providers/Microsoft.Storage/storageAccounts/stfabrikamdevwus2", "R26"),
        ("azure-storage-infrastructure-encryption", "resourceGroups/rg-prod-web-eus/providers/Microsoft.Storage/storageAccounts/stfabrikampublicweb", "R27"),
        ("azure-keyvault-purge-protection", "resourceGroups/rg-legacy-uks/providers/Microsoft.KeyVault/vaults/kv-fabrikam-legacy", "R28"),
        ("azure-keyvault-rbac", "resourceGroups/rg-legacy-uks/providers/Microsoft.KeyVault/vaults/kv-fabrikam-legacy", "R29"),
        ("azure-keyvault-public-network-access", "resourceGroups/rg-legacy-uks/providers/Microsoft.KeyVault/vaults/kv-fabrikam-legacy", "R30"),
        ("azure-keyvault-secret-expiry-nonrbac", "resourceGroups/rg-legacy-uks/providers/Microsoft.KeyVault/vaults/kv-fabrikam-legacy/secrets/erp-db-connection", "R31"),
        ("azure-keyvault-key-expiry-nonrbac", "resourceGroups/rg-legacy-uks/providers/Microsoft.KeyVault/vaults/kv-fabrikam-legacy/keys/erp-signing", "R32"),
        ("azure-keyvault-key-expiry-rbac", "resourceGroups/rg-security-eus/providers/Microsoft.KeyVault/vaults/kv-fabrikam-prod-eus/keys/cmk-storage", "R33"),
        ("azure-keyvault-logging", "resourceGroups/rg-legacy-uks/providers/Microsoft.KeyVault/vaults/kv-fabrikam-legacy", "R34"),
        ("azure-sql-firewall-internet", "resourceGroups/rg-legacy-uks/providers/Microsoft.Sql/servers/sql-fabrikam-legacy-uks", "R35"),
        ("azure-sql-auditing-enabled", "resourceGroups/rg-legacy-uks/providers/Microsoft.Sql/servers/sql-fabrikam-legacy-uks", "R36"),
        ("azure-sql-entra-admin", "resourceGroups/rg-legacy-uks/providers/Microsoft.Sql/servers/sql-fabrikam-legacy-uks", "R37"),
        ("azure-sql-database-tde", "resourceGroups/rg-legacy-uks/providers/Microsoft.Sql/servers/sql-fabrikam-legacy-uks/databases/erp", "R38"),
        ("azure-sql-tde-protector-cmk", "resourceGroups/rg-legacy-uks/providers/Microsoft.Sql/servers/sql-fabrikam-legacy-uks", "R39"),
        ("azure-sql-min-tls", "resourceGroups/rg-legacy-uks/providers/Microsoft.Sql/servers/sql-fabrikam-legacy-uks", "R40"),
        ("azure-sql-audit-retention-90", "resourceGroups/rg-dev-wus2/providers/Microsoft.Sql/servers/sql-fabrikam-dev-wus2", "R41"),
        ("azure-app-https-only", "resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking", "R42"),
        ("azure-app-ftps", "resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking", "R43"),
        ("azure-app-min-tls", "resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking", "R44"),
        ("azure-app-php-version", "resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking", "R45"),
        ("azure-app-http2", "resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking", "R46"),
        ("azure-app-remote-debugging", "resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking", "R47"),
        ("azure-app-python-version", "resourceGroups/rg-dev-wus2/providers/Microsoft.Web/sites/app-fabrikam-dev-api", "R48"),
        ("azure-monitor-alert-create-update-sql-firewall-rule", "", "R49"),
        ("azure-monitor-alert-delete-policy-assignment", "", "R50"),
        ("azure-monitor-alert-create-update-public-ip", "", "R50"),
        ("azure-defender-app-service", "", "R51"),
        ("azure-defender-key-vault", "", "R52"),
        ("azure-defender-sql-on-machines", "", "R53"),
        ("azure-defender-open-source-databases", "", "R54"),
        ("azure-defender-cosmosdb", "", "R55"),
        ("azure-defender-auto-provisioning", "", "R57"),
        ("azure-postgresql-flexible-secure-transport", "resourceGroups/rg-prod-data-eus/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-fabrikam-orders", "R59"),
        ("azure-postgresql-flexible-log-retention", "resourceGroups/rg-prod-data-eus/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-fabrikam-orders", "R60"),
        ("azure-postgresql-flexible-allow-azure-services", "resourceGroups/rg-prod-data-eus/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-fabrikam-orders", "R61"),
        ("azure-postgresql-single-log-connections", "resourceGroups/rg-legacy-uks/providers/Microsoft.DBforPostgreSQL/servers/psql-fabrikam-legacy", "R62"),
        ("azure-postgresql-single-log-disconnections", "resourceGroups/rg-legacy-uks/providers/Microsoft.DBforPostgreSQL/servers/psql-fabrikam-legacy", "R63"),
        ("azure-postgresql-single-infrastructure-encryption", "resourceGroups/rg-legacy-uks/providers/Microsoft.DBforPostgreSQL/servers/psql-fabrikam-legacy", "R64"),
        ("azure-mysql-flexible-tls-version", "resourceGroups/rg-prod-sea/providers/Microsoft.DBforMySQL/flexibleServers/mysql-fabrikam-wms", "R65"),
        ("azure-mysql-flexible-audit-log", "resourceGroups/rg-prod-sea/providers/Microsoft.DBforMySQL/flexibleServers/mysql-fabrikam-wms", "R66"),
        ("azure-cosmosdb-selected-networks", "resourceGroups/rg-prod-weu/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-fabrikam-tracking", "R67"),
        ("azure-cosmosdb-entra-rbac", "resourceGroups/rg-prod-weu/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-fabrikam-tracking", "R68"),
        ("azure-nsg-flowlog-retention-90", "resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/nsg-web-eus", "R69"),
        ("azure-vm-endpoint-protection", "resourceGroups/rg-legacy-uks/providers/Microsoft.Compute/virtualMachines/legacy-erp-uks-01", "R71"),
        ("azure-app-basic-auth", "resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking", "R73"),
        ("azure-defender-cloud-apps-integration", "", "R74"),
        ("azure-defender-vulnerability-assessment", "", "R75"),
        ("azure-storage-queue-logging", "resourceGroups/rg-prod-web-eus/providers/Microsoft.Storage/storageAccounts/stfabrikampublicweb", "R76"),
        ("azure-storage-blob-logging", "resourceGroups/rg-prod-web-eus/providers/Microsoft.Storage/storageAccounts/stfabrikampublicweb", "R76"),
        ("azure-storage-table-logging", "resourceGroups/rg-prod-web-eus/providers/Microsoft.Storage/storageAccounts/stfabrikampublicweb", "R76"),
    ];

    [Fact]
    public void The_catalog_reports_the_planted_risks_from_the_snapshot()
    {
        var failed = sim.Results.Where(r => r.Status == CheckStatus.Failed).ToList();
        // everything that failed, for the record (the list the CSPM note is written from)
        foreach (var g in failed.GroupBy(f => f.CheckId).OrderBy(g => g.Key))
        {
            output.WriteLine($"{g.Key} ({g.Count()}):");
            foreach (var f in g) output.WriteLine($"    {f.ResourceId.Replace($"/subscriptions/{Sub}", "~")} :: {f.Evidence}");
        }
        output.WriteLine($"{sim.Results.Count} results, {failed.Count} failed, {failed.Select(f => f.CheckId).Distinct().Count()} checks with failures");
        var missing = new List<string>();
        foreach (var (check, resource, planted) in ExpectedFailures)
        {
            var id = resource.Length == 0 ? $"/subscriptions/{Sub}" : Rid(resource);
            if (!failed.Any(f => f.CheckId == check && f.ResourceId.Equals(id, StringComparison.OrdinalIgnoreCase)))
                missing.Add($"{planted} {check} on {resource}");
        }
        Assert.True(missing.Count == 0, "not reported: " + string.Join("; ", missing));

        // the good controls of the seed pass their checks
        void Passes(string check, string resource)
        {
            var id = resource.Length == 0 ? $"/subscriptions/{Sub}" : Rid(resource);
            var r = sim.Results.Where(x => x.CheckId == check && x.ResourceId.Equals(id, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(r.Count > 0 && r.All(x => x.Status == CheckStatus.Passed), $"{check} on {resource}: {string.Join("; ", r.Select(x => x.Status + " " + x.Evidence))}");
        }
        const string prodSql = "resourceGroups/rg-prod-eus/providers/Microsoft.Sql/servers/sql-fabrikam-prod-eus";
        var prodSqlId = sim.Set.OfType("Microsoft.Sql/servers").Single(s => s.Name == "sql-fabrikam-prod-eus").Id;
        var prodSqlRel = prodSqlId[($"/subscriptions/{Sub}/".Length)..];
        Assert.NotNull(prodSql);
        foreach (var c in new[] { "azure-sql-auditing-enabled", "azure-sql-audit-retention-90", "azure-sql-entra-admin", "azure-sql-tde-protector-cmk", "azure-sql-firewall-internet", "azure-sql-public-network-access" })
            Passes(c, prodSqlRel);
        var kvProd = "resourceGroups/rg-security-eus/providers/Microsoft.KeyVault/vaults/kv-fabrikam-prod-eus";
        foreach (var c in new[] { "azure-keyvault-rbac", "azure-keyvault-purge-protection", "azure-keyvault-logging", "azure-keyvault-public-network-access" })
            Passes(c, kvProd);
        var portalApp = sim.Set.OfType("Microsoft.Web/sites").Single(s => s.Name == "app-fabrikam-portal").Id[($"/subscriptions/{Sub}/".Length)..];
        foreach (var c in new[] { "azure-app-https-only", "azure-app-ftps", "azure-app-min-tls", "azure-app-http2" })
            Passes(c, portalApp);
        foreach (var c in new[] { "azure-monitor-subscription-diagnostic-setting", "azure-monitor-diagnostic-setting-categories", "azure-defender-servers",
                     "azure-defender-storage", "azure-defender-resource-manager", "azure-defender-containers", "azure-defender-sql-databases",
                     "azure-monitor-alert-create-update-nsg", "azure-monitor-alert-delete-nsg", "azure-monitor-alert-create-policy-assignment" })
            Passes(c, "");
        // the seed's custom role has no '*' action (2.23): the role definition was read and passes
        Assert.Contains(sim.Results, x => x.CheckId == "azure-iam-custom-role-wildcard-actions" && x.Status == CheckStatus.Passed);
        Assert.DoesNotContain(failed, x => x.CheckId is "azure-iam-custom-role-wildcard-actions" or "azure-iam-custom-subscription-admin-role");
        Passes("azure-storage-queue-logging", "resourceGroups/rg-prod-data-eus/providers/Microsoft.Storage/storageAccounts/stfabrikamprodeus01");

        // Planted, read, but not flagged by the catalog as it stands (its decision, not a gap of the read): the evidence
        // shows the planted value came through.
        string Evidence(string check, string resource) =>
            sim.Results.Single(x => x.CheckId == check && x.ResourceId.Equals(resource.Length == 0 ? $"/subscriptions/{Sub}" : Rid(resource), StringComparison.OrdinalIgnoreCase)).Evidence;
        Assert.Contains("pricings/Dns: pricingTier = Free", Evidence("azure-defender-dns", ""));                               // R56: Servers P2 counts as DNS cover
        Assert.Contains("minimalSeverity = Medium", Evidence("azure-defender-alert-severity-notifications", ""));              // R58: Medium accepted (includes High)
        Assert.Contains("CustomScriptExtension (Microsoft.Compute)",                                                             // R71: 'Microsoft.*' publishers approved
            Evidence("azure-vm-approved-extensions", "resourceGroups/rg-legacy-uks/providers/Microsoft.Compute/virtualMachines/legacy-erp-uks-01"));
        Assert.Contains("VMAccessForLinux (Microsoft.OSTCExtensions)",                                                           // R72
            Evidence("azure-vm-approved-extensions", "resourceGroups/rg-dev-wus2/providers/Microsoft.Compute/virtualMachines/dev-wus2-05"));

    }

    [Fact]
    public void The_plan_reads_every_type_the_catalog_evaluates()
    {
        var plan = new ResourceConfigurationPlan("2024-07-01");
        var read = plan.Types.ToHashSet(StringComparer.OrdinalIgnoreCase);
        // read embedded in their parent (NSG rules in the NSG, subnets in the virtual network), or only as the scope of
        // diagnostic settings (queue and table services)
        string[] embedded = [ResourceTypes.SecurityRule, ResourceTypes.Subnet, ResourceTypes.QueueService, ResourceTypes.TableService];
        var needed = CheckCatalog.All.SelectMany(c => (c as Check)?.Reads.Append(c.Metadata.ResourceType) ?? [c.Metadata.ResourceType])
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var missing = needed.Where(t => !read.Contains(t) && !embedded.Contains(t, StringComparer.OrdinalIgnoreCase)).Order().ToList();
        Assert.True(missing.Count == 0, "the catalog reads types the sync does not: " + string.Join(", ", missing));
        Assert.True(ResourceConfigurationPlan.LoggableTypes.ToHashSet().SetEquals(Portal.Cspm.Checks.Monitor.ResourceLoggingEnabled.LoggableTypes));
    }
}
