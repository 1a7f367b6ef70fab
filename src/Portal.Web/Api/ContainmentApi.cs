using System.Security.Claims;
using Portal.Domain.Accounts;
using Portal.Domain.Response;
using Portal.Web.Security;

namespace Portal.Web.Api;

/// <summary>Containment for analysts, scripts and SOAR tools: block an IP, isolate a VM, power a VM, preview, status, undo.</summary>
public static class ContainmentApi
{
    public static RouteGroupBuilder MapContainmentApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/containment").WithTags("Containment");

        group.MapPost("/", async (ContainmentRequestDto body, ContainmentService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        {
            var key = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
            var (request, error) = body.ToRequest(key);
            if (request is null) return ApiProblems.Result(400, "The request is not valid", error!, "validation");
            var outcome = await service.SubmitAsync(request, user.Actor(), http.Source(), ct);
            if (!outcome.Ok) return Problem(outcome.Problem!);
            var a = outcome.Value!;
            return Results.Accepted($"/api/v1/containment/{a.Id}", new ContainmentAcceptedDto(a.Id, a.Status.ToString().ToLowerInvariant()));
        }).RequireAuthorization(PortalPolicies.Analyst)
          .WithSummary("Queues block_ip, isolate or power (202 with the action id). A repeat of an action still queued or in force, or with the same Idempotency-Key, returns the first action.");

        group.MapPost("/preview", async (ContainmentRequestDto body, ContainmentService service, CancellationToken ct) =>
        {
            var (request, error) = body.ToRequest(null);
            if (request is null) return ApiProblems.Result(400, "The request is not valid", error!, "validation");
            var outcome = await service.PreviewAsync(request, ct);
            return outcome.Ok ? Results.Ok(ContainmentPreviewDto.From(outcome.Value!)) : Problem(outcome.Problem!);
        }).RequireAuthorization(PortalPolicies.Analyst)
          .WithSummary("What the action would do: NSGs, rules with priorities, and the VM's effective access before and after. Changes nothing.");

        group.MapGet("/", async (ContainmentService service, bool? active, int? page, int? pageSize, CancellationToken ct) =>
        {
            if (pageSize is < 1 or > 500) return ApiProblems.Result(400, "Invalid query", "'pageSize' must be between 1 and 500.", "validation");
            var result = await service.ListAsync(new ContainmentQuery { ActiveOnly = active ?? false, Page = page ?? 1, PageSize = pageSize ?? 50 }, ct);
            return Results.Ok(new PageResponse<ContainmentDto>(result.Total, result.Items.Select(ContainmentDto.From).ToList()));
        }).RequireAuthorization(PortalPolicies.Viewer).WithSummary("Containment actions, newest first; active=true: queued, running or in force.");

        group.MapGet("/{id:guid}", async (Guid id, ContainmentService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } a ? Results.Ok(ContainmentDto.From(a)) : NotFound(id))
            .RequireAuthorization(PortalPolicies.Viewer).WithSummary("One action: status, every step, the undo record and the verification.");

        group.MapPost("/{id:guid}/undo", async (Guid id, UndoRequestDto? body, ContainmentService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await service.UndoAsync(id, user.Actor(), http.Source(), body?.Reason, ct);
            if (!outcome.Ok) return Problem(outcome.Problem!);
            var a = outcome.Value!;
            return Results.Accepted($"/api/v1/containment/{a.Id}", new ContainmentAcceptedDto(a.Id, a.Status.ToString().ToLowerInvariant()));
        }).RequireAuthorization(PortalPolicies.Analyst).WithSummary("Removes exactly what the action added (safe to press twice).");

        group.MapGet("/protected-targets", async (ContainmentService service, ContainmentOptions options, CancellationToken ct) =>
            options.BuiltIn().Select(t => Dto(t, true)).Concat((await service.ListStoredProtectedAsync(ct)).Select(t => Dto(t, false))).ToList())
            .RequireAuthorization(PortalPolicies.Admin).WithSummary("VMs, tags and CIDRs containment never touches (built-in ones from configuration included).");

        group.MapPut("/protected-targets", async (ProtectedTargetsPutDto body, ContainmentService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        {
            var entries = new List<(ProtectedTargetKind, string?, string?)>();
            foreach (var t in (body.Targets ?? []).Where(t => !t.BuiltIn))
            {
                if (!Enum.TryParse<ProtectedTargetKind>(t.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
                    return ApiProblems.Result(400, "The request is not valid", $"'kind' must be vm, tag or cidr (got '{t.Kind}').", "validation");
                entries.Add((kind, t.Value, t.Note));
            }
            var outcome = await service.ReplaceProtectedAsync(entries, user.Actor(), http.Source(), ct);
            return outcome.Ok ? Results.Ok(outcome.Value!.Select(t => Dto(t, false)).ToList()) : Problem(outcome.Problem!);
        }).RequireAuthorization(PortalPolicies.Admin).WithSummary("Replaces the stored protected targets (the configured ones stay).");
        return api;
    }

    private static ProtectedTargetDto Dto(ProtectedTarget t, bool builtIn) => new(t.Kind.ToString().ToLowerInvariant(), t.Value, t.Note, builtIn);

    private static IResult NotFound(Guid id) => ApiProblems.Result(404, "Not found", $"No containment action with id {id}.", "not_found");

    private static IResult Problem(OnboardingProblem p) => p.Code switch
    {
        ContainmentProblems.Invalid => ApiProblems.Result(400, p.Title, p.Detail, "validation"),
        ContainmentProblems.NotFound => ApiProblems.Result(404, p.Title, p.Detail, "not_found"),
        ContainmentProblems.Protected => ApiProblems.Result(403, p.Title, p.Detail, "protected_target"),
        ContainmentProblems.MissingPermissions => ApiProblems.Result(403, p.Title, p.Fix is null ? p.Detail : $"{p.Detail} {p.Fix}", "missing_permissions"),
        ContainmentProblems.FeatureDisabled => ApiProblems.Result(409, p.Title, p.Detail, "feature_disabled"),
        ContainmentProblems.Conflict => ApiProblems.Result(409, p.Title, p.Detail, "conflict"),
        ContainmentProblems.NoFreePriority => ApiProblems.Result(409, p.Title, p.Detail, "no_free_priority"),
        ContainmentProblems.PlanBlocked => ApiProblems.Result(422, p.Title, p.Detail, "plan_blocked"),
        ContainmentProblems.NoNsg => ApiProblems.Result(422, p.Title, p.Detail, "no_nsg"),
        _ => ApiProblems.Result(422, p.Title, p.Fix is null ? p.Detail : $"{p.Fix} (Azure said: {p.Detail})", p.Code),
    };
}
