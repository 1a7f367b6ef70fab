using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Portal.Domain.ApiTokens;

namespace Portal.Web.Security;

/// <summary>Authenticates `Authorization: Bearer &lt;token&gt;` against the stored token hashes.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenIdClaim = "portal:token-id";
    private const string FailureKey = "portal:token-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var secret = header["Bearer ".Length..].Trim();
        if (secret.Length == 0)
            return Fail("The Authorization header has no token after 'Bearer'.");

        var check = await tokens.ValidateAsync(secret, Context.RequestAborted);
        switch (check.Result)
        {
            case TokenCheck.Unknown: return Fail("The API token is not known to this portal.");
            case TokenCheck.Revoked: return Fail($"The API token '{check.Token!.Name}' was revoked on {check.Token.RevokedAt:yyyy-MM-dd HH:mm} UTC.");
            case TokenCheck.Expired: return Fail($"The API token '{check.Token!.Name}' expired on {check.Token.ExpiresAt:yyyy-MM-dd HH:mm} UTC.");
        }
        var token = check.Token!;
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, $"api-token:{token.Name}"),
            new Claim(ClaimTypes.Role, token.Role),
            new Claim(TokenIdClaim, token.Id.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[FailureKey] = reason;
        return AuthenticateResult.Fail(reason);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[FailureKey] as string ?? "Send an API token as 'Authorization: Bearer <token>'.";
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        return ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "Authentication required", reason, "unauthenticated");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden",
            $"This API token's role ({Context.User.FindFirstValue(ClaimTypes.Role)}) may not call {Request.Method} {Request.Path}.", "forbidden");
}
