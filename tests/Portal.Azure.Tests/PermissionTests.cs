using System.Text.Json;
using Portal.Domain.Cloud;

namespace Portal.Azure.Tests;

public class PermissionTests
{
    [Theory]
    [InlineData("*", "Microsoft.Compute/virtualMachines/start/action", true)]
    [InlineData("*/read", "Microsoft.Compute/virtualMachines/read", true)]
    [InlineData("*/read", "Microsoft.Compute/virtualMachines/write", false)]
    [InlineData("*/read", "Microsoft.Compute/virtualMachines/readSomething", false)]
    [InlineData("Microsoft.Compute/*", "Microsoft.Compute/snapshots/beginGetAccess/action", true)]
    [InlineData("Microsoft.Compute/*", "Microsoft.Network/networkInterfaces/read", false)]
    [InlineData("Microsoft.Compute/virtualMachines/*", "microsoft.compute/VIRTUALMACHINES/powerOff/action", true)]
    [InlineData("Microsoft.Authorization/*/read", "Microsoft.Authorization/roleAssignments/read", true)]
    [InlineData("Microsoft.Authorization/*/read", "Microsoft.Authorization/roleAssignments/write", false)]
    [InlineData("Microsoft.Network/networkSecurityGroups/read", "Microsoft.Network/networkSecurityGroups/read", true)]
    [InlineData("Microsoft.Network/networkSecurityGroups/read", "Microsoft.Network/networkSecurityGroups/write", false)]
    public void Wildcards_match_as_Azure_does(string pattern, string action, bool expected) =>
        Assert.Equal(expected, AzureActionPattern.Matches(pattern, action));

    [Fact]
    public void NotActions_subtract_within_their_entry_only()
    {
        var contributorLike = new PermissionEntry(["*"], ["Microsoft.Authorization/*/Write", "Microsoft.Compute/virtualMachines/restart/action"]);
        var set = new PermissionSet([contributorLike]);
        Assert.True(set.IsAllowed("Microsoft.Compute/virtualMachines/start/action"));
        Assert.False(set.IsAllowed("Microsoft.Compute/virtualMachines/restart/action"));
        Assert.False(set.IsAllowed("Microsoft.Authorization/roleAssignments/write"));

        // a second assignment that grants the action back wins (Azure unions the assignments)
        var withVmContributor = new PermissionSet([contributorLike, new PermissionEntry(["Microsoft.Compute/virtualMachines/*"], [])]);
        Assert.True(withVmContributor.IsAllowed("Microsoft.Compute/virtualMachines/restart/action"));
        Assert.False(withVmContributor.IsAllowed("Microsoft.Authorization/roleAssignments/write"));
    }

    [Fact]
    public void Reader_is_ready_for_hosts_and_cspm_only()
    {
        var reader = PermissionSet.Of(["*/read"]);
        var r = FeatureRequirements.Evaluate(reader).ToDictionary(x => x.Feature);
        Assert.True(r[CloudFeature.Hosts].Ready);
        Assert.True(r[CloudFeature.Cspm].Ready);
        Assert.False(r[CloudFeature.Response].Ready);
        Assert.False(r[CloudFeature.Agentless].Ready);
        Assert.Equal(
            [
                "Microsoft.Compute/disks/beginGetAccess/action",
                "Microsoft.Compute/snapshots/write",
                "Microsoft.Compute/snapshots/delete",
                "Microsoft.Compute/snapshots/beginGetAccess/action",
                "Microsoft.Compute/snapshots/endGetAccess/action",
            ],
            r[CloudFeature.Agentless].MissingActions);
    }

    [Fact]
    public void Nothing_granted_means_every_action_missing()
    {
        foreach (var req in FeatureRequirements.All)
        {
            var r = FeatureRequirements.Evaluate(req.Feature, PermissionSet.Empty);
            Assert.False(r.Ready);
            Assert.Equal(req.Actions, r.MissingActions);
        }
    }

