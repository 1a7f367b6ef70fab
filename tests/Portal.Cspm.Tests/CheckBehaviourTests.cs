using Portal.Cspm;
using Portal.Cspm.Checks.Storage;
using Xunit;
using static Portal.Cspm.Tests.Arm;
using static Portal.Cspm.Tests.Examples;

namespace Portal.Cspm.Tests;

/// <summary>Edge cases of individual checks beyond the one passing / one failing example.</summary>
public class CheckBehaviourTests
{
    private static List<CheckResult> Run(string checkId, ResourceSet set) => CheckCatalog.Find(checkId)!.Evaluate(set).ToList();
    private static CheckStatus One(string checkId, ResourceSet set) => Assert.Single(Run(checkId, set)).Status;

    private const string NsgWrite = "Microsoft.Network/networkSecurityGroups/write";

    [Fact]
    public void Activity_log_alert_must_be_enabled_subscription_wide_and_notify()
    {
        const string id = "azure-monitor-alert-create-update-nsg";
        Assert.Equal(CheckStatus.Passed, One(id, Set(Alert(NsgWrite))));
        Assert.Equal(CheckStatus.Failed, One(id, Set(Alert(NsgWrite).With("properties.enabled", false))));
        Assert.Equal(CheckStatus.Failed, One(id, Set(Alert(NsgWrite).With("properties.scopes", Array(AlertSubScope + "/resourceGroups/MyResourceGroup1")))));
        var silent = Run(id, Set(Alert(NsgWrite).With("properties.actions.actionGroups", Array())));
        Assert.Equal(CheckStatus.Failed, silent.Single().Status);
        Assert.Contains("no action group", silent.Single().Evidence);
        Assert.Equal(CheckStatus.Failed, One("azure-monitor-alert-delete-nsg", Set(Alert(NsgWrite))));
    }

    [Fact]
    public void Activity_log_alert_condition_may_use_anyOf_and_mixed_case()
    {
        var alert = Alert().With("properties.condition.allOf", Parse("""
            [{"field":"category","equals":"Administrative"},
             {"anyOf":[{"field":"operationName","equals":"microsoft.network/networksecuritygroups/WRITE"},{"field":"operationName","equals":"Microsoft.Network/networkSecurityGroups/delete"}]}]
            """));
        Assert.Equal(CheckStatus.Passed, One("azure-monitor-alert-create-update-nsg", Set(alert)));
        Assert.Equal(CheckStatus.Passed, One("azure-monitor-alert-delete-nsg", Set(alert)));
        Assert.Equal(CheckStatus.Failed, One("azure-monitor-alert-create-update-public-ip", Set(alert)));
    }

    [Fact]
    public void Activity_log_alert_narrowed_to_another_category_does_not_count() =>
        Assert.Equal(CheckStatus.Failed, One("azure-monitor-alert-create-update-nsg", Set(Alert().With("properties.condition.allOf", Parse(
            $$$"""[{"field":"category","equals":"Security"},{"field":"operationName","equals":"{{{NsgWrite}}}"}]""")))));

    [Fact]
    public void Missing_pricing_fails_against_the_subscription()
    {
        var r = Assert.Single(Run("azure-defender-cosmosdb", Set(Pricings())));
        Assert.Equal(SubScope, r.ResourceId);
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Contains("not in the synced configuration", r.Evidence);
        // The example itself: AppServices Free, KeyVaults Standard.
        Assert.Equal(CheckStatus.Failed, One("azure-defender-app-service", Set(Pricings())));
        Assert.Equal(CheckStatus.Passed, One("azure-defender-key-vault", Set(Pricings())));
    }

    [Fact]
    public void Not_applicable_resources_get_no_result()
    {
        Assert.Empty(Run("azure-storage-cmk-critical-data", Set(Storage0())));                  // untagged
        Assert.Empty(Run("azure-app-python-version", Set(Site())));                              // PHP app
        Assert.Empty(Run("azure-vm-vhd-encrypted", Set(VmNode())));                              // managed disks only
        Assert.Empty(Run("azure-disk-unattached-cmk", Set(DiskNode())));                         // attached
        Assert.Empty(Run("azure-storage-blob-soft-delete", Set(Storage0().With("kind", "FileStorage"))));
        Assert.Empty(Run("azure-storage-activity-log-cmk", Set(Storage0())));                    // not an activity-log destination
        var master = Parse($$$"""{"id":"{{{TdeServerId}}}/databases/master","name":"master","type":"Microsoft.Sql/servers/databases"}""");
        Assert.Empty(Run("azure-sql-database-tde", Set(master)));
        var disabledKey = VaultObject("keys", "old", null).With("properties.attributes.enabled", false);
        Assert.Empty(Run("azure-keyvault-key-expiry-nonrbac", Set(Vault(), disabledKey)));
        Assert.Empty(Run("azure-keyvault-key-expiry-rbac", Set(Vault(), VaultObject("keys", "k", null))));  // vault uses access policies
    }

