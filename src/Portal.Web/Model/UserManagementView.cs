using Portal.Data.Identity;
using Portal.Domain.Security;

namespace Portal.Web.Model;

/// <summary>
/// The Settings page's users section: the list and every Admin action on it. Each command returns null on success or
/// the reason it was refused (the service's words: last-admin guard, password rules), and leaves a message for the page.
/// </summary>
public sealed class UserManagementView(PortalUserService users, string actor, string? source)
{
    public IReadOnlyList<PortalUserSummary> Users { get; private set; } = [];
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public string Actor => actor;

    public async Task LoadAsync() => Users = await users.ListAsync();

    /// <summary>The signed-in Admin's own row: it offers no disable or delete.</summary>
    public bool IsSelf(PortalUserSummary user) => string.Equals(user.Email, actor, StringComparison.OrdinalIgnoreCase);

    public static string StatusOf(PortalUserSummary user) =>
        user.IsDisabled ? "Disabled" : user.LockedUntil is { } until ? $"Locked until {until:HH:mm} UTC" : "Active";

    public Task<string?> AddAsync(string email, string role, string password) =>
        string.IsNullOrWhiteSpace(email) ? Refuse("Enter the new user's email address.")
        : string.IsNullOrEmpty(password) ? Refuse("Enter an initial password.")
        : Run(users.CreateAsync(email, role, password, actor, source), $"User {email.Trim()} added as {role}.");

    public Task<string?> SetRoleAsync(PortalUserSummary user, string role) =>
        Run(users.SetRoleAsync(user.Id, role, actor, source), $"{user.Email} is now {role}.");

    public Task<string?> UnlockAsync(PortalUserSummary user) =>
        Run(users.UnlockAsync(user.Id, actor, source), $"{user.Email} unlocked.");

    public Task<string?> DisableAsync(PortalUserSummary user) =>
        Run(users.DisableAsync(user.Id, actor, source), $"{user.Email} disabled: they cannot sign in and their API tokens are refused.");

    public Task<string?> EnableAsync(PortalUserSummary user) =>
        Run(users.EnableAsync(user.Id, actor, source), $"{user.Email} enabled.");

    public Task<string?> DeleteAsync(PortalUserSummary user) =>
        Run(users.DeleteAsync(user.Id, actor, source), $"{user.Email} deleted.");

    public Task<string?> ResetPasswordAsync(PortalUserSummary user, string password, string confirm) =>
        string.IsNullOrEmpty(password) ? Refuse("Enter the new password.")
        : password != confirm ? Refuse("The new password and its confirmation do not match.")
        : Run(users.ResetPasswordAsync(user.Id, password, actor, source), $"Password of {user.Email} reset. Tell them the new one over a separate channel.");

    public static IReadOnlyList<string> Roles => PortalRoles.All;

    private async Task<string?> Run(Task<string?> action, string success)
    {
        var error = await action;
        MessageIsError = error is not null;
        Message = error ?? success;
        await LoadAsync();
        return error;
    }

    private Task<string?> Refuse(string why)
    {
        MessageIsError = true;
        Message = why;
        return Task.FromResult<string?>(why);
    }
}
