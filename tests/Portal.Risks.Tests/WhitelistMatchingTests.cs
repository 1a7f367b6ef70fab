using Portal.Cspm;
using Portal.Domain.Risks;

namespace Portal.Risks.Tests;

public sealed class WhitelistMatchingTests
{
    private const string Sub = "0b1f6471-1bf0-4dda-aec3-aaaabbbbcccc";
    private const string Other = "11111111-2222-3333-4444-555555555555";
    private const string Check = "azure-storage-secure-transfer";
    private static readonly DateTime Now = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
    private static readonly string Account = $"/subscriptions/{Sub}/resourceGroups/RG-Web/providers/Microsoft.Storage/storageAccounts/Web1";

    private static WhitelistEntry Entry(WhitelistScopeType type, string value, DateTime? expires = null, DateTime? removed = null, string check = Check)
    {
        var (scope, error) = WhitelistScope.Normalize(type, value);
        Assert.True(scope is not null, error);
        return new WhitelistEntry { Id = Guid.NewGuid(), CheckId = check, ScopeType = scope.Type, ScopeValue = scope.Value, Reason = "r", ExpiresOn = expires, RemovedAt = removed };
    }

    private static CheckResult Failed(string resourceId, string check = Check) => new(check, resourceId, CheckStatus.Failed, "x");

    private static CloudResource Resource(string id, params (string Key, string Value)[] tags) => new()
    {
        ResourceId = id.ToLowerInvariant(), Tags = tags.ToDictionary(t => t.Key, t => t.Value),
    };

    [Fact]
    public void Resource_scope_matches_that_resource_in_any_casing_and_nothing_else()
    {
        var e = Entry(WhitelistScopeType.Resource, Account.ToUpperInvariant().Replace("/SUBSCRIPTIONS/", "/subscriptions/"));
        Assert.Equal(Account.ToLowerInvariant(), e.ScopeValue);
        Assert.True(e.Covers(Failed(Account), null, Now));
        Assert.True(e.Covers(Failed(Account.ToLowerInvariant() + "/"), null, Now));
        Assert.False(e.Covers(Failed(Account + "2"), null, Now));
        Assert.False(e.Covers(Failed(Account + "/blobServices/default"), null, Now));
        Assert.False(e.Covers(Failed(Account, "azure-storage-min-tls"), null, Now));
    }

    [Fact]
    public void Resource_group_scope_matches_resources_inside_the_group_case_insensitively()
    {
        var e = Entry(WhitelistScopeType.ResourceGroup, $"/subscriptions/{Sub}/resourceGroups/rg-web/");
        Assert.Equal($"/subscriptions/{Sub}/resourcegroups/rg-web", e.ScopeValue);
        Assert.True(e.Covers(Failed(Account), null, Now));
        Assert.True(e.Covers(Failed(Account + "/blobServices/default"), null, Now));
        Assert.False(e.Covers(Failed(Account.Replace("RG-Web", "RG-Web2")), null, Now));
        Assert.False(e.Covers(Failed(Account.Replace(Sub, Other)), null, Now));
        Assert.False(e.Covers(Failed($"/subscriptions/{Sub}"), null, Now));
    }

    [Fact]
    public void Subscription_scope_matches_every_resource_and_the_subscription_itself()
    {
        foreach (var value in new[] { Sub.ToUpperInvariant(), $"/subscriptions/{Sub}", $"/Subscriptions/{Sub}/" })
        {
            var e = Entry(WhitelistScopeType.Subscription, value);
            Assert.Equal(Sub, e.ScopeValue);
            Assert.True(e.Covers(Failed(Account), null, Now));
            Assert.True(e.Covers(Failed($"/subscriptions/{Sub}"), null, Now));
            Assert.False(e.Covers(Failed(Account.Replace(Sub, Other)), null, Now));
        }
    }

