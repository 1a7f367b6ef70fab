using System.Text.Json.Nodes;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public static partial class Examples
{
    public const string RoleId = "/subscriptions/subID/providers/Microsoft.Authorization/roleDefinitions/roleDefinitionId";

    /// <summary>GetRoleDefinitionByName.json as a custom role with the given actions, assignable at /subscriptions/subId.</summary>
    public static JsonNode CustomRole(params string[] actions) => Body("authorization/GetRoleDefinitionByName.json")
        .With("properties.type", "CustomRole").With("properties.roleName", "Custom ops")
        .With("properties.permissions", Parse($$$"""[{"actions":[{{{string.Join(",", actions.Select(a => "\"" + a + "\""))}}}],"notActions":[],"dataActions":[],"notDataActions":[]}]"""));

    private static IEnumerable<Example> Iam()
    {
        yield return Ex("azure-iam-custom-subscription-admin-role", RoleId,
            () => Set(CustomRole("Microsoft.Compute/virtualMachines/start/action", "Microsoft.Compute/virtualMachines/read")), () => Set(CustomRole("*")), "'*' = true");
        yield return Ex("azure-iam-custom-role-wildcard-actions", RoleId,
            () => Set(CustomRole("Microsoft.Compute/*/read")), () => Set(CustomRole("Microsoft.Authorization/*")), "Microsoft.Authorization/*");
        yield return Ex("azure-iam-resource-lock-role", "/subscriptions/subID",
            () => Set(CustomRole("Microsoft.Authorization/locks/*")), () => Set(CustomRole("Microsoft.Authorization/locks/read")));
        JsonNode Admin(string email) => Parse($$$"""
            {"id":"{{{SubScope}}}/providers/Microsoft.Authorization/classicAdministrators/admin1","name":"admin1","type":"Microsoft.Authorization/classicAdministrators",
             "properties":{"emailAddress":"{{{email}}}","role":"CoAdministrator"}}
            """);
        yield return Ex("azure-iam-guest-administrator", SubScope + "/providers/Microsoft.Authorization/classicAdministrators/admin1",
            () => Set(Admin("ops@contoso.com")), () => Set(Admin("jane_fabrikam.com#EXT#@contoso.onmicrosoft.com")), "#EXT#");
    }
}
