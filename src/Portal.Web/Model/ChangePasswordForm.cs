using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Model;

/// <summary>The change-password form: the current password, and the new one twice (the rules are PortalUserService's and Identity's).</summary>
public sealed class ChangePasswordForm
{
    [Required(ErrorMessage = "Enter your current password.")]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "Enter a new password.")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Enter the new password again.")]
    public string ConfirmPassword { get; set; } = "";
}
