namespace Portal.Cspm.Checks.IAM;

internal static class Roles
{
    public static bool IsCustom(ResourceConfig role) => role.Json.Str("properties.type").Is("CustomRole");

    public static IEnumerable<string> Actions(ResourceConfig role) =>
        role.Json.Arr("properties.permissions").SelectMany(p => p.Strs("actions"));

    public static IEnumerable<string> NotActions(ResourceConfig role) =>
        role.Json.Arr("properties.permissions").SelectMany(p => p.Strs("notActions"));
}