    [Fact]
    public void Builtin_roles_named_for_a_feature_make_it_ready()
    {
        // action lists of the built-in roles, as Azure publishes them (the parts that matter here)
        var vmContributor = new PermissionEntry(["Microsoft.Compute/virtualMachines/*", "Microsoft.Network/networkInterfaces/*", "Microsoft.Network/networkSecurityGroups/join/action", "Microsoft.Network/networkSecurityGroups/read", "Microsoft.Network/publicIPAddresses/join/action", "Microsoft.Network/virtualNetworks/subnets/join/action"], []);
        var networkContributor = new PermissionEntry(["Microsoft.Network/*"], []);
        var snapshotContributor = new PermissionEntry(["Microsoft.Compute/snapshots/delete", "Microsoft.Compute/snapshots/write", "Microsoft.Compute/snapshots/read", "Microsoft.Compute/snapshots/beginGetAccess/action", "Microsoft.Compute/snapshots/endGetAccess/action", "Microsoft.Compute/disks/beginGetAccess/action"], []);
        var reader = new PermissionEntry(["*/read"], []);
        var set = new PermissionSet([reader, vmContributor, networkContributor, snapshotContributor]);
        Assert.All(FeatureRequirements.Evaluate(set), r => Assert.True(r.Ready, $"{r.Feature}: {string.Join(", ", r.MissingActions)}"));
        // without Network Contributor, NSG writes are missing
        var noNet = new PermissionSet([reader, vmContributor]);
        var resp = FeatureRequirements.Evaluate(CloudFeature.Response, noNet);
        Assert.Equal(
            [
                "Microsoft.Network/networkSecurityGroups/write",
                "Microsoft.Network/networkSecurityGroups/delete",
                "Microsoft.Network/networkSecurityGroups/securityRules/write",
                "Microsoft.Network/networkSecurityGroups/securityRules/delete",
            ],
            resp.MissingActions);
    }

    [Fact]
    public void Least_privilege_role_json_parses_and_lists_exactly_the_missing_actions()
    {
        var reader = PermissionSet.Of(["*/read"]);
        var readiness = FeatureRequirements.Evaluate(reader, [CloudFeature.Hosts, CloudFeature.Response, CloudFeature.Agentless]);
        var json = FeatureRequirements.LeastPrivilegeRoleJson(readiness, "4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("IsCustom").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("Name").GetString()));
        Assert.Contains("Automated response", root.GetProperty("Description").GetString());
        Assert.DoesNotContain("Host inventory", root.GetProperty("Description").GetString());
        var actions = root.GetProperty("Actions").EnumerateArray().Select(a => a.GetString()!).ToList();
        var expected = readiness.SelectMany(r => r.MissingActions).Distinct().ToList();
        Assert.Equal(expected, actions);
        Assert.DoesNotContain(actions, a => a.EndsWith("/read"));
        Assert.Equal(0, root.GetProperty("NotActions").GetArrayLength());
        Assert.Equal(["/subscriptions/4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b"], root.GetProperty("AssignableScopes").EnumerateArray().Select(a => a.GetString()));

        // granting the generated role makes every chosen feature ready
        var after = new PermissionSet([.. reader.Entries, new PermissionEntry(actions, [])]);
        Assert.All(FeatureRequirements.Evaluate(after, [CloudFeature.Hosts, CloudFeature.Response, CloudFeature.Agentless]), r => Assert.True(r.Ready));
    }

    [Fact]
    public void Full_role_for_features_covers_them_from_nothing()
    {
        var json = FeatureRequirements.RoleJsonFor([CloudFeature.Hosts, CloudFeature.Response], "sub");
        using var doc = JsonDocument.Parse(json);
        var actions = doc.RootElement.GetProperty("Actions").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.Equal(actions.Count, actions.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var set = PermissionSet.Of(actions);
        Assert.True(FeatureRequirements.Evaluate(CloudFeature.Hosts, set).Ready);
        Assert.True(FeatureRequirements.Evaluate(CloudFeature.Response, set).Ready);
        Assert.False(FeatureRequirements.Evaluate(CloudFeature.Agentless, set).Ready);
    }

    [Fact]
    public void Error_catalog_has_meaning_and_fix_for_each_onboarding_code()
    {
        foreach (var code in new[] { "AADSTS7000215", "AADSTS700016", "AADSTS90002", "AADSTS7000222", "AuthorizationFailed", "SubscriptionNotFound", "NetworkFailure", "Throttled" })
        {
            var e = CloudError.From(code, "msg");
            Assert.Equal(code, e.Code);
            Assert.False(string.IsNullOrWhiteSpace(e.Meaning));
            Assert.False(string.IsNullOrWhiteSpace(e.Fix));
            Assert.NotEqual(CloudErrorCatalog.Find(CloudErrorCodes.Unexpected)!.Meaning, e.Meaning);
        }
        Assert.Contains("Secret ID", CloudError.From("AADSTS7000215", "").Meaning);
        Assert.True(CloudError.From("Throttled", "").IsTransient);
        Assert.True(CloudError.From("AADSTS7000222", "").IsCredentialProblem);
        Assert.False(CloudError.From("AuthorizationFailed", "").IsTransient);
        var unknown = CloudError.From("AADSTS53003", "blocked by conditional access");
        Assert.Equal("AADSTS53003", unknown.Code);
        Assert.True(unknown.IsCredentialProblem);
    }
}
