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
}

/// <summary>
/// ListResourceConfigurationsAsync against AzureSim's demo seed: every resource of each type the CSPM catalog reads comes
/// back with its child configurations (the catalog's verdict on it is DemoSeedFindingsTests).
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

        // every read is answered, App Service authentication settings (config/authsettingsV2) included
        output.WriteLine("warnings: " + string.Join(" | ", s.Warnings.Select(w => w.Message)));
        output.WriteLine("unavailable types: " + string.Join(", ", s.UnavailableTypes));
        Assert.Empty(s.UnreadTypes);
        Assert.Empty(s.Warnings);
        Assert.Equal(3, s.Resources.Count(e => e.GetProperty("id").GetString()!.EndsWith("/config/authsettingsV2", StringComparison.OrdinalIgnoreCase)));
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
        var web = set.ChildrenOf(Rid("resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking"), "Microsoft.Web/sites/config").Single(c => c.Name == "web");
        var auth = set.ChildrenOf(Rid("resourceGroups/rg-prod-weu/providers/Microsoft.Web/sites/app-fabrikam-tracking"), "Microsoft.Web/sites/config").Single(c => c.Name == "authsettingsV2");
        Assert.False(auth.Json.GetProperty("properties").GetProperty("platform").GetProperty("enabled").GetBoolean());
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
