using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Accounts;
using Portal.Domain.Inventory;
using Portal.Domain.Risks;

namespace Portal.DataTests;

public sealed class ConfigurationRisksMigrationTests
{
    [Theory, MemberData(nameof(SchemaTests.Providers), MemberType = typeof(SchemaTests))]
    public async Task A_version_3_database_with_accounts_and_hosts_upgrades_in_place(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.NewContext())
            await db.GetService<IMigrator>().MigrateAsync("20261122000003_CloudAccountsAndHosts");

        var accountId = Guid.NewGuid();
        var t = new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);
        await using (var services = database.Services())
        {
            await services.GetRequiredService<IAccountStore>().AddAsync(new CloudAccount
            {
                Id = accountId, Name = "before", TenantId = "t", ClientId = "c", ProtectedClientSecret = "x", CreatedAt = t, CreatedBy = "test",
            });
            await services.GetRequiredService<IHostStore>().ApplySyncAsync(accountId, "s1",
                [new Host { ResourceId = "/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/vm1", Name = "vm1", SubscriptionId = "s1", ResourceGroup = "rg", Location = "westeurope" }], t);
        }

        await using (var db = database.NewContext())
        {
            // Version 4 and every later version are pending, in order.
            Assert.Equal(db.Database.GetMigrations().SkipWhile(m => m != "20261122000004_ConfigurationRisks"), await db.Database.GetPendingMigrationsAsync());
            Assert.Equal("20261122000004_ConfigurationRisks", (await db.Database.GetPendingMigrationsAsync()).First());
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using var after = database.Services();
        Assert.Equal("before", (await after.GetRequiredService<IAccountStore>().GetAsync(accountId))!.Name);
        Assert.Equal("vm1", (await after.GetRequiredService<IHostStore>().QueryAsync(new HostQuery())).Items.Single().Name);
        var json = JsonDocument.Parse("""{"id":"/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv","type":"Microsoft.KeyVault/vaults","properties":{}}""").RootElement;
        var outcome = await after.GetRequiredService<IResourceStore>().ApplySyncAsync(accountId, "0b1f6471-1bf0-4dda-aec3-111122223333", [json], t.AddDays(1));
        Assert.Equal(1, outcome.Added);
        var scan = await after.GetRequiredService<RiskService>().ScanAsync(accountId);
        Assert.True(scan.Failed > 0);
    }
}
