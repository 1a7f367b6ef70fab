using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Identity;
using Portal.Domain.Auditing;
using Portal.Web.Api;
using Portal.Web.Security;

namespace Portal.Web.Components.Account;

public sealed partial class Login
{
    [Inject] private SignInManager<PortalUser> SignIn { get; set; } = default!;
    [Inject] private UserManager<PortalUser> Users { get; set; } = default!;
    [Inject] private IAuditLog Audit { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm] private LoginInput? Input { get; set; }
    [SupplyParameterFromQuery] private string? ReturnUrl { get; set; }

    private string? ErrorMessage { get; set; }

    protected override void OnInitialized() => Input ??= new();

    private async Task SignInAsync()
    {
        var email = Input!.Email.Trim();
        var user = await Users.FindByEmailAsync(email);
        // Unknown user and wrong password get the same answer, so the page cannot be used to find accounts.
        if (user is null)
        {
            ErrorMessage = WrongCredentials;
            await Record(email, AuditOutcome.Failed, "Unknown account.");
            return;
        }

        var result = await SignIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await Record(email, AuditOutcome.Succeeded, null);
            Navigation.NavigateTo(ReturnUrlGuard.LocalOrRoot(ReturnUrl), forceLoad: true);
            return;
        }
        if (result.IsLockedOut)
        {
            var until = await Users.GetLockoutEndDateAsync(user);
            ErrorMessage = $"This account is locked after too many failed sign-ins. Try again after {until:HH:mm} UTC, or ask a portal administrator to unlock it.";
            await Record(email, AuditOutcome.Denied, "Account locked.");
            return;
        }
        if (result.IsNotAllowed)
        {
            ErrorMessage = "This account may not sign in yet. Ask a portal administrator.";
            await Record(email, AuditOutcome.Denied, "Sign-in not allowed.");
            return;
        }
        var left = Math.Max(0, SignInRules.MaxFailedAttempts - await Users.GetAccessFailedCountAsync(user));
        ErrorMessage = WrongCredentials + (left is > 0 and <= 2 ? $" {left} attempt(s) left before the account is locked." : "");
        await Record(email, AuditOutcome.Failed, "Wrong password.");
    }

    private const string WrongCredentials = "The email or password is not correct.";

    private Task Record(string email, AuditOutcome outcome, string? detail) =>
        Audit.RecordAsync(new AuditEvent(email, "auth.sign-in", email, outcome, HttpContext.Source(), detail));

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your email address."), EmailAddress(ErrorMessage = "Enter a valid email address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        public string Password { get; set; } = "";
    }
}
