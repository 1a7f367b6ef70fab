using System.Security.Claims;

namespace Portal.Web.Api;

/// <summary>Who is acting and from where, for the audit trail.</summary>
public static class RequestContext
{
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";

    public static string? Source(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
