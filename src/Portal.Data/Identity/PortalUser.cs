using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Identity;

/// <summary>A person who signs in to the portal.</summary>
public sealed class PortalUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }

    /// <summary>When an Admin disabled the account: it cannot sign in and the API tokens it created are refused. Null when enabled.</summary>
    public DateTime? DisabledAt { get; set; }
}
