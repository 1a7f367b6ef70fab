using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.ApiTokens;
using Portal.Domain.Auditing;
using Portal.Domain.Security;

namespace Portal.Data.Identity;

public sealed record PortalUserSummary(string Id, string Email, string Role, DateTime CreatedAt, DateTimeOffset? LockedUntil, int FailedSignIns,
    DateTime? DisabledAt = null)
{
    public bool IsDisabled => DisabledAt is not null;
}

/// <summary>
/// Portal accounts: an Admin adds, re-roles, unlocks, disables, enables, deletes users and resets their passwords; a user
/// changes their own password. Every change is audited (never with a password). The last enabled Admin can be neither
/// disabled, demoted nor deleted, so the portal always keeps someone who can manage it.
/// </summary>
public sealed class PortalUserService(UserManager<PortalUser> users, ApiTokenService tokens, IAuditLog audit, TimeProvider clock)
{
    public const string LastAdminMessage = "This is the last enabled administrator: make another user Admin first.";

    public async Task<IReadOnlyList<PortalUserSummary>> ListAsync(CancellationToken ct = default)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var result = new List<PortalUserSummary>(all.Count);
        foreach (var u in all)
        {
            var role = (await users.GetRolesAsync(u)).FirstOrDefault() ?? "";
            result.Add(new(u.Id, u.Email ?? u.UserName ?? "", role, u.CreatedAt, u.LockoutEnd > now ? u.LockoutEnd : null, u.AccessFailedCount, u.DisabledAt));
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
        if (current.Contains(role)) return null;
        if (await IsLastEnabledAdminAsync(user, current))
            return await Refuse(actor, "user.role", user, source, LastAdminMessage);
        await users.RemoveFromRolesAsync(user, current);
        await users.AddToRoleAsync(user, role);
        // A role change takes effect at the next validation of the session (the security stamp invalidates old cookies).
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

    /// <summary>A disabled user cannot sign in, their sessions end at the next stamp check, and their API tokens are refused.</summary>
    public async Task<string?> DisableAsync(string userId, string actor, string? source)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "No such user.";
        if (user.DisabledAt is not null) return null;
        if (IsSelf(user, actor)) return await Refuse(actor, "user.disable", user, source, "You cannot disable your own account.");
        if (await IsLastEnabledAdminAsync(user, await users.GetRolesAsync(user)))
            return await Refuse(actor, "user.disable", user, source, LastAdminMessage);
        user.DisabledAt = clock.GetUtcNow().UtcDateTime;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return Describe(updated);
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(new AuditEvent(actor, "user.disable", user.Email, AuditOutcome.Succeeded, source, "Sign-in and the user's API tokens refused."));
        return null;
    }

    public async Task<string?> EnableAsync(string userId, string actor, string? source)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "No such user.";
        if (user.DisabledAt is null) return null;
        user.DisabledAt = null;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded) return Describe(updated);
        await audit.RecordAsync(new AuditEvent(actor, "user.enable", user.Email, AuditOutcome.Succeeded, source));
        return null;
    }

    /// <summary>Deletes the account; the API tokens it created are revoked (the audit trail keeps its name).</summary>
    public async Task<string?> DeleteAsync(string userId, string actor, string? source)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "No such user.";
        if (IsSelf(user, actor)) return await Refuse(actor, "user.delete", user, source, "You cannot delete your own account.");
        if (await IsLastEnabledAdminAsync(user, await users.GetRolesAsync(user)))
            return await Refuse(actor, "user.delete", user, source, LastAdminMessage);
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded) return Describe(deleted);
        var revoked = 0;
        foreach (var token in await tokens.ListAsync())
            if (token.RevokedAt is null && string.Equals(token.CreatedBy, user.Email, StringComparison.OrdinalIgnoreCase)
                && await tokens.RevokeAsync(token.Id, actor, source))
                revoked++;
        await audit.RecordAsync(new AuditEvent(actor, "user.delete", user.Email, AuditOutcome.Succeeded, source,
            revoked > 0 ? $"{revoked} API token(s) the user created revoked." : null));
        return null;
    }

    /// <summary>An Admin sets a new password for a user (Identity's password rules apply); it also lifts a lockout.</summary>
    public async Task<string?> ResetPasswordAsync(string userId, string newPassword, string actor, string? source)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "No such user.";
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, newPassword ?? "");
        if (!reset.Succeeded)
        {
            var why = Describe(reset);
            await audit.RecordAsync(new AuditEvent(actor, "user.reset-password", user.Email, AuditOutcome.Failed, source, why));
            return why;
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(new AuditEvent(actor, "user.reset-password", user.Email, AuditOutcome.Succeeded, source));
        return null;
    }

    /// <summary>The signed-in user changes their own password: the current one, and the new one twice.</summary>
    public async Task<string?> ChangeOwnPasswordAsync(string userId, string currentPassword, string newPassword, string confirmPassword, string? source)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null) return "Your account no longer exists.";
        var actor = user.Email ?? user.UserName ?? userId;
        if (string.IsNullOrEmpty(currentPassword)) return "Enter your current password.";
        if (string.IsNullOrEmpty(newPassword)) return "Enter a new password.";
        if (newPassword != confirmPassword) return "The new password and its confirmation do not match.";
        if (newPassword == currentPassword) return "The new password must differ from the current one.";
        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            var wrongCurrent = changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            var why = wrongCurrent ? "The current password is not correct." : Describe(changed);
            await audit.RecordAsync(new AuditEvent(actor, "user.change-password", actor, AuditOutcome.Failed, source, why));
            return why;
        }
        await audit.RecordAsync(new AuditEvent(actor, "user.change-password", actor, AuditOutcome.Succeeded, source));
        return null;
    }

    /// <summary>Whether an account may act: it exists and is not disabled (API tokens created by a disabled user are refused).</summary>
    public async Task<bool> IsDisabledAsync(string email) =>
        await users.FindByEmailAsync(email) is { DisabledAt: not null };

    private async Task<bool> IsLastEnabledAdminAsync(PortalUser user, IList<string> roles) =>
        roles.Contains(PortalRoles.Admin) && user.DisabledAt is null
        && (await users.GetUsersInRoleAsync(PortalRoles.Admin)).Count(u => u.DisabledAt is null) <= 1;

    private static bool IsSelf(PortalUser user, string actor) =>
        string.Equals(user.Email, actor, StringComparison.OrdinalIgnoreCase) || string.Equals(user.UserName, actor, StringComparison.OrdinalIgnoreCase);

    private async Task<string> Refuse(string actor, string action, PortalUser user, string? source, string why)
    {
        await audit.RecordAsync(new AuditEvent(actor, action, user.Email, AuditOutcome.Denied, source, why));
        return why;
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