    [Fact]
    public void Tag_scope_matches_resources_carrying_the_tag_key_in_any_casing_value_exactly()
    {
        var e = Entry(WhitelistScopeType.Tag, " Env = prod ");
        Assert.Equal("Env=prod", e.ScopeValue);
        Assert.True(e.Covers(Failed(Account), Resource(Account, ("env", "prod")), Now));
        Assert.True(e.Covers(Failed(Account), Resource(Account, ("owner", "x"), ("ENV", "prod")), Now));
        Assert.False(e.Covers(Failed(Account), Resource(Account, ("env", "Prod")), Now));
        Assert.False(e.Covers(Failed(Account), Resource(Account, ("env", "production")), Now));
        Assert.False(e.Covers(Failed(Account), Resource(Account, ("environment", "prod")), Now));
        Assert.False(e.Covers(Failed(Account), Resource(Account), Now));
        // Without the resource (e.g. a subscription-level result) a tag scope cannot match.
        Assert.False(e.Covers(Failed(Account), null, Now));
        // An empty value is a value: "key=" matches only an empty tag.
        var empty = Entry(WhitelistScopeType.Tag, "temp=");
        Assert.True(empty.Covers(Failed(Account), Resource(Account, ("temp", "")), Now));
        Assert.False(empty.Covers(Failed(Account), Resource(Account, ("temp", "1")), Now));
    }

    [Fact]
    public void Expired_or_removed_entries_match_nothing()
    {
        var expiring = Entry(WhitelistScopeType.Resource, Account, expires: Now.AddMinutes(1));
        Assert.True(expiring.Covers(Failed(Account), null, Now));
        Assert.Equal(WhitelistEntryState.Active, expiring.State(Now));
        Assert.False(expiring.Covers(Failed(Account), null, Now.AddMinutes(1)));
        Assert.Equal(WhitelistEntryState.Expired, expiring.State(Now.AddMinutes(1)));
        var removed = Entry(WhitelistScopeType.Subscription, Sub, removed: Now.AddDays(-1));
        Assert.False(removed.Covers(Failed(Account), null, Now));
        Assert.Equal(WhitelistEntryState.Removed, removed.State(Now));
        Assert.True(Entry(WhitelistScopeType.Subscription, Sub).Covers(Failed(Account), null, Now.AddYears(50)));
    }

    [Theory]
    [InlineData(WhitelistScopeType.Resource, "")]
    [InlineData(WhitelistScopeType.Resource, "storageAccounts/web1")]
    [InlineData(WhitelistScopeType.Resource, "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a")]
    [InlineData(WhitelistScopeType.Resource, "/subscriptions/0b1f6471-1bf0-4dda-aec3-aaaabbbbcccc/resourceGroups/rg")]
    [InlineData(WhitelistScopeType.ResourceGroup, "rg-web")]
    [InlineData(WhitelistScopeType.ResourceGroup, "/subscriptions/0b1f6471-1bf0-4dda-aec3-aaaabbbbcccc/resourceGroups/rg/providers/x")]
    [InlineData(WhitelistScopeType.ResourceGroup, "/subscriptions/0b1f6471-1bf0-4dda-aec3-aaaabbbbcccc")]
    [InlineData(WhitelistScopeType.Subscription, "prod")]
    [InlineData(WhitelistScopeType.Subscription, "/subscriptions/0b1f6471-1bf0-4dda-aec3-aaaabbbbcccc/resourceGroups/rg")]
    [InlineData(WhitelistScopeType.Tag, "env")]
    [InlineData(WhitelistScopeType.Tag, "=prod")]
    [InlineData(WhitelistScopeType.Tag, "a/b=c")]
    [InlineData((WhitelistScopeType)42, "x")]
    public void Malformed_scopes_are_rejected_with_a_reason(WhitelistScopeType type, string value)
    {
        var (scope, error) = WhitelistScope.Normalize(type, value);
        Assert.Null(scope);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void A_subscription_level_resource_id_is_a_valid_resource_scope()
    {
        var e = Entry(WhitelistScopeType.Resource, $"/subscriptions/{Sub}", check: "azure-defender-cspm");
        Assert.True(e.Covers(Failed($"/subscriptions/{Sub}", "azure-defender-cspm"), null, Now));
        Assert.False(e.Covers(Failed(Account, "azure-defender-cspm"), null, Now));
    }
}
