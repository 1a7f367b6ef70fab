using System.Security.Claims;
using Portal.Web.Security;

namespace Portal.Web.Api;

public static class AuthApi
{
    public static RouteGroupBuilder MapMeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) => new MeResponse(
                user.Actor(),
                user.FindFirstValue(ClaimTypes.Role) ?? "",
                user.Identity?.AuthenticationType == ApiTokenAuthenticationHandler.SchemeName ? "api-token" : "cookie"))
            .RequireAuthorization(PortalPolicies.Viewer)
            .WithSummary("Who the caller is and which role it holds.");
        return api;
    }
}
