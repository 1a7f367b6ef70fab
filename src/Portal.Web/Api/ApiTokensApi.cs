using System.Security.Claims;
using Portal.Domain.ApiTokens;
using Portal.Domain.Security;
using Portal.Web.Security;

namespace Portal.Web.Api;

public static class ApiTokensApi
{
    public static RouteGroupBuilder MapApiTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").RequireAuthorization(PortalPolicies.Admin).WithTags("API tokens");

        tokens.MapGet("/", async (ApiTokenService service, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return (await service.ListAsync(ct)).Select(t => ApiTokenResponse.From(t, now)).ToList();
        }).WithSummary("Lists API tokens (never their secrets).");

        tokens.MapPost("/", async (CreateApiTokenRequest request, ApiTokenService service, ClaimsPrincipal user,
            HttpContext http, TimeProvider clock, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Name))
                return ApiProblems.Result(400, "Invalid token", "'name' is required (1 to 100 characters).", "validation");
            if (!PortalRoles.IsValid(request.Role))
                return ApiProblems.Result(400, "Invalid token", $"'role' must be one of {string.Join(", ", PortalRoles.All)}.", "validation");
            try
            {
                var created = await service.CreateAsync(request.Name, request.Role!, request.ExpiresOn, user.Actor(), http.Source(), ct);
                var body = new CreatedApiTokenResponse(ApiTokenResponse.From(created.Token, clock.GetUtcNow().UtcDateTime), created.Secret);
                return Results.Created($"/api/v1/tokens/{created.Token.Id}", body);
            }
            catch (ArgumentException ex)
            {
                return ApiProblems.Result(400, "Invalid token", ex.Message.Split(" (Parameter")[0], "validation");
            }
        }).WithSummary("Creates a token; the response is the only place its secret appears.");

        tokens.MapDelete("/{id:guid}", async (Guid id, ApiTokenService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            await service.RevokeAsync(id, user.Actor(), http.Source(), ct)
                ? Results.NoContent()
                : ApiProblems.Result(404, "Not found", $"No API token with id {id}.", "not_found"))
            .WithSummary("Revokes a token; it stops working at once.");
        return api;
    }
}
