using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Cspm;
using Portal.Data;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Risks;
using Portal.Domain.Security;
using Portal.Domain.Sync;

namespace Portal.DataTests;

/// <summary>The resource sync + scan end to end on the real stores, with a scripted connector.</summary>
public sealed class ResourceSyncServiceTests
{
    private const string Sub = "0b1f6471-1bf0-4dda-aec3-444455556666";

    private sealed class Clock(DateTime now) : TimeProvider
    {
        public DateTime Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }

    /// <summary>Answers ListResourceConfigurationsAsync with what the test sets; everything else is not needed here.</summary>
    private sealed class ScriptedConnector : ICloudConnector
    {
        public Func<string, CloudResult<ResourceConfigurationSnapshot>> Next { get; set; } = _ => throw new InvalidOperationException();
        public List<string> Secrets { get; } = [];

        public Task<CloudResult<ResourceConfigurationSnapshot>> ListResourceConfigurationsAsync(CloudCredential credential, string subscriptionId, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        {
            Secrets.Add(credential.ClientSecret);
            var r = Next(subscriptionId);
            if (r.IsSuccess) progress?.Report(r.Value.Resources.Count);
            return Task.FromResult(r);
        }

        public Task<CloudResult<CredentialIdentity>> ValidateCredentialAsync(CloudCredential c, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<CloudResult<IReadOnlyList<SubscriptionInfo>>> ListSubscriptionsAsync(CloudCredential c, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<CloudResult<SubscriptionInfo>> GetSubscriptionAsync(CloudCredential c, string s, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<CloudResult<IReadOnlyList<RegionInfo>>> ListRegionsAsync(CloudCredential c, string s, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<CloudResult<VmInventory>> ListVirtualMachinesAsync(CloudCredential c, string s, IProgress<int>? p = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<CloudResult<PermissionSet>> GetPermissionsAsync(CloudCredential c, string s, CancellationToken ct = default) => throw new NotSupportedException();
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static JsonElement Storage(string name, bool https) => Json($$$"""
        {"id":"/subscriptions/{{{Sub}}}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/{{{name}}}","name":"{{{name}}}",
         "type":"Microsoft.Storage/storageAccounts","location":"westeurope","properties":{"supportsHttpsTrafficOnly":{{{(https ? "true" : "false")}}},"minimumTlsVersion":"TLS1_2"}}
        """);

    private static JsonElement Nsg(string name, string port) => Json($$$"""
        {"id":"/subscriptions/{{{Sub}}}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/{{{name}}}","name":"{{{name}}}",
         "type":"Microsoft.Network/networkSecurityGroups","location":"westeurope","properties":{"securityRules":[
         {"id":"/subscriptions/{{{Sub}}}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/{{{name}}}/securityRules/open","name":"open",
          "properties":{"protocol":"Tcp","sourceAddressPrefix":"*","destinationAddressPrefix":"*","destinationPortRange":"{{{port}}}","access":"Allow","priority":100,"direction":"Inbound"}}]}}
        """);

    private static CloudResult<ResourceConfigurationSnapshot> Snapshot(IReadOnlyList<string>? unread = null, params JsonElement[] items) =>
        CloudResult<ResourceConfigurationSnapshot>.Ok(new ResourceConfigurationSnapshot(Sub, items, [], 7, TimeSpan.FromSeconds(1)) { UnreadTypes = unread ?? [] });

    [Theory, MemberData(nameof(SchemaTests.Providers), MemberType = typeof(SchemaTests))]
    public async Task Sync_stores_scans_and_audits_a_failed_read_keeps_the_last_good_data(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext()) await ctx.Database.MigrateAsync();
        var clock = new Clock(new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc));
        var connector = new ScriptedConnector();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddPortalData(db.Provider, db.ConnectionString, Path.Combine(db.Directory, "keys"));
        services.AddSingleton<ICloudConnector>(connector);
        services.AddSingleton<SyncProgressBoard>();
        services.AddSingleton(new PortalNode("node-a"));
        services.AddSingleton<ResourceSyncService>();
        await using var sp = services.BuildServiceProvider();

        var accounts = sp.GetRequiredService<IAccountStore>();
        var account = new CloudAccount
        {
            Id = Guid.NewGuid(), Name = "prod", TenantId = "t", ClientId = "c", CreatedAt = clock.Now, CreatedBy = "test",
            ProtectedClientSecret = sp.GetRequiredService<ISecretProtector>().Protect("s3cret"),
            Subscriptions = [new AccountSubscription(Sub, "Prod")], Features = [CloudFeature.Cspm], Status = AccountStatus.Healthy,
        };
        await accounts.AddAsync(account);
        var sync = sp.GetRequiredService<ResourceSyncService>();
        var risks = sp.GetRequiredService<RiskService>();
        var store = sp.GetRequiredService<IResourceStore>();

        // 1. A good read: stored, scanned, account and audit updated.
        connector.Next = _ => Snapshot(null, Storage("web", https: false), Storage("logs", https: true), Nsg("nsg", "3389"));
        Assert.True(await sync.SyncAsync(account.Id, default));
        Assert.Equal("s3cret", connector.Secrets.Single());
        Assert.Equal(3, (await store.QueryAsync(new ResourceQuery { AccountId = account.Id })).Total);
        var https = (await risks.SummaryAsync(new RiskFilter { AccountId = account.Id, CheckId = "azure-storage-secure-transfer" })).Single();
        Assert.Equal((1, 1, 0), (https.Failed, https.Passed, https.Whitelisted));
        var rdp = (await risks.SummaryAsync(new RiskFilter { AccountId = account.Id, Service = "Network", Severity = Severity.Critical }))
            .Where(s => s.Failed > 0).Select(s => s.CheckId).ToList();
        Assert.Contains("azure-nsg-rdp-internet", rdp);
        var stored = (await accounts.GetAsync(account.Id))!;
        Assert.Equal((clock.Now, AccountStatus.Healthy), (stored.LastResourceSyncAt, stored.Status));
        var audit = await sp.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = ResourceSyncService.AuditAction });
        var ok = audit.Items.Single();
        Assert.Equal((AuditOutcome.Succeeded, "node:node-a"), (ok.Outcome, ok.Source));
        Assert.Contains("3 resources: 3 new, 0 changed, 0 removed", ok.Detail);
        Assert.Equal(SyncPhase.Succeeded, sp.GetRequiredService<SyncProgressBoard>().Latest(account.Id, SyncKind.Resources)!.Phase);
        var resultsBefore = await sp.GetRequiredService<IRiskStore>().ListResultsAsync(account.Id);

        // 2. The read fails (throttled after retries): account unhealthy, nothing stored changes.
        clock.Now = clock.Now.AddHours(6);
        connector.Next = _ => CloudError.From(CloudErrorCodes.Throttled, "Too many requests.");
        Assert.True(await sync.SyncAsync(account.Id, default));
        stored = (await accounts.GetAsync(account.Id))!;
        Assert.Equal((AccountStatus.Unhealthy, CloudErrorCodes.Throttled), (stored.Status, stored.LastErrorCode));
        Assert.Equal(3, (await store.QueryAsync(new ResourceQuery { AccountId = account.Id })).Total);
        Assert.Equal(resultsBefore.Count, (await sp.GetRequiredService<IRiskStore>().ListResultsAsync(account.Id)).Count);
        Assert.Single(await risks.TrendAsync(account.Id));
        Assert.Equal(SyncPhase.Failed, sp.GetRequiredService<SyncProgressBoard>().Latest(account.Id, SyncKind.Resources)!.Phase);

        // 3. A good read again where NSG rules could not be read (403): the rule is kept, the fixed storage account passes,
        //    the removed one is marked removed, and the account is healthy again.
        clock.Now = clock.Now.AddHours(6);
        connector.Next = _ => Snapshot(["Microsoft.Network/networkSecurityGroups on Microsoft.Network/virtualNetworks"], Storage("web", https: true));
        Assert.True(await sync.SyncAsync(account.Id, default));
        stored = (await accounts.GetAsync(account.Id))!;
        Assert.Equal((AccountStatus.Healthy, null, clock.Now), (stored.Status, stored.LastErrorCode, stored.LastResourceSyncAt));
        var current = await store.ListCurrentAsync(account.Id);
        Assert.Equal(["nsg", "web"], current.Select(r => r.Name).Order());
        https = (await risks.SummaryAsync(new RiskFilter { AccountId = account.Id, CheckId = "azure-storage-secure-transfer" })).Single();
        Assert.Equal((0, 1, 0), (https.Failed, https.Passed, https.Whitelisted));
        Assert.Equal(2, (await risks.TrendAsync(account.Id)).Count);
        var last = (await sp.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = ResourceSyncService.AuditAction })).Items
            .OrderByDescending(a => a.Id).First();
        Assert.Contains("1 resources: 0 new, 1 changed, 1 removed", last.Detail);
        Assert.Contains("Not readable", last.Detail);

        // An account that no longer exists: nothing to do.
        Assert.False(await sync.SyncAsync(Guid.NewGuid(), default));
    }
}
