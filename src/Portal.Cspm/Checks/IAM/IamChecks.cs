namespace Portal.Cspm.Checks.IAM;

internal static class Roles
{
    public static bool IsCustom(ResourceConfig role) => role.Json.Str("properties.type").Is("CustomRole");

    public static IEnumerable<string> Actions(ResourceConfig role) =>
        role.Json.Arr("properties.permissions").SelectMany(p => p.Strs("actions"));

    public static IEnumerable<string> NotActions(ResourceConfig role) =>
        role.Json.Arr("properties.permissions").SelectMany(p => p.Strs("notActions"));
}

public sealed class CustomSubscriptionAdminRole : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-iam-custom-subscription-admin-role", "Custom role grants all actions ('*') at subscription scope", Severity.High, "IAM",
        ResourceTypes.RoleDefinition,
        "No custom role (properties.type CustomRole) may have '*' in permissions.actions while assignable at a subscription or the root ('/') scope.",
        "A custom owner-equivalent role escapes the review that built-in Owner assignments get and is often forgotten after a project.",
        "Subscriptions > select the subscription > Access control (IAM) > Roles > filter Type = CustomRole > open the role > remove '*' from Actions (grant only needed actions) or delete the role.",
        "az role definition update --role-definition <role.json with explicit actions>   # or: az role definition delete --name \"<role name>\"",
        "2.23");

    protected override Outcome? Evaluate(ResourceConfig role, IResourceSet resources)
    {
        if (!Roles.IsCustom(role)) return null;
        var scopes = role.Json.Strs("properties.assignableScopes").ToList();
        var subScope = scopes.Any(s => s == "/" || ArmId.TypeOf(s) == ResourceTypes.Subscription);
        var star = Roles.Actions(role).Any(a => a == "*");
        return Outcome.When(!(star && subScope), $"role '{role.Json.Str("properties.roleName")}': actions include '*' = {star.ToString().ToLowerInvariant()}, assignableScopes = [{string.Join(", ", scopes)}]");
    }
}

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

public sealed class GuestClassicAdministrator : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-iam-guest-administrator", "Guest account is a classic subscription administrator", Severity.High, "IAM",
        ResourceTypes.ClassicAdministrator,
        "Classic administrators (Microsoft.Authorization/classicAdministrators: Service Administrator / Co-Administrator, which have Owner rights) must not be guest (external, '#EXT#') accounts. Guest status is only visible here: ARM role assignments carry object ids, not user types.",
        "External accounts are governed by another organisation's identity lifecycle; with Owner-equivalent rights they are a back door into the subscription.",
        "Subscriptions > select the subscription > Access control (IAM) > Classic administrators > remove the guest co-administrator (and move remaining classic admins to Azure RBAC).",
        "az role assignment list --include-classic-administrators --query \"[?principalName contains '#EXT#']\"; remove with the portal (Classic administrators blade)");

    protected override Outcome? Evaluate(ResourceConfig admin, IResourceSet resources)
    {
        var email = admin.Json.Str("properties.emailAddress") ?? "";
        var guest = email.Contains("#EXT#", StringComparison.OrdinalIgnoreCase);
        return Outcome.When(!guest, $"properties.emailAddress = {email}, role = {admin.Json.Str("properties.role") ?? "(absent)"}");
    }
}
