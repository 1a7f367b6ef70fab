using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Identity;

/// <summary>A person who signs in to the portal.</summary>
public sealed class PortalUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }
}
