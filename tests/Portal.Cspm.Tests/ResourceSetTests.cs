using System.Text.Json;
using Portal.Cspm;
using Xunit;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public class ResourceSetTests
{
    [Theory]
    [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Sql/servers/srv/firewallRules/r1", "Microsoft.Sql/servers/firewallRules", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Sql/servers/srv")]
    [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Sql/servers/srv/databases/db/transparentDataEncryption/current", "Microsoft.Sql/servers/databases/transparentDataEncryption", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Sql/servers/srv/databases/db")]
    [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v/providers/microsoft.insights/diagnosticSettings/d", "microsoft.insights/diagnosticSettings", "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v")]
    [InlineData("/subscriptions/s1/providers/Microsoft.Security/pricings/VirtualMachines", "Microsoft.Security/pricings", "/subscriptions/s1")]
    [InlineData("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a", "Microsoft.Storage/storageAccounts", "/subscriptions/s1/resourceGroups/rg")]
    [InlineData("/subscriptions/s1", "Microsoft.Resources/subscriptions", null)]
    public void ArmId_parses_type_and_parent(string id, string type, string? parent)
    {
        Assert.Equal(type, ArmId.TypeOf(id));
        Assert.Equal(parent, ArmId.ParentOf(id));
        Assert.Equal("s1", ArmId.SubscriptionOf(id));
    }

    [Fact]
    public void FromArmJson_takes_subscription_group_tags_and_location_from_the_payload()
    {
        var r = Res(Examples.Storage0());
        Assert.Equal(Sub, r.SubscriptionId);
        Assert.Equal("res9407", r.ResourceGroup);
        Assert.Equal("Microsoft.Storage/storageAccounts", r.Type);
        Assert.Equal("sto8596", r.Name);
        Assert.Equal("eastus2(stage)", r.Location);
        Assert.Equal("value1", r.Tags["KEY1"]);
        Assert.Equal("TLS1_0", r.Json.Str("properties.minimumTlsVersion") ?? "TLS1_0");
    }

    [Fact]
    public void FromArmJson_derives_a_missing_type_from_the_id()
    {
        // NetworkSecurityGroupRuleGet.json has no "type".
        var rule = Res(Body("network/NetworkSecurityGroupRuleGet.json"));
        Assert.Equal("Microsoft.Network/networkSecurityGroups/securityRules", rule.Type);
        Assert.Equal("subid", rule.SubscriptionId);
    }

    [Fact]
    public void FromArmJson_makes_singleton_children_returned_with_the_parent_id_unique()
    {
        // TransparentDataEncryptionGet.json returns the database id for the "current" TDE child.
        var tde = Res(Body("sql/TransparentDataEncryptionGet.json"));
        Assert.EndsWith("/databases/testdb/transparentDataEncryption/current", tde.Id);
        var db = Res(Parse("""{"id":"/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/security-tde-resourcegroup/providers/Microsoft.Sql/servers/securitytde/databases/testdb","name":"testdb","type":"Microsoft.Sql/servers/databases"}"""));
        var set = new ResourceSet(new[] { db, tde });
        Assert.Equal(2, set.Count);
        Assert.Single(set.ChildrenOf(db.Id.ToUpperInvariant(), "microsoft.sql/servers/databases/transparentdataencryption"));
    }

    [Fact]
    public void Lookups_are_case_insensitive_and_indexed_by_type_id_and_parent()
    {
        var set = Set(Examples.FirewallRules().Append(Examples.SqlServer()));
        Assert.Single(set.OfType("MICROSOFT.SQL/SERVERS"));
        Assert.Equal(4, set.OfType("microsoft.sql/servers/firewallrules").Count());
        Assert.NotNull(set.Get(Examples.SqlServerId.ToLowerInvariant()));
        Assert.Equal(4, set.ChildrenOf(Examples.SqlServerId, "Microsoft.Sql/servers/firewallRules").Count());
        Assert.Empty(set.ChildrenOf(Examples.SqlServerId, "Microsoft.Sql/servers/databases"));
        Assert.Empty(set.OfType("Microsoft.Nothing/here"));
        Assert.Null(set.Get("/subscriptions/x/resourceGroups/y/providers/A.B/c/d"));
        Assert.Equal(new[] { Examples.SqlSub }, set.SubscriptionIds);
    }

    [Fact]
    public void Duplicate_ids_keep_the_last_copy()
    {
        var a = Examples.Storage0().With("properties.minimumTlsVersion", "TLS1_0");
        var b = Examples.Storage0().With("properties.minimumTlsVersion", "TLS1_2");
        var set = Set(a, b);
        Assert.Single(set.OfType("Microsoft.Storage/storageAccounts"));
        Assert.Equal("TLS1_2", set.Get(Examples.StorageId)!.Json.Str("properties.minimumTlsVersion"));
    }

    [Fact]
    public void FromArmJson_rejects_objects_without_an_id()
    {
        Assert.Throws<ArgumentException>(() => ResourceSet.FromArmJson(JsonDocument.Parse("""{"name":"x"}""").RootElement));
        Assert.Throws<ArgumentException>(() => ResourceSet.FromArmJson(JsonDocument.Parse("[]").RootElement));
    }

    [Fact]
    public void Json_survives_the_document_it_was_parsed_from()
    {
        ResourceConfig r;
        using (var doc = JsonDocument.Parse(Examples.Storage0().ToJsonString())) r = ResourceSet.FromArmJson(doc.RootElement);
        Assert.Equal("Standard_GRS", r.Json.Str("sku.name"));
    }

    [Fact]
    public void Default_interface_subscription_ids_come_from_synced_subscription_objects()
    {
        IResourceSet custom = new MinimalSet(Set(Examples.Subscription(), Examples.Storage0()));
        Assert.Equal(new[] { Sub }, custom.SubscriptionIds.ToArray());
    }

    private sealed class MinimalSet(ResourceSet inner) : IResourceSet
    {
        public IEnumerable<ResourceConfig> OfType(string type) => inner.OfType(type);
        public ResourceConfig? Get(string id) => inner.Get(id);
        public IEnumerable<ResourceConfig> ChildrenOf(string parentId, string childType) => inner.ChildrenOf(parentId, childType);
    }
}
