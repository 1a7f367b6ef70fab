using System.Security.Claims;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;
using Portal.Web.Security;

namespace Portal.Web.Api;

/// <summary>Whitelist entries (accepted risks): list and search for viewers; add, edit and remove for analysts. Validation and the
/// audit trail are the <see cref="WhitelistService"/>'s.</summary>
public static class WhitelistApi
{
    public static RouteGroupBuilder MapWhitelistApi(this RouteGroupBuilder api)
    {
        var whitelist = api.MapGroup("/whitelist").WithTags("Whitelist").RequireAuthorization(PortalPolicies.Viewer);

        whitelist.MapGet("/", async (WhitelistService service, TimeProvider clock, string? search, string? checkId, bool? includeRemoved,
            int? page, int? pageSize, CancellationToken ct) =>
        {
            if (pageSize is < 1 or > 500) return Invalid("'pageSize' must be between 1 and 500.");
            if (page is < 1) return Invalid("'page' starts at 1.");
            var result = await service.ListAsync(new WhitelistQuery
            {
                Search = search, CheckId = checkId, IncludeRemoved = includeRemoved ?? false, Page = page ?? 1, PageSize = pageSize ?? 50,
            }, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            return Results.Ok(new PageResponse<WhitelistEntryDto>(result.Total, result.Items.Select(e => WhitelistEntryDto.From(e, now)).ToList()));
        }).WithSummary("Whitelist entries, newest first: search check id, scope, reason or author; removed ones with includeRemoved=true.");

        whitelist.MapGet("/{id:guid}", async (Guid id, WhitelistService service, TimeProvider clock, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } e
                ? Results.Ok(WhitelistEntryDto.From(e, clock.GetUtcNow().UtcDateTime))
                : ApiProblems.Result(404, "Not found", $"No whitelist entry with id {id}.", "not_found"));

        whitelist.MapPost("/", async (WhitelistEntryRequest request, WhitelistService service, TimeProvider clock, ClaimsPrincipal user,
            HttpContext http, CancellationToken ct) =>
        {
            if (ToDomain(request) is not { } domain) return InvalidScope(request);
            var outcome = await service.AddAsync(domain, user.Actor(), http.Source(), ct);
            return outcome.Ok
                ? Results.Created($"/api/v1/whitelist/{outcome.Value!.Id}", WhitelistEntryDto.From(outcome.Value, clock.GetUtcNow().UtcDateTime))
                : AccountsApi.Problem(outcome.Problem!);
        }).RequireAuthorization(PortalPolicies.Analyst)
          .WithSummary("Accepts a risk: results of the check within the scope count as whitelisted, not failed, until the entry expires or is removed.");

        whitelist.MapPut("/{id:guid}", async (Guid id, WhitelistEntryRequest request, WhitelistService service, TimeProvider clock,
            ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        {
            if (ToDomain(request) is not { } domain) return InvalidScope(request);
            var outcome = await service.UpdateAsync(id, domain, user.Actor(), http.Source(), ct);
            return outcome.Ok ? Results.Ok(WhitelistEntryDto.From(outcome.Value!, clock.GetUtcNow().UtcDateTime)) : AccountsApi.Problem(outcome.Problem!);
        }).RequireAuthorization(PortalPolicies.Analyst).WithSummary("Changes an active entry's check, scope, reason or expiry (every field as sent).");

        whitelist.MapDelete("/{id:guid}", async (Guid id, WhitelistService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            await service.RemoveAsync(id, user.Actor(), http.Source(), ct)
                ? Results.NoContent()
                : ApiProblems.Result(404, "Not found", $"No active whitelist entry with id {id}.", "not_found"))
            .RequireAuthorization(PortalPolicies.Analyst).WithSummary("Removes an entry: its results count as failed again at once; the entry stays for the record.");
        return api;
    }

    /// <summary>The request in the service's terms; null when the scope's type is missing or not one of the four.</summary>
    private static WhitelistRequest? ToDomain(WhitelistEntryRequest r)
    {
        var type = Enum.GetValues<WhitelistScopeType>()
            .Where(t => WhitelistScopeDto.TypeName(t).Equals(r.Scope?.Type?.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(t => (WhitelistScopeType?)t).FirstOrDefault();
        return type is { } t ? new WhitelistRequest(r.CheckId, t, r.Scope!.Value, r.Reason, r.ExpiresOn) : null;
    }

    private static IResult InvalidScope(WhitelistEntryRequest r) => r.Scope is null
        ? Invalid($"'scope' is required: {{\"type\": {WhitelistScopeDto.AllowedTypes}, \"value\": …}}.")
        : Invalid($"'scope.type' '{r.Scope.Type}' is not a scope type; use one of {WhitelistScopeDto.AllowedTypes}.");

    private static IResult Invalid(string detail) => ApiProblems.Result(400, "The request is not valid", detail, "validation");
}
