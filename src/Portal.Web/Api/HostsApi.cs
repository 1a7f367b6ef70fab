using Portal.Domain.Inventory;
using Portal.Web.Security;

namespace Portal.Web.Api;

public static class HostsApi
{
    public static RouteGroupBuilder MapHostsApi(this RouteGroupBuilder api)
    {
        var hosts = api.MapGroup("/hosts").WithTags("Hosts").RequireAuthorization(PortalPolicies.Viewer);
        hosts.MapGet("/", async (IHostStore store, Guid? accountId, string? search, string? region, string? powerState, string? tag,
            bool? includeRemoved, string? sort, bool? descending, int? page, int? pageSize, CancellationToken ct) =>
        {
            if (pageSize is < 1 or > 1000) return ApiProblems.Result(400, "Invalid query", "'pageSize' must be between 1 and 1000.", "validation");
            if (page is < 1) return ApiProblems.Result(400, "Invalid query", "'page' starts at 1.", "validation");
            var result = await store.QueryAsync(new HostQuery
            {
                AccountId = accountId, Search = search, Region = region, PowerState = powerState, Tag = tag,
                IncludeRemoved = includeRemoved ?? false, SortBy = sort ?? "name", Descending = descending ?? false,
                Page = page ?? 1, PageSize = pageSize ?? 50,
            }, ct);
            return Results.Ok(new PageResponse<HostDto>(result.Total, result.Items.Select(HostDto.From).ToList()));
        }).WithSummary("Hosts over all accounts: search, filter, sort and page.");
        hosts.MapGet("/{id:guid}", async (Guid id, IHostStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } h ? Results.Ok(HostDto.From(h)) : ApiProblems.Result(404, "Not found", $"No host with id {id}.", "not_found"));
        return api;
    }
}
