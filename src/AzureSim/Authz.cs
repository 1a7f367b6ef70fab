using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzureSim;

/// <summary>Microsoft.Authorization: permissions, role assignments, role definitions.</summary>
internal static class Authz
{
    public static ArmResult Handle(ArmServer s, ArmCall c, RPath rp)
    {
        var kind = rp.Types.FirstOrDefault()?.ToLowerInvariant();
        var scope = rp.Scope;
        var scopeForCheck = scope == "" ? "/" : scope;
        if (rp.SubscriptionId is { } sub && rp.ResourceGroup is { } rg && scope.Split('/').Length == 5 && s.State.GetResourceGroup(sub, rg) == null && kind != null)
            return ArmErrors.ResourceGroupNotFound(rg);
        switch (kind)
        {
            case "permissions" when rp.Names.Count == 0 && c.IsGet:
                return Permissions(s, c, scopeForCheck);
            case "roleassignments" when rp.Names.Count == 0 && c.IsGet:
            {
                var denied = s.Authorize(c, "Microsoft.Authorization/roleAssignments/read", scopeForCheck);
                if (denied != null) return denied;
                return s.Page(c, ListAssignments(s, c, scopeForCheck));
            }
            case "roleassignments" when rp.Names.Count == 1:
                return Assignment(s, c, rp, scopeForCheck);
            case "roledefinitions" when rp.Names.Count == 0 && c.IsGet:
                return s.Page(c, ListDefinitions(s, c, scope));
            case "roledefinitions" when rp.Names.Count == 1 && c.IsGet:
            {
                var d = s.State.FindRole(rp.Names[0]);
                if (d == null || !string.Equals(d.Id, rp.Names[0], StringComparison.OrdinalIgnoreCase))
                    return ArmResult.Error(404, "RoleDefinitionDoesNotExist", "The specified role definition with ID '" + rp.Names[0] + "' does not exist.");
                return ArmResult.Ok(DefinitionJson(d, scope));
            }
            case "locks":
                return s.RouteGeneric(c, rp);
            case "classicadministrators" when rp.Names.Count == 0 && c.IsGet:
            {
                var denied = s.Authorize(c, "Microsoft.Authorization/classicAdministrators/read", scopeForCheck);
                if (denied != null) return denied;
                return s.Page(c, []); // subscriptions created after 2024 have no classic administrators
            }
            default:
                return ArmResult.Error(400, "InvalidResourceType", $"The resource type '{string.Join('/', rp.Types)}' could not be found in the namespace 'Microsoft.Authorization' for api version '{c.ApiVersion}'.");
        }
    }

    private static ArmResult Permissions(ArmServer s, ArmCall c, string scope)
    {
        var list = s.State.AssignmentsFor(c.Caller.ObjectId)
            .Where(x => Rbac.IsAtOrBelow(scope, x.A.Scope))
            .Select(x => (JsonNode)J.O(
                ("actions", J.Strs(x.R.Actions)),
                ("notActions", J.Strs(x.R.NotActions)),
                ("dataActions", J.Strs(x.R.DataActions)),
                ("notDataActions", J.Strs(x.R.NotDataActions))))
            .ToList();
        return s.Page(c, list, 1000);
    }

    public static JsonObject AssignmentJson(SimState st, SimRoleAssignment a)
    {
        var sub = ArmPaths.SubAndRg(a.Scope).Sub;
        var defPrefix = sub != null ? $"/subscriptions/{sub}" : "";
        return J.O(
            ("properties", J.O(
                ("roleDefinitionId", $"{defPrefix}/providers/Microsoft.Authorization/roleDefinitions/{a.RoleDefinitionId}"),
                ("principalId", a.PrincipalId),
                ("principalType", st.FindClientByObjectId(a.PrincipalId) != null ? "ServicePrincipal" : "User"),
                ("scope", a.Scope),
                ("condition", null),
                ("conditionVersion", null),
                ("createdOn", J.Iso(a.CreatedOn)),
                ("updatedOn", J.Iso(a.CreatedOn)),
                ("createdBy", null),
                ("updatedBy", null),
                ("delegatedManagedIdentityResourceId", null),
                ("description", null))),
            ("id", $"{(a.Scope == "/" ? "" : a.Scope)}/providers/Microsoft.Authorization/roleAssignments/{a.Id}"),
            ("type", "Microsoft.Authorization/roleAssignments"),
            ("name", a.Id));
    }

    private static List<JsonNode> ListAssignments(ArmServer s, ArmCall c, string scope)
    {
        var filter = c.Q("$filter");
        var atScope = filter.Contains("atScope()", StringComparison.OrdinalIgnoreCase);
        var pm = Regex.Match(filter, @"(?:principalId\s+eq\s+'([^']+)'|assignedTo\('([^']+)'\))", RegexOptions.IgnoreCase);
        var principal = pm.Success ? (pm.Groups[1].Success ? pm.Groups[1].Value : pm.Groups[2].Value) : null;
        return s.State.RoleAssignments
            .Where(a => Rbac.IsAtOrBelow(scope, a.Scope) || (!atScope && Rbac.IsAtOrBelow(a.Scope, scope)))
            .Where(a => principal == null || a.PrincipalId.Equals(principal, StringComparison.OrdinalIgnoreCase))
            .OrderBy(a => a.Scope.Length).ThenBy(a => a.Id)
            .Select(a => (JsonNode)AssignmentJson(s.State, a)).ToList();
    }

