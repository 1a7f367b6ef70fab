using Portal.Domain.Security;

namespace Portal.Web.Security;

/// <summary>Authorization policies by minimum role: Admin satisfies Analyst, Analyst satisfies Viewer.</summary>
public static class PortalPolicies
{
    public const string Viewer = "AtLeastViewer";
    public const string Analyst = "AtLeastAnalyst";
    public const string Admin = "AtLeastAdmin";

    public static void AddPortalPolicies(this Microsoft.AspNetCore.Authorization.AuthorizationBuilder builder)
    {
        builder.AddPolicy(Viewer, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.AtLeast(PortalRoles.Viewer)));
        builder.AddPolicy(Analyst, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.AtLeast(PortalRoles.Analyst)));
        builder.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.AtLeast(PortalRoles.Admin)));
    }
}
