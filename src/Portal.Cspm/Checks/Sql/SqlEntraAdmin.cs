using System.Net;

namespace Portal.Cspm.Checks.Sql;

public sealed class SqlEntraAdmin : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-entra-admin", "SQL server has no Microsoft Entra admin", Severity.High, "SQL",
        ResourceTypes.SqlServer,
        "The server must have a Microsoft Entra administrator: properties.administrators (administratorType ActiveDirectory) or a Microsoft.Sql/servers/administrators child.",
        "Without Entra authentication only SQL logins exist: no MFA, no central de-provisioning, shared passwords.",
        "SQL servers > select the server > Settings > Microsoft Entra ID > Set admin > choose a group > Save.",
        "az sql server ad-admin create -g <resource-group> -s <server> --display-name <group-name> --object-id <group-object-id>",
        "5.1.4");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlAdministrator };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var login = server.Json.Str("properties.administrators.login");
        if (!string.IsNullOrEmpty(login)) return Outcome.Pass($"properties.administrators.login = {login}");
        var child = resources.ChildrenOf(server.Id, ResourceTypes.SqlAdministrator)
            .FirstOrDefault(a => a.Json.Str("properties.administratorType").Is("ActiveDirectory") && !string.IsNullOrEmpty(a.Json.Str("properties.login")));
        return child is not null ? Outcome.Pass($"administrators/{child.Name}: properties.login = {child.Json.Str("properties.login")}")
            : Outcome.Fail("properties.administrators = (absent) and no ActiveDirectory administrator child");
    }
}
