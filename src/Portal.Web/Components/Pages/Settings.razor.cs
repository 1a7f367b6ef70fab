using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Data.Identity;
using Portal.Domain.ApiTokens;
using Portal.Web.Api;
using Portal.Web.Components.Dialogs;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

public sealed partial class Settings
{
    [Inject] private ApiTokenService Tokens { get; set; } = default!;
    [Inject] private PortalUserService Users { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private UserManagementView? _users;
    private ApiTokensView? _tokens;

    internal enum UserAction { Unlock, Disable, Enable, Delete }

    protected override async Task OnInitializedAsync()
    {
        // The caller's address is captured while the circuit starts: later events have no HTTP request.
        var source = HttpContextAccessor.HttpContext?.Source();
        var actor = (await AuthState).User.Actor();
        _users = new UserManagementView(Users, actor, source);
        _tokens = new ApiTokensView(Tokens, Clock, actor, source);
        await _users.LoadAsync();
        await _tokens.LoadAsync();
    }

    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    // Each waits for its dialog to close, so the page re-renders with the outcome.
    private async Task AddUserAsync() => await (await
        Dialogs.ShowAsync<AddUserDialog>("Add a user", new DialogParameters<AddUserDialog> { { x => x.View, _users! } }, Options)).Result;

    private async Task ChangeRoleAsync(PortalUserSummary user) => await (await
        Dialogs.ShowAsync<ChangeRoleDialog>($"Change the role of {user.Email}",
            new DialogParameters<ChangeRoleDialog> { { x => x.View, _users! }, { x => x.User, user } }, Options)).Result;

    private async Task ResetPasswordAsync(PortalUserSummary user) => await (await
        Dialogs.ShowAsync<ResetPasswordDialog>($"Reset the password of {user.Email}",
            new DialogParameters<ResetPasswordDialog> { { x => x.View, _users! }, { x => x.User, user } }, Options)).Result;

    private async Task ConfirmAsync(PortalUserSummary user, UserAction action)
    {
        var (title, message, detail, button, color, run) = action switch
        {
            UserAction.Unlock => ($"Unlock {user.Email}?", "They can sign in again at once; the failed sign-in count starts over.", (string?)null,
                "Unlock", Color.Primary, (Func<Task<string?>>)(() => _users!.UnlockAsync(user))),
            UserAction.Disable => ($"Disable {user.Email}?", "They cannot sign in, their open sessions end within a minute, and the API tokens they created are refused.",
                "You can enable the account again later; nothing is deleted.", "Disable", Color.Warning, () => _users!.DisableAsync(user)),
            UserAction.Enable => ($"Enable {user.Email}?", "They can sign in again with their password, and their API tokens work again.", null,
                "Enable", Color.Primary, () => _users!.EnableAsync(user)),
            _ => ($"Delete {user.Email}?", "The account is removed and the API tokens it created are revoked. This cannot be undone.",
                "The audit log keeps what they did. To keep the account for later, disable it instead.", "Delete", Color.Error, () => _users!.DeleteAsync(user)),
        };
        await (await Dialogs.ShowAsync<ConfirmActionDialog>(title, new DialogParameters<ConfirmActionDialog>
        {
            { x => x.Message, message }, { x => x.Detail, detail }, { x => x.ActionText, button }, { x => x.ActionColor, color },
            { x => x.Action, run },
        }, Options)).Result;
    }

    private Task CreateTokenAsync() => _tokens!.CreateAsync();

    private async Task RevokeAsync(ApiToken token) => await (await
        Dialogs.ShowAsync<ConfirmActionDialog>($"Revoke the token “{token.Name}”?", new DialogParameters<ConfirmActionDialog>
        {
            { x => x.Message, "Scripts using it stop working at once. This cannot be undone." },
            { x => x.ActionText, "Revoke now" }, { x => x.ActionColor, Color.Error },
            { x => x.Action, () => _tokens!.RevokeAsync(token) },
        }, Options)).Result;
}
