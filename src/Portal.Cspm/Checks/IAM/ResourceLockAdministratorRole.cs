namespace Portal.Cspm.Checks.IAM;

public sealed class ResourceLockAdministratorRole : SubscriptionCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-iam-resource-lock-role", "No custom role for administering resource locks", Severity.Low, "IAM",
        ResourceTypes.RoleDefinition,
        "A custom role whose actions cover Microsoft.Authorization/locks/* (read, write, delete) should exist so lock administration is delegated without Owner/User Access Administrator.",
        "Without a dedicated role, only Owners can manage locks, so many people hold Owner, or locks are not used.",
        "Subscriptions > Access control (IAM) > + Add > Add custom role > Permissions: Microsoft.Authorization/locks/* > Assignable scope: the subscription > Create; assign it to the lock administrators.",
        "az role definition create --role-definition '{\"Name\":\"Resource Lock Administrator\",\"Actions\":[\"Microsoft.Authorization/locks/*\"],\"AssignableScopes\":[\"/subscriptions/<subscription-id>\"]}'",
        "2.24");

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        foreach (var role in resources.OfType(ResourceTypes.RoleDefinition))
        {
            if (!Roles.IsCustom(role)) continue;
            var acts = Roles.Actions(role).ToList();
            var all = acts.Any(a => a.Is("Microsoft.Authorization/locks/*"))
                      || new[] { "read", "write", "delete" }.All(v => acts.Any(a => a.Is("Microsoft.Authorization/locks/" + v)));
            var scoped = role.Json.Strs("properties.assignableScopes").Any(s => s == "/" || (ArmId.SubscriptionOf(s)?.Is(sub) ?? false));
            if (all && scoped) return Outcome.Pass($"custom role '{role.Json.Str("properties.roleName")}' grants Microsoft.Authorization/locks/*");
        }
        return Outcome.Fail("no custom role assignable in the subscription grants Microsoft.Authorization/locks/* (read, write, delete)");
    }
}
