using AzureSim.Seeds;
using Portal.Cspm;
using Xunit.Abstractions;

namespace Portal.Azure.Tests;

/// <summary>
/// The issue's "done when": against the demo seed, every risky setting planted in it is reported by the right check and
/// nothing else fails. The demo tenant is read through the real connector (ListResourceConfigurationsAsync over HTTPS from
/// AzureSim), the whole catalog runs over it, and the failed (check, resource) pairs must equal Seeds/demo-findings.json.
/// </summary>
public class DemoSeedFindingsTests(DemoSnapshotFixture sim, ITestOutputHelper output) : IClassFixture<DemoSnapshotFixture>
{
    private string Sub => sim.SubscriptionId;

    private static string Key(string check, string resourceId) => $"{check} {resourceId.ToLowerInvariant()}";

    [Fact]
    public void The_catalog_fails_exactly_the_planted_pairs()
    {
        var expected = DemoFindings.Load();
        var dupes = expected.GroupBy(e => Key(e.Check, e.ResourceId(Sub))).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(dupes.Count == 0, "demo-findings.json lists pairs twice: " + string.Join("; ", dupes));
        var unknown = expected.Select(e => e.Check).Distinct().Where(c => CheckCatalog.Find(c) is null).ToList();
        Assert.True(unknown.Count == 0, "demo-findings.json names checks the catalog does not have: " + string.Join(", ", unknown));

        var failed = sim.Results.Where(r => r.Status == CheckStatus.Failed).ToList();
        var actual = failed.ToDictionary(f => Key(f.CheckId, f.ResourceId), f => f);
        var wanted = expected.ToDictionary(e => Key(e.Check, e.ResourceId(Sub)), e => e);
        var missing = wanted.Where(w => !actual.ContainsKey(w.Key))
            .Select(w => $"  {string.Join("/", w.Value.Risks)} {w.Value.Check} on {Short(w.Value.ResourceId(Sub))}").ToList();
        var unexpected = actual.Where(a => !wanted.ContainsKey(a.Key))
            .Select(a => $"  {a.Value.CheckId} on {Short(a.Value.ResourceId)} :: {a.Value.Evidence}").ToList();

        output.WriteLine($"{sim.Results.Count} results, {failed.Count} failed; planted pairs {expected.Count} from {expected.SelectMany(e => e.Risks).Distinct().Count()} README rows");
        Assert.True(missing.Count == 0 && unexpected.Count == 0,
            $"the demo seed's failures differ from Seeds/demo-findings.json\nplanted but not reported ({missing.Count}):\n{string.Join("\n", missing)}\n" +
            $"reported but not planted ({unexpected.Count}):\n{string.Join("\n", unexpected)}");
        Assert.Equal(expected.Count, failed.Count);
    }

