using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Data.Identity;
using Portal.Domain.ApiTokens;
using Portal.Domain.Security;
using Portal.Web.Api;

namespace Portal.Web.Components.Pages;

public sealed partial class Settings
{
    [Inject] private ApiTokenService Tokens { get; set; } = default!;
    [Inject] private PortalUserService Users { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private IReadOnlyList<ApiToken> _tokens = [];
    private IReadOnlyList<PortalUserSummary> _users = [];
    private string _tokenName = "";
    private string _tokenRole = PortalRoles.Analyst;
    private DateTime? _tokenExpiry;
    private string? _createdSecret, _createdName, _tokenError;
    private Guid? _confirmRevoke;

    private string _newEmail = "", _newPassword = "", _newRole = PortalRoles.Viewer;
    private string? _userMessage;
    private bool _userMessageIsError;
    // The caller's address is captured while the circuit starts: later events have no HTTP request.
    private string? _source;

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected override async Task OnInitializedAsync()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _tokens = await Tokens.ListAsync();
        _users = await Users.ListAsync();
    }

    private async Task<string> ActorAsync() => (await AuthState).User.Actor();

    private async Task CreateTokenAsync()
    {
        _createdSecret = _tokenError = null;
        try
        {
            var expires = _tokenExpiry is { } d ? DateTime.SpecifyKind(d.Date.AddDays(1), DateTimeKind.Utc) : (DateTime?)null;
            var created = await Tokens.CreateAsync(_tokenName, _tokenRole, expires, await ActorAsync(), _source);
            _createdSecret = created.Secret;
            _createdName = created.Token.Name;
            _tokenName = "";
            _tokenExpiry = null;
        }
        catch (ArgumentException ex)
        {
            _tokenError = ex.Message.Split(" (Parameter")[0];
        }
        await LoadAsync();
    }

    private async Task RevokeAsync(Guid id)
    {
        _createdSecret = null;
        _confirmRevoke = null;
        if (!await Tokens.RevokeAsync(id, await ActorAsync(), _source))
            _tokenError = "That token no longer exists.";
        await LoadAsync();
    }

    private async Task CreateUserAsync()
    {
        var error = string.IsNullOrWhiteSpace(_newEmail) ? "Enter the new user's email address."
            : await Users.CreateAsync(_newEmail, _newRole, _newPassword, await ActorAsync(), _source);
        ShowUserResult(error, $"User {_newEmail} added as {_newRole}.");
        if (error is null) { _newEmail = _newPassword = ""; }
        await LoadAsync();
    }

    private async Task SetRoleAsync(string userId, string? role)
    {
        ShowUserResult(await Users.SetRoleAsync(userId, role ?? "", await ActorAsync(), _source), "Role changed.");
        await LoadAsync();
    }

    private async Task UnlockAsync(string userId)
    {
        ShowUserResult(await Users.UnlockAsync(userId, await ActorAsync(), _source), "User unlocked.");
        await LoadAsync();
    }

    private void ShowUserResult(string? error, string success)
    {
        _userMessageIsError = error is not null;
        _userMessage = error ?? success;
    }
}
