using Portal.Domain.Auditing;
using Portal.Web.Security;

namespace Portal.Web.Api;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async (IAuditLog audit, string? actor, string? action, string? target, string? outcome,
            DateTime? from, DateTime? to, string? search, int? page, int? pageSize, CancellationToken ct) =>
        {
            AuditOutcome? parsed = null;
            if (!string.IsNullOrEmpty(outcome))
            {
                if (!Enum.TryParse<AuditOutcome>(outcome, ignoreCase: true, out var o))
                    return ApiProblems.Result(400, "Invalid query", $"'outcome' must be one of {string.Join(", ", Enum.GetNames<AuditOutcome>())}.", "validation");
                parsed = o;
            }
            if (pageSize is < 1 or > 500)
                return ApiProblems.Result(400, "Invalid query", "'pageSize' must be between 1 and 500.", "validation");
            var result = await audit.QueryAsync(new AuditQuery
            {
                Actor = actor, Action = action, Target = target, Outcome = parsed,
                From = from?.ToUniversalTime(), To = to?.ToUniversalTime(), Search = search,
                Page = page ?? 1, PageSize = pageSize ?? 50,
            }, ct);
            return Results.Ok(new PageResponse<AuditEntryResponse>(result.Total, result.Items.Select(AuditEntryResponse.From).ToList()));
        }).RequireAuthorization(PortalPolicies.Viewer).WithTags("Audit").WithSummary("Searches the audit trail, newest first.");
        return api;
    }
}
