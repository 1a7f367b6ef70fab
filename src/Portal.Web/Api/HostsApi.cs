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
        hosts.MapGet("/export.csv", async (IHostStore store, Guid? accountId, string? search, string? region, string? powerState, string? tag,
            bool? includeRemoved, HttpContext http, CancellationToken ct) =>
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=hosts-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";
            // Page through the store so a 100,000-host export never sits in memory at once; each page is
            // formatted (CsvHelper writes synchronously) and then sent asynchronously.
            string[] header = ["name", "resourceId", "subscriptionId", "resourceGroup", "location", "vmSize", "osType", "powerState", "privateIps", "publicIps", "nsgIds", "tags", "firstSeen", "lastSeen", "removed"];
            for (var page = 1; ; page++)
            {
                var result = await store.QueryAsync(new HostQuery
                {
                    AccountId = accountId, Search = search, Region = region, PowerState = powerState, Tag = tag,
                    IncludeRemoved = includeRemoved ?? false, Page = page, PageSize = 1000,
                }, ct);
                var text = new StringWriter();
                using (var csv = CsvHelper.CsvWriter.Create(text, new CsvHelper.CsvWriterOptions { Injection = CsvHelper.CsvInjection.Escape }, leaveOpen: true))
                {
                    IEnumerable<string?[]> rows = result.Items.Select(h => new[] { h.Name, h.ResourceId, h.SubscriptionId, h.ResourceGroup, h.Location, h.VmSize, h.OsType, h.PowerState,
                        string.Join(" ", h.PrivateIps), string.Join(" ", h.PublicIps), string.Join(" ", h.NsgIds),
                        string.Join(";", h.Tags.Select(t => $"{t.Key}={t.Value}")), h.FirstSeen.ToString("O"), h.LastSeen.ToString("O"), h.Removed ? "true" : "false" });
                    if (page == 1) rows = rows.Prepend(header);
                    foreach (var row in rows)
                    {
                        foreach (var field in row) csv.WriteField(field ?? "");
                        csv.EndRecord();
                    }
                    csv.Flush();
                }
                await http.Response.WriteAsync(text.ToString(), ct);
                if (result.Items.Count < 1000) break;
            }
        }).WithSummary("The filtered hosts as CSV.");
        hosts.MapGet("/{id:guid}", async (Guid id, IHostStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } h ? Results.Ok(HostDto.From(h)) : ApiProblems.Result(404, "Not found", $"No host with id {id}.", "not_found"));
        return api;
    }
}
