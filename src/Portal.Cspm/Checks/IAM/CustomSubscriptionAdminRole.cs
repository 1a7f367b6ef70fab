namespace Portal.Cspm.Checks.IAM;

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
