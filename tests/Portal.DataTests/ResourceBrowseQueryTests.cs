using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Cspm;
using Portal.Data;
using Portal.Domain.Risks;
using static Portal.DataTests.RiskStoreTests;

namespace Portal.DataTests;

/// <summary>The queries behind the Cloud resources page: counts per type for its filter, and one resource's scan results.</summary>
public sealed class ResourceBrowseQueryTests
{
    public static TheoryData<DatabaseProvider> Providers => SchemaTests.Providers;

    private static JsonElement Vault(string name) => JsonDocument.Parse(JsonSerializer.Serialize(new
    {
        id = $"/subscriptions/{Sub}/resourceGroups/RG-Sec/providers/Microsoft.KeyVault/vaults/{name}",
        name, type = "Microsoft.KeyVault/vaults", location = "westeurope", tags = new Dictionary<string, string>(),
        properties = new { enableSoftDelete = true },
    })).RootElement;

    [Theory, MemberData(nameof(Providers))]
    public async Task Counts_by_type_follow_removal_and_results_of_one_resource_are_its_own(DatabaseProvider provider)
    {
        var (db, services, accountId, clock) = await SetUpAsync(provider);
        await using var _db = db;
        await using var _s = services;
        var store = services.GetRequiredService<IResourceStore>();

        await store.ApplySyncAsync(accountId, Sub, [Storage("alpha", https: false), Storage("beta"), Vault("kv1")], T1);
        await store.ApplySyncAsync(accountId, Sub, [Storage("alpha", https: false), Vault("kv1")], T1.AddHours(1));   // beta removed

        var current = await store.CountByTypeAsync(accountId);
        Assert.Equal([("KeyVault", "Microsoft.KeyVault/vaults", 1), ("Storage", "Microsoft.Storage/storageAccounts", 1)],
            current.Select(c => (c.Service, c.Type, c.Count)));
        Assert.Equal(2, (await store.CountByTypeAsync(accountId, includeRemoved: true)).Single(c => c.Service == "Storage").Count);
        Assert.Empty(await store.CountByTypeAsync(Guid.NewGuid()));

        clock.Now = T1.AddHours(1);
        await services.GetRequiredService<RiskService>().ScanAsync(accountId);
        var alpha = (await store.QueryAsync(new ResourceQuery { Search = "alpha" })).Items.Single();
        var results = await store.ResultsOfAsync(accountId, alpha.ResourceId.ToUpperInvariant());
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Equal(alpha.ResourceId, r.ResourceId));
        Assert.Equal(CheckStatus.Failed, results[0].Status);   // failed first
        Assert.Contains(results, r => r.CheckId == "azure-storage-secure-transfer" && r.Status == CheckStatus.Failed);
        Assert.Contains(results, r => r.Status == CheckStatus.Passed);
        Assert.Empty(await store.ResultsOfAsync(Guid.NewGuid(), alpha.ResourceId));
    }
}
