using System.Security.Claims;
using Portal.Cspm;
using Portal.Domain.Playbooks;
using Portal.Web.Security;

namespace Portal.Web.Api;

public static class AlertsApi
{
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithTags("Alerts");

        alerts.MapPost("/", async (AlertRequest request, AlertService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await service.ReceiveAsync(request, user.Actor(), http.Source(), ct);
            if (!outcome.Ok) return PlaybookProblems.From(outcome.Problem!);
            var receipt = outcome.Value!;
            var body = new AlertReceiptDto(AlertDto.From(receipt.Alert), receipt.Duplicate, receipt.Runs.Select(PlaybookRunDto.From).ToList());
            return receipt.Duplicate ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status202Accepted);
        }).RequireAuthorization(PortalPolicies.Analyst)
          .WithSummary("Receives an alert {source, severity, attackerIp, vm, description, id}: 202 with the playbook runs it started; " +
                       "the same alert again (same source and id, or same content) answers 200 with the first one and duplicate=true.");

        alerts.MapGet("/", async (AlertService service, string? source, string? minSeverity, int? page, int? pageSize, CancellationToken ct) =>
        {
            if (pageSize is < 1 or > 1000) return ApiProblems.Result(400, "Invalid query", "'pageSize' must be between 1 and 1000.", "validation");
            if (page is < 1) return ApiProblems.Result(400, "Invalid query", "'page' starts at 1.", "validation");
            Severity? min = null;
            if (minSeverity is not null)
            {
                if (!AlertService.TryParseSeverity(minSeverity, out var parsed))
                    return ApiProblems.Result(400, "Invalid query", "'minSeverity' must be low, medium, high or critical.", "validation");
                min = parsed;
            }
            var result = await service.ListAsync(new AlertQuery { Source = source, MinSeverity = min, Page = page ?? 1, PageSize = pageSize ?? 50 }, ct);
            return Results.Ok(new PageResponse<AlertDto>(result.Total, result.Items.Select(AlertDto.From).ToList()));
        }).RequireAuthorization(PortalPolicies.Viewer).WithSummary("Received alerts, newest first.");
        return api;
    }
}
