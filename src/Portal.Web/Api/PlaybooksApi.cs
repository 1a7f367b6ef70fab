using System.Security.Claims;
using Portal.Domain.Playbooks;
using Portal.Web.Security;

namespace Portal.Web.Api;

public static class PlaybooksApi
{
    public static RouteGroupBuilder MapPlaybooksApi(this RouteGroupBuilder api)
    {
        var playbooks = api.MapGroup("/playbooks").WithTags("Playbooks");

        playbooks.MapGet("/", async (PlaybookService service, CancellationToken ct) =>
            (await service.ListAsync(ct)).Select(PlaybookDto.From).ToList()).RequireAuthorization(PortalPolicies.Viewer);

        playbooks.MapGet("/{id:guid}", async (Guid id, PlaybookService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } p ? Results.Ok(PlaybookDto.From(p)) : ApiProblems.Result(404, "Not found", $"No playbook with id {id}.", "not_found"))
            .RequireAuthorization(PortalPolicies.Viewer);

        playbooks.MapPost("/", async (PlaybookDefinition definition, PlaybookService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await service.CreateAsync(definition, user.Actor(), http.Source(), ct);
            return outcome.Ok ? Results.Created($"/api/v1/playbooks/{outcome.Value!.Id}", PlaybookDto.From(outcome.Value)) : PlaybookProblems.From(outcome.Problem!);
        }).RequireAuthorization(PortalPolicies.Admin).WithSummary("Creates a playbook: trigger, conditions, ordered actions, approval mode.");

        playbooks.MapPut("/{id:guid}", async (Guid id, PlaybookDefinition definition, PlaybookService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            Reply(await service.UpdateAsync(id, definition, user.Actor(), http.Source(), ct), PlaybookDto.From))
            .RequireAuthorization(PortalPolicies.Admin).WithSummary("Replaces a playbook's definition (including 'enabled').");

        playbooks.MapPost("/{id:guid}/enable", async (Guid id, PlaybookService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            Reply(await service.SetEnabledAsync(id, true, user.Actor(), http.Source(), ct), PlaybookDto.From)).RequireAuthorization(PortalPolicies.Admin);

        playbooks.MapPost("/{id:guid}/disable", async (Guid id, PlaybookService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            Reply(await service.SetEnabledAsync(id, false, user.Actor(), http.Source(), ct), PlaybookDto.From)).RequireAuthorization(PortalPolicies.Admin);

        playbooks.MapGet("/runs", async (PlaybookService service, string? status, Guid? playbookId, Guid? alertId, int? page, int? pageSize, CancellationToken ct) =>
        {
            if (pageSize is < 1 or > 1000) return ApiProblems.Result(400, "Invalid query", "'pageSize' must be between 1 and 1000.", "validation");
            if (page is < 1) return ApiProblems.Result(400, "Invalid query", "'page' starts at 1.", "validation");
            PlaybookRunStatus? wanted = null;
            if (status is not null)
            {
                if (!Enum.TryParse<PlaybookRunStatus>(status, ignoreCase: true, out var s) || !Enum.IsDefined(s) || char.IsDigit(status[0]))
                    return ApiProblems.Result(400, "Invalid query", "'status' must be awaitingApproval, running, succeeded, failed or rejected.", "validation");
                wanted = s;
            }
            var result = await service.ListRunsAsync(new PlaybookRunQuery { Status = wanted, PlaybookId = playbookId, AlertId = alertId, Page = page ?? 1, PageSize = pageSize ?? 50 }, ct);
            return Results.Ok(new PageResponse<PlaybookRunDto>(result.Total, result.Items.Select(PlaybookRunDto.From).ToList()));
        }).RequireAuthorization(PortalPolicies.Viewer).WithSummary("Playbook runs, newest first, optionally by status, playbook or alert.");

        playbooks.MapGet("/runs/{id:guid}", async (Guid id, PlaybookService service, CancellationToken ct) =>
            await service.GetRunAsync(id, ct) is { } r ? Results.Ok(PlaybookRunDto.From(r)) : ApiProblems.Result(404, "Not found", $"No playbook run with id {id}.", "not_found"))
            .RequireAuthorization(PortalPolicies.Viewer).WithSummary("One run with its steps: each step's containment action id, state and error.");

        playbooks.MapPost("/runs/{id:guid}/approve", async (Guid id, RunDecisionRequest body, PlaybookService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            Reply(await service.ApproveAsync(id, body.Reason, user.Actor(), http.Source(), ct), PlaybookRunDto.From))
            .RequireAuthorization(PortalPolicies.Analyst).WithSummary("Approves a run awaiting approval (reason required): it starts executing.");

        playbooks.MapPost("/runs/{id:guid}/reject", async (Guid id, RunDecisionRequest body, PlaybookService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            Reply(await service.RejectAsync(id, body.Reason, user.Actor(), http.Source(), ct), PlaybookRunDto.From))
            .RequireAuthorization(PortalPolicies.Analyst).WithSummary("Rejects a run awaiting approval (reason required): nothing is executed.");
        return api;
    }

    private static IResult Reply<T, TDto>(Portal.Domain.Accounts.Outcome<T> outcome, Func<T, TDto> map) =>
        outcome.Ok ? Results.Ok(map(outcome.Value!)) : PlaybookProblems.From(outcome.Problem!);
}
