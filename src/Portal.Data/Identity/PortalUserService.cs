using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Security;

namespace Portal.Data.Identity;

public sealed record PortalUserSummary(string Id, string Email, string Role, DateTime CreatedAt, DateTimeOffset? LockedUntil, int FailedSignIns);

/// <summary>Admin-side account management; every change is audited.</summary>
public sealed class PortalUserService(UserManager<PortalUser> users, IAuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<PortalUserSummary>> ListAsync(CancellationToken ct = default)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var result = new List<PortalUserSummary>(all.Count);
        foreach (var u in all)
        {
            var role = (await users.GetRolesAsync(u)).FirstOrDefault() ?? "";
            result.Add(new(u.Id, u.Email ?? u.UserName ?? "", role, u.CreatedAt, u.LockoutEnd > now ? u.LockoutEnd : null, u.AccessFailedCount));
        }
        return result;
    }

    /// <returns>Null on success, otherwise the reason it failed, fit to show the user.</returns>
    public async Task<string?> CreateAsync(string email, string role, string password, string actor, string? source)
    {
        email = email.Trim();
        if (!PortalRoles.IsValid(role)) return $"Role must be one of {string.Join(", ", PortalRoles.All)}.";
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            var why = Describe(created);
            await audit.RecordAsync(new AuditEvent(actor, "user.create", email, AuditOutcome.Failed, source, why));
            return why;
        }
        await users.AddToRoleAsync(user, role);
        await audit.RecordAsync(new AuditEvent(actor, "user.create", email, AuditOutcome.Succeeded, source, $"Role {role}."));
        return null;
    }

    public async Task<string?> SetRoleAsync(string userId, string role, string actor, string? source)
    {
        if (!PortalRoles.IsValid(role)) return $"Role must be one of {string.Join(", ", PortalRoles.All)}.";
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "No such user.";
        var current = await users.GetRolesAsync(user);
        if (current.Contains(PortalRoles.Admin) && role != PortalRoles.Admin && await CountAdminsAsync() <= 1)
            return "This is the last administrator; make another user Admin first.";
        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        // A role change takes effect at the next request: the security stamp invalidates old cookies.
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(new AuditEvent(actor, "user.role", user.Email, AuditOutcome.Succeeded, source, $"{string.Join(",", current)} → {role}."));
        return null;
    }

    public async Task<string?> UnlockAsync(string userId, string actor, string? source)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "No such user.";
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(new AuditEvent(actor, "user.unlock", user.Email, AuditOutcome.Succeeded, source));
        return null;
    }

    private async Task<int> CountAdminsAsync() => (await users.GetUsersInRoleAsync(PortalRoles.Admin)).Count;

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
