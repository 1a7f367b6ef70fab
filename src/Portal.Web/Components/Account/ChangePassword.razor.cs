using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Identity;
using Portal.Web.Api;
using Portal.Web.Model;

namespace Portal.Web.Components.Account;

/// <summary>The signed-in user changes their own password (static rendering: the sign-in cookie is re-issued with the new security stamp).</summary>
public sealed partial class ChangePassword
{
    [Inject] private PortalUserService Users { get; set; } = default!;
    [Inject] private UserManager<PortalUser> UserManager { get; set; } = default!;
    [Inject] private SignInManager<PortalUser> SignIn { get; set; } = default!;
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm] private ChangePasswordForm? Input { get; set; }

    private string? ErrorMessage { get; set; }
    private bool Changed { get; set; }

    protected override void OnInitialized() => Input ??= new();

    private async Task ChangeAsync()
    {
        var user = await UserManager.GetUserAsync(HttpContext.User);
        if (user is null)
        {
            ErrorMessage = "Your account no longer exists. Sign in again.";
            return;
        }
        ErrorMessage = await Users.ChangeOwnPasswordAsync(user.Id, Input!.CurrentPassword, Input.NewPassword, Input.ConfirmPassword, HttpContext.Source());
        if (ErrorMessage is not null) return;
        // The change renewed the security stamp: re-issue this session's cookie so it is not signed out at the next check.
        await SignIn.RefreshSignInAsync(await UserManager.FindByIdAsync(user.Id) ?? user);
        Changed = true;
    }
}
