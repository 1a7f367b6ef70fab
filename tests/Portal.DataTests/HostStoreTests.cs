using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Accounts;
using Portal.Domain.Inventory;

namespace Portal.DataTests;

public sealed class HostStoreTests
{
    public static TheoryData<DatabaseProvider> Providers => SchemaTests.Providers;

    private static Host Vm(string name, string location = "westeurope", string power = "running", string ip = "10.0.0.4", string? tag = null) => new()
    {
        ResourceId = $"/subscriptions/s1/resourcegroups/rg/providers/microsoft.compute/virtualmachines/{name}",
        Name = name, SubscriptionId = "s1", ResourceGroup = "rg", Location = location, PowerState = power,
        PrivateIps = [ip], Tags = tag is null ? [] : new() { ["env"] = tag },
    };

    [Theory, MemberData(nameof(Providers))]
    public async Task Sync_adds_updates_marks_removed_and_brings_back_hosts(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext()) await ctx.Database.MigrateAsync();
        await using var services = db.Services();
        var accountId = Guid.NewGuid();
        await services.GetRequiredService<IAccountStore>().AddAsync(new CloudAccount
        {
            Id = accountId, Name = "a", TenantId = "t", ClientId = "c", ProtectedClientSecret = "x", CreatedAt = DateTime.UtcNow, CreatedBy = "test",
        });
        var store = services.GetRequiredService<IHostStore>();
        var t1 = new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc);
        var first = await store.ApplySyncAsync(accountId, "s1", [Vm("web-1", tag: "prod"), Vm("web-2", ip: "10.0.0.5"), Vm("db-1", "northeurope", "deallocated")], t1);
        Assert.Equal(new HostSyncOutcome(3, 3, 0, 0), first);

        var t2 = t1.AddHours(1);
        var second = await store.ApplySyncAsync(accountId, "s1", [Vm("web-1", power: "stopped", tag: "prod"), Vm("db-1", "northeurope", "deallocated")], t2);
        Assert.Equal(new HostSyncOutcome(2, 0, 2, 1), second);

        var all = await store.QueryAsync(new HostQuery { IncludeRemoved = true });
        var web2 = all.Items.Single(h => h.Name == "web-2");
        Assert.True(web2.Removed);
        Assert.Equal(t1, web2.LastSeen);
        Assert.Equal(t2, web2.RemovedAt);
        var web1 = all.Items.Single(h => h.Name == "web-1");
        Assert.Equal(("stopped", t1, t2), (web1.PowerState, web1.FirstSeen, web1.LastSeen));

        Assert.Equal(2, (await store.QueryAsync(new HostQuery())).Total);
        Assert.Equal("db-1", (await store.QueryAsync(new HostQuery { Region = "northeurope" })).Items.Single().Name);
        Assert.Equal("web-1", (await store.QueryAsync(new HostQuery { PowerState = "stopped" })).Items.Single().Name);
        Assert.Equal("web-1", (await store.QueryAsync(new HostQuery { Tag = "env=prod" })).Items.Single().Name);
        Assert.Equal("web-2", (await store.QueryAsync(new HostQuery { Search = "10.0.0.5", IncludeRemoved = true })).Items.Single().Name);
        Assert.Equal(["web-1", "db-1"], (await store.QueryAsync(new HostQuery { SortBy = "name", Descending = true })).Items.Select(h => h.Name));

        // The VM comes back: same row, no longer removed.
        var third = await store.ApplySyncAsync(accountId, "s1", [Vm("web-1", tag: "prod"), Vm("web-2"), Vm("db-1", "northeurope")], t2.AddHours(1));
        Assert.Equal(new HostSyncOutcome(3, 0, 3, 0), third);
        Assert.Equal(web2.Id, (await store.QueryAsync(new HostQuery { Search = "web-2" })).Items.Single().Id);

        var counts = await store.CountAsync(accountId);
        Assert.Equal(3, counts.Total);
        Assert.Equal(2, counts.ByRegion["westeurope"]);

        // Removing the account removes its hosts.
        Assert.True(await services.GetRequiredService<IAccountStore>().DeleteAsync(accountId));
        Assert.Equal(0, (await store.QueryAsync(new HostQuery { IncludeRemoved = true })).Total);
    }
}
