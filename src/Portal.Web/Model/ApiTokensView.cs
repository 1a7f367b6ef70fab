using Portal.Domain.ApiTokens;
using Portal.Domain.Security;

namespace Portal.Web.Model;

/// <summary>The Settings page's API tokens: the create form (its secret shown once) and revocation.</summary>
public sealed class ApiTokensView(ApiTokenService tokens, TimeProvider clock, string actor, string? source)
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    public string Name { get; set; } = "";
    public string Role { get; set; } = PortalRoles.Analyst;
    public DateTime? ExpiresOn { get; set; }
    /// <summary>The new token's secret: shown until the next action, never stored.</summary>
    public string? CreatedSecret { get; private set; }
    public string? CreatedName { get; private set; }
    public string? Error { get; private set; }
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task LoadAsync() => Tokens = await tokens.ListAsync();

    public async Task CreateAsync()
    {
        CreatedSecret = CreatedName = Error = null;
        try
        {
            // A picked date lasts through that day (UTC).
            var expires = ExpiresOn is { } d ? DateTime.SpecifyKind(d.Date.AddDays(1), DateTimeKind.Utc) : (DateTime?)null;
            var created = await tokens.CreateAsync(Name, Role, expires, actor, source);
            CreatedSecret = created.Secret;
            CreatedName = created.Token.Name;
            Name = "";
            ExpiresOn = null;
        }
        catch (ArgumentException ex)
        {
            Error = ex.Message.Split(" (Parameter")[0];
        }
        await LoadAsync();
    }

    /// <returns>Null when revoked, else why not.</returns>
    public async Task<string?> RevokeAsync(ApiToken token)
    {
        CreatedSecret = null;
        Error = await tokens.RevokeAsync(token.Id, actor, source) ? null : "That token no longer exists.";
        await LoadAsync();
        return Error;
    }
}
