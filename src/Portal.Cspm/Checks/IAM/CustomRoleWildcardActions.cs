namespace Portal.Cspm.Checks.IAM;

public sealed class CustomRoleWildcardActions : ResourceCheck
{
    private static readonly string[] Dangerous = { "*", "*/write", "Microsoft.Authorization/*", "Microsoft.Authorization/*/write", "Microsoft.Authorization/roleAssignments/*", "Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleDefinitions/*", "Microsoft.Authorization/roleDefinitions/write" };

    public override CheckMetadata Metadata { get; } = Meta("azure-iam-custom-role-wildcard-actions", "Custom role has wildcard or privilege-escalation actions", Severity.High, "IAM",
        ResourceTypes.RoleDefinition,
        "Custom roles must not grant '*', '*/write', 'Microsoft.Authorization/*' or role assignment/definition write (unless excluded by notActions), at any scope.",
        "Whoever holds the role can grant themselves any other role (privilege escalation) or change everything in scope.",
        "Subscriptions > Access control (IAM) > Roles > filter Type = CustomRole > open the role > Permissions: replace wildcard actions with the specific actions needed > Save.",
        "az role definition update --role-definition <role.json without wildcard actions>",
        "2.23");

    protected override Outcome? Evaluate(ResourceConfig role, IResourceSet resources)
    {
        if (!Roles.IsCustom(role)) return null;
        var not = Roles.NotActions(role).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var bad = Roles.Actions(role).Where(a => Dangerous.Contains(a, StringComparer.OrdinalIgnoreCase) && !not.Contains(a)).ToList();
        return bad.Count > 0 ? Outcome.Fail($"role '{role.Json.Str("properties.roleName")}': permissions.actions include {string.Join(", ", bad)}")
            : Outcome.Pass($"role '{role.Json.Str("properties.roleName")}': no wildcard or role-assignment actions");
    }
}