    [Fact]
    public void Storage_defaults_for_absent_settings_follow_azure()
    {
        var bare = Storage0().With("properties.supportsHttpsTrafficOnly", null);
        Assert.Equal(CheckStatus.Passed, One("azure-storage-secure-transfer", Set(bare)));          // default true
        Assert.Equal(CheckStatus.Passed, One("azure-storage-blob-public-access", Set(bare)));       // default false
        Assert.Equal(CheckStatus.Failed, One("azure-storage-shared-key-access", Set(bare)));        // default allowed
        Assert.Equal(CheckStatus.Failed, One("azure-storage-min-tls", Set(bare)));                  // absent: TLS 1.0
    }

    [Fact]
    public void Keys_regenerated_uses_the_injected_clock()
    {
        var check = new StorageKeysRegenerated(new FixedClock(new DateTimeOffset(2021, 5, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(CheckStatus.Passed, check.Evaluate(Set(Storage0())).Single().Status);   // keys created 2021-03-18
        var later = new StorageKeysRegenerated(new FixedClock(new DateTimeOffset(2021, 9, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(CheckStatus.Failed, later.Evaluate(Set(Storage0())).Single().Status);
    }

    [Theory]
    [InlineData("1.2", true)]
    [InlineData("1.3", true)]
    [InlineData("TLS1_2", true)]
    [InlineData("TLSv1.2", true)]
    [InlineData("1.0", false)]
    [InlineData("1.1", false)]
    [InlineData("TLS1_1", false)]
    [InlineData("None", false)]
    public void Tls_versions(string value, bool ok) => Assert.Equal(ok, Check.TlsAtLeast12(value));

    [Fact]
    public void Sql_firewall_internet_wide_ranges()
    {
        Assert.Equal(CheckStatus.Failed, One("azure-sql-firewall-internet", Set(SqlServer(), JsonRule("1.0.0.0", "254.255.255.255"))));
        Assert.Equal(CheckStatus.Passed, One("azure-sql-firewall-internet", Set(SqlServer(), JsonRule("203.0.113.0", "203.0.113.255"))));
        Assert.Equal(CheckStatus.Passed, One("azure-sql-firewall-allow-azure-services", Set(SqlServer(), JsonRule("0.0.0.0", "255.255.255.255"))));
        // no public endpoint: Azure does not evaluate the IP firewall rules, so the leftover "allow Azure services" rule admits nobody
        Assert.Equal(CheckStatus.Failed, One("azure-sql-firewall-allow-azure-services", Set(SqlServer().With("properties.publicNetworkAccess", "Enabled"), JsonRule("0.0.0.0", "0.0.0.0"))));
        Assert.Equal(CheckStatus.Passed, One("azure-sql-firewall-allow-azure-services", Set(SqlServer().With("properties.publicNetworkAccess", "Disabled"), JsonRule("0.0.0.0", "0.0.0.0"))));
    }

    private static System.Text.Json.Nodes.JsonNode JsonRule(string s, string e) =>
        SqlChild(SqlServerId, "firewallRules", "r", $$$"""{"startIpAddress":"{{{s}}}","endIpAddress":"{{{e}}}"}""");

    [Fact]
    public void Missing_child_configuration_fails_with_a_clear_reason()
    {
        foreach (var (id, set) in new (string, ResourceSet)[]
                 {
                     ("azure-sql-auditing-enabled", Set(SqlServer())),
                     ("azure-postgresql-flexible-secure-transport", Set(Server(PgFlexId, "Microsoft.DBforPostgreSQL/flexibleServers"))),
                     ("azure-app-authentication", Set(Site())),
                 })
            Assert.Contains("not in the synced configuration", Assert.Single(Run(id, set)).Evidence);
    }

    [Fact]
    public void Site_config_child_overrides_the_embedded_site_config()
    {
        Assert.Equal(CheckStatus.Failed, One("azure-app-ftps", Set(Site())));
        Assert.Equal(CheckStatus.Passed, One("azure-app-ftps", Set(Site(), SiteChild("config", "web", """{"ftpsState":"Disabled"}"""))));
    }

    [Fact]
    public void Key_vault_logging_accepts_category_or_group_and_needs_a_destination()
    {
        Assert.Equal(CheckStatus.Passed, One("azure-keyvault-logging", Set(Vault(), Diag(VaultId, "d", "AuditEvent"))));
        Assert.Equal(CheckStatus.Passed, One("azure-keyvault-logging", Set(Vault(), Diag(VaultId, "d", "group:allLogs"))));
        Assert.Equal(CheckStatus.Failed, One("azure-keyvault-logging", Set(Vault(), Diag(VaultId, "d", "AuditEvent").With("properties.workspaceId", null))));
    }

    [Fact]
    public void Approved_extension_list_is_configurable()
    {
        var check = new Portal.Cspm.Checks.Compute.VmApprovedExtensions(new[] { "Microsoft.", "Contoso." });
        Assert.Equal(CheckStatus.Passed, check.Evaluate(Set(VmNode(), Extension("DeployAgent", "Contoso.Tools", "DeployAgent"))).Single().Status);
    }

    [Theory]
    [InlineData("CustomScriptExtension", "Microsoft.Compute")]
    [InlineData("VMAccessForLinux", "Microsoft.OSTCExtensions")]
    [InlineData("RunCommandWindows", "Microsoft.CPlat.Core")]
    public void Code_running_and_credential_reset_extensions_are_not_approved_even_from_Microsoft(string type, string publisher)
    {
        var r = One("azure-vm-approved-extensions", Set(VmNode(), Extension(type, publisher, type), Extension("MDE.Linux", "Microsoft.Azure.AzureDefenderForServers", "MDE.Linux")));
        Assert.Equal(CheckStatus.Failed, r);
        var custom = new Portal.Cspm.Checks.Compute.VmApprovedExtensions(new[] { "Microsoft." }, unapprovedTypes: []);
        Assert.Equal(CheckStatus.Passed, custom.Evaluate(Set(VmNode(), Extension(type, publisher, type))).Single().Status);
    }

    [Fact]
    public void Subnet_check_skips_platform_subnets_and_reports_each_subnet()
    {
        var vnet = Parse($$$"""
            {"id":"{{{VnetId}}}","name":"rg1-vnet","type":"Microsoft.Network/virtualNetworks","location":"eastus","properties":{"subnets":[
              {"name":"AzureFirewallSubnet","id":"{{{VnetId}}}/subnets/AzureFirewallSubnet","properties":{"addressPrefix":"10.0.0.0/26"}},
              {"name":"app","id":"{{{VnetId}}}/subnets/app","properties":{"addressPrefix":"10.0.1.0/24"}},
              {"name":"web","id":"{{{VnetId}}}/subnets/web","properties":{"addressPrefix":"10.0.2.0/24","networkSecurityGroup":{"id":"{{{NsgId}}}"} } } ] } }
            """);
        var results = CheckCatalog.Find("azure-network-subnet-nsg")!.Evaluate(Set(vnet)).ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal(CheckStatus.Failed, results.Single(r => r.ResourceId.EndsWith("/app")).Status);
        Assert.Equal(CheckStatus.Passed, results.Single(r => r.ResourceId.EndsWith("/web")).Status);
    }

    [Fact]
    public void Linux_password_check_ignores_windows_vms()
    {
        var win = VmNode().With("properties.osProfile", Parse("""{"computerName":"vm1","adminUsername":"admin","windowsConfiguration":{"provisionVMAgent":true}}"""));
        Assert.Empty(CheckCatalog.Find("azure-vm-linux-password-auth")!.Evaluate(Set(win)));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public class SiteConfigSourceTests
{
    [Fact]
    public void Missing_site_config_is_named_in_the_evidence()
    {
        var site = Examples.Site().With("properties.siteConfig", null);
        var r = CheckCatalog.Find("azure-app-min-tls")!.Evaluate(Set(site)).Single();
        Assert.Equal(CheckStatus.Failed, r.Status);
        Assert.Contains("not in the synced configuration", r.Evidence);
        // Remote debugging defaults to off: absent passes.
        Assert.Equal(CheckStatus.Passed, CheckCatalog.Find("azure-app-remote-debugging")!.Evaluate(Set(site)).Single().Status);
    }

    [Fact]
    public void Traffic_analytics_needs_a_workspace()
    {
        var nsg = Examples.Nsg();
        var flow = Parse($$$"""
            {"id":"/subscriptions/subid/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/nw/flowLogs/fl","name":"fl","type":"Microsoft.Network/networkWatchers/flowLogs",
             "properties":{"targetResourceId":"{{{Examples.NsgId}}}","enabled":true,"flowAnalyticsConfiguration":{"networkWatcherFlowAnalyticsConfiguration":{"enabled":true,"workspaceResourceId":""} } } }
            """);
        Assert.Equal(CheckStatus.Failed, CheckCatalog.Find("azure-nsg-flowlog-log-analytics")!.Evaluate(Set(nsg, flow)).Single().Status);
    }
}