    private static ArmResult Assignment(ArmServer s, ArmCall c, RPath rp, string scope)
    {
        var name = rp.Names[0];
        var existing = s.State.RoleAssignments.FirstOrDefault(a => a.Id.Equals(name, StringComparison.OrdinalIgnoreCase) && a.Scope.Equals(scope, StringComparison.OrdinalIgnoreCase));
        var action = s.ActionFor("Microsoft.Authorization/roleAssignments", c.Method);
        var denied = s.Authorize(c, action, scope);
        if (denied != null) return denied;
        switch (c.Method)
        {
            case "GET":
                return existing == null
                    ? ArmResult.Error(404, "RoleAssignmentNotFound", $"The role assignment '{name}' is not found.")
                    : ArmResult.Ok(AssignmentJson(s.State, existing));
            case "PUT":
            {
                var defId = (c.Body.Str("properties", "roleDefinitionId") ?? "").Split('/')[^1];
                var principal = c.Body.Str("properties", "principalId") ?? "";
                var role = s.State.FindRole(defId);
                if (role == null || !role.Id.Equals(defId, StringComparison.OrdinalIgnoreCase))
                    return ArmResult.Error(400, "RoleDefinitionDoesNotExist", $"The specified role definition with ID '{defId}' does not exist.");
                if (s.State.FindClientByObjectId(principal) == null)
                    return ArmResult.Error(400, "PrincipalNotFound", $"Principal {principal.Replace("-", "")} does not exist in the directory {c.Tid}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype");
                if (existing != null) return ArmResult.Error(409, "RoleAssignmentExists", "The role assignment already exists.");
                var a = new SimRoleAssignment { Id = name, PrincipalId = principal, RoleDefinitionId = role.Id, Scope = scope, CreatedOn = DateTimeOffset.UtcNow };
                s.State.AddAssignment(a);
                return ArmResult.Ok(AssignmentJson(s.State, a), 201);
            }
            case "DELETE":
            {
                if (existing == null) return ArmResult.Empty(204);
                lock (s.State.Gate) { }
                var body = AssignmentJson(s.State, existing);
                s.State.RemoveAssignmentById(existing.Id);
                return ArmResult.Ok(body);
            }
        }
        return ArmResult.Error(405, "MethodNotAllowed", $"The requested resource does not support http method '{c.Method}'.");
    }

    public static JsonObject DefinitionJson(SimRoleDefinition d, string scope)
    {
        var sub = ArmPaths.SubAndRg(scope).Sub;
        var prefix = sub != null ? $"/subscriptions/{sub}" : "";
        return J.O(
            ("properties", J.O(
                ("roleName", d.RoleName),
                ("type", d.Type),
                ("description", d.Description),
                ("assignableScopes", J.Strs(d.AssignableScopes)),
                ("permissions", J.A([J.O(
                    ("actions", J.Strs(d.Actions)),
                    ("notActions", J.Strs(d.NotActions)),
                    ("dataActions", J.Strs(d.DataActions)),
                    ("notDataActions", J.Strs(d.NotDataActions)))])),
                ("createdOn", "2015-02-02T21:55:09.8806423Z"),
                ("updatedOn", "2024-01-15T16:12:31.3042813Z"),
                ("createdBy", null),
                ("updatedBy", null))),
            ("id", $"{prefix}/providers/Microsoft.Authorization/roleDefinitions/{d.Id}"),
            ("type", "Microsoft.Authorization/roleDefinitions"),
            ("name", d.Id));
    }

    private static List<JsonNode> ListDefinitions(ArmServer s, ArmCall c, string scope)
    {
        var filter = c.Q("$filter");
        var rn = Regex.Match(filter, @"roleName\s+eq\s+'([^']+)'", RegexOptions.IgnoreCase);
        var ty = Regex.Match(filter, @"type\s+eq\s+'([^']+)'", RegexOptions.IgnoreCase);
        return s.State.RoleDefinitions
            .Where(d => !rn.Success || d.RoleName.Equals(rn.Groups[1].Value, StringComparison.OrdinalIgnoreCase))
            .Where(d => !ty.Success || d.Type.Equals(ty.Groups[1].Value, StringComparison.OrdinalIgnoreCase))
            .Where(d => d.Type == "BuiltInRole" || scope == "" || d.AssignableScopes.Any(a => Rbac.IsAtOrBelow(scope, a) || Rbac.IsAtOrBelow(a, scope)))
            .Select(d => (JsonNode)DefinitionJson(d, scope)).ToList();
    }
}