    [Fact]
    public void The_good_controls_of_the_seed_pass()
    {
        void Passes(string check, string resource)
        {
            var id = resource.Length == 0 ? $"/subscriptions/{Sub}" : $"/subscriptions/{Sub}/{resource}";
            var r = sim.Results.Where(x => x.CheckId == check && x.ResourceId.Equals(id, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(r.Count > 0 && r.All(x => x.Status == CheckStatus.Passed), $"{check} on {resource}: {(r.Count == 0 ? "no result" : string.Join("; ", r.Select(x => x.Status + " " + x.Evidence)))}");
        }
        const string prodSql = "resourceGroups/rg-prod-data-eus/providers/Microsoft.Sql/servers/sql-fabrikam-prod-eus";
        foreach (var c in new[] { "azure-sql-auditing-enabled", "azure-sql-audit-retention-90", "azure-sql-entra-admin", "azure-sql-tde-protector-cmk",
                     "azure-sql-firewall-internet", "azure-sql-public-network-access", "azure-sql-firewall-allow-azure-services" })
            Passes(c, prodSql);
        const string kvProd = "resourceGroups/rg-security-eus/providers/Microsoft.KeyVault/vaults/kv-fabrikam-prod-eus";
        foreach (var c in new[] { "azure-keyvault-rbac", "azure-keyvault-purge-protection", "azure-keyvault-logging", "azure-keyvault-public-network-access", "azure-keyvault-private-endpoint" })
            Passes(c, kvProd);
        const string portalApp = "resourceGroups/rg-prod-web-eus/providers/Microsoft.Web/sites/app-fabrikam-portal";
        foreach (var c in new[] { "azure-app-https-only", "azure-app-ftps", "azure-app-min-tls", "azure-app-http2", "azure-app-authentication", "azure-app-managed-identity", "azure-app-http-logs" })
            Passes(c, portalApp);
        foreach (var sa in new[] { "rg-security-eus/providers/Microsoft.Storage/storageAccounts/stfabrikamlogs", "rg-prod-data-eus/providers/Microsoft.Storage/storageAccounts/stfabrikamprodeus01",
                     "rg-prod-sea/providers/Microsoft.Storage/storageAccounts/stfabrikamseabackup" })
            foreach (var c in new[] { "azure-storage-private-endpoint", "azure-storage-public-network-access", "azure-storage-shared-key-access", "azure-storage-infrastructure-encryption",
                         "azure-storage-queue-logging", "azure-storage-blob-logging", "azure-storage-table-logging", "azure-storage-key-rotation-reminder" })
                Passes(c, "resourceGroups/" + sa);
        Passes("azure-storage-activity-log-cmk", "resourceGroups/rg-security-eus/providers/Microsoft.Storage/storageAccounts/stfabrikamlogs");
        foreach (var c in new[] { "azure-monitor-subscription-diagnostic-setting", "azure-monitor-diagnostic-setting-categories", "azure-defender-servers",
                     "azure-defender-storage", "azure-defender-resource-manager", "azure-defender-containers", "azure-defender-sql-databases",
                     "azure-monitor-alert-create-update-nsg", "azure-monitor-alert-delete-nsg", "azure-monitor-alert-create-policy-assignment",
                     "azure-defender-dns", "azure-defender-alert-severity-notifications", "azure-iam-resource-lock-role", "azure-defender-file-integrity-monitoring" })
            Passes(c, "");
        const string sqlVm = "resourceGroups/rg-prod-data-eus/providers/Microsoft.Compute/virtualMachines/sqlvm-eus-01";
        foreach (var c in new[] { "azure-vm-encryption-at-host", "azure-vm-endpoint-protection", "azure-vm-approved-extensions", "azure-vm-trusted-launch" })
            Passes(c, sqlVm);
        Passes("azure-network-subnet-nsg", "resourceGroups/rg-shared-eus/providers/Microsoft.Network/virtualNetworks/vnet-prod-eus/subnets/snet-mgmt");
        Passes("azure-vm-linux-password-auth", "resourceGroups/rg-dev-wus2/providers/Microsoft.Compute/virtualMachines/dev-wus2-01");
        Assert.DoesNotContain(sim.Results, x => x.CheckId is "azure-iam-custom-role-wildcard-actions" or "azure-iam-custom-subscription-admin-role" && x.Status == CheckStatus.Failed);

        // the two README rows that are planted but not findings: the evidence shows the planted value was read
        string Evidence(string check) => sim.Results.Single(x => x.CheckId == check && x.ResourceId.Equals($"/subscriptions/{Sub}", StringComparison.OrdinalIgnoreCase)).Evidence;
        Assert.Contains("pricings/Dns: pricingTier = Free", Evidence("azure-defender-dns"));                          // R56: covered by Servers P2
        Assert.Contains("minimalSeverity = Medium", Evidence("azure-defender-alert-severity-notifications"));        // R58: Medium includes High
    }

    private string Short(string id) => id.Replace($"/subscriptions/{Sub}/", "").Replace($"/subscriptions/{Sub}", "(subscription)");
}
