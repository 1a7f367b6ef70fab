namespace Portal.Domain.Security;

/// <summary>The portal's roles, from most to least privileged.</summary>
public static class PortalRoles
{
    /// <summary>Everything, including credentials, users and API tokens.</summary>
    public const string Admin = "Admin";
    /// <summary>Sync, risks, whitelists and containment.</summary>
    public const string Analyst = "Analyst";
    /// <summary>Read only.</summary>
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Admin, Analyst, Viewer];

    public static bool IsValid(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>The roles that satisfy a requirement for <paramref name="minimum"/> (Admin satisfies Analyst, and so on).</summary>
    public static string[] AtLeast(string minimum) => minimum switch
    {
        Admin => [Admin],
        Analyst => [Admin, Analyst],
        Viewer => [Admin, Analyst, Viewer],
        _ => throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "Unknown portal role."),
    };
}
