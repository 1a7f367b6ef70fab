using System.Security.Claims;
using Portal.Domain.Accounts;
using Portal.Domain.Agentless;
using Portal.Domain.Inventory;
using Portal.Web.Security;

namespace Portal.Web.Api;

/// <summary>Agentless detection: start a scan of an account or of one host, list scans, read one scan to its volumes.</summary>
public static class AgentlessApi
{
    public static RouteGroupBuilder MapAgentlessApi(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts/{id:guid}/agentless/scan", async (Guid id, AgentlessScanRequestDto? body, AgentlessScanService service, ClaimsPrincipal user,
            HttpContext http, CancellationToken ct) =>
        {
            AgentlessScanKind kind;
            switch (body?.Kind?.Trim().ToLowerInvariant())
            {
                case null or "" or "server": kind = AgentlessScanKind.Server; break;
                case "customimage" or "custom_image" or "image": kind = AgentlessScanKind.CustomImage; break;
                default: return ApiProblems.Result(400, "The request is not valid", $"'kind' must be \"server\" or \"customImage\" (got '{body.Kind}').", "validation");
            }
            return Accepted(await service.RequestAsync(id, kind, null, user.Actor(), http.Source(), "manual", ct));
        }).WithTags("Agentless detection").RequireAuthorization(PortalPolicies.Analyst)
          .WithSummary("Scans the account's VMs (kind server, the default) or custom images (kind customImage) now: 202 with the scan id; a scan of the same scope already queued or running is returned instead; 409 feature_disabled without Agentless detection.");

        api.MapPost("/hosts/{id:guid}/agentless/scan", async (Guid id, IHostStore hosts, AgentlessScanService service, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        {
            if (await hosts.GetAsync(id, ct) is not { } host) return ApiProblems.Result(404, "Not found", $"No host with id {id}.", "not_found");
            return Accepted(await service.RequestAsync(host.AccountId, AgentlessScanKind.Server, id, user.Actor(), http.Source(), "manual", ct));
        }).WithTags("Agentless detection").RequireAuthorization(PortalPolicies.Analyst)
          .WithSummary("Scans one host's disks now (202 with the scan id); 409 feature_disabled when its account lacks Agentless detection.");

        var scans = api.MapGroup("/agentless/scans").WithTags("Agentless detection").RequireAuthorization(PortalPolicies.Viewer);
        scans.MapGet("/", async (AgentlessScanService service, Guid? accountId, Guid? hostId, string? state, string? kind, int? page, int? pageSize, CancellationToken ct) =>
        {
            if (pageSize is < 1 or > 500) return ApiProblems.Result(400, "Invalid query", "'pageSize' must be between 1 and 500.", "validation");
            if (page is < 1) return ApiProblems.Result(400, "Invalid query", "'page' must be 1 or more.", "validation");
            AgentlessScanState? s = null;
            if (!string.IsNullOrWhiteSpace(state))
            {
                var normalized = state.Replace(" ", "").Replace("_", "").Replace("-", "");
                if (!Enum.TryParse<AgentlessScanState>(normalized, true, out var parsed) || !Enum.IsDefined(parsed))
                    return ApiProblems.Result(400, "Invalid query", $"'state' must be one of {string.Join(", ", Enum.GetValues<AgentlessScanState>().Select(x => x.Label()))} (got '{state}').", "validation");
                s = parsed;
            }
            AgentlessScanKind? k = kind?.Trim().ToLowerInvariant() switch
            {
                null or "" => null,
                "server" => AgentlessScanKind.Server,
                "customimage" => AgentlessScanKind.CustomImage,
                _ => (AgentlessScanKind)(-1),
            };
            if (k == (AgentlessScanKind)(-1)) return ApiProblems.Result(400, "Invalid query", $"'kind' must be server or customImage (got '{kind}').", "validation");
            var result = await service.ListAsync(new AgentlessScanQuery { AccountId = accountId, HostId = hostId, State = s, Kind = k, Page = page ?? 1, PageSize = pageSize ?? 50 }, ct);
            return Results.Ok(new PageResponse<AgentlessScanDto>(result.Total, result.Items.Select(AgentlessScanDto.From).ToList()));
        }).WithSummary("Scans, newest first; filter by accountId, hostId, state (queued, running, done, failed) and kind (server, customImage); paged.");

        scans.MapGet("/{id:guid}", async (Guid id, AgentlessScanService service, CancellationToken ct) =>
            await service.GetDetailAsync(id, ct) is { } d ? Results.Ok(AgentlessScanDetailDto.From(d)) : NotFound(id))
            .WithSummary("One scan: each VM or image with its power state, each disk read or skipped with the reason, each partition's file system and counts, bytes read and duration.");

        scans.MapPost("/{id:guid}/cancel", async (Guid id, AgentlessScanService service, ClaimsPrincipal user, HttpContext http,
            Portal.Domain.Auditing.IAuditLog audit, CancellationToken ct) =>
        {
            if (await service.GetDetailAsync(id, ct) is not { } d) return NotFound(id);
            if (d.Scan.IsFinal) return ApiProblems.Result(409, "Scan finished", $"Scan {id} is {d.Scan.State.Label()}; there is nothing to cancel.", "scan_finished");
            if (!service.Cancel(id))
                return ApiProblems.Result(409, "Not running here", $"Scan {id} is {d.Scan.State.Label()} and not running on this portal node; cancel it where it runs.", "not_running_here");
            await audit.RecordAsync(new(user.Actor(), "agentless.scan.cancel", $"scan {id}", Portal.Domain.Auditing.AuditOutcome.Succeeded, http.Source()), ct);
            return Results.Accepted($"/api/v1/agentless/scans/{id}", new { id, state = "cancelling" });
        }).RequireAuthorization(PortalPolicies.Analyst).WithSummary("Cancels a running scan; its snapshots are revoked and deleted.");
        return api;
    }

    private static IResult Accepted(Outcome<(AgentlessScan Scan, bool Created)> outcome)
    {
        if (!outcome.Ok)
        {
            var p = outcome.Problem!;
            return p.Code switch
            {
                AgentlessScanService.NotFound => ApiProblems.Result(404, p.Title, p.Detail, "not_found"),
                AgentlessScanService.FeatureDisabled => ApiProblems.Result(409, p.Title, p.Detail, "feature_disabled"),
                _ => ApiProblems.Result(400, p.Title, p.Detail, "validation"),
            };
        }
        var (scan, created) = outcome.Value;
        return Results.Accepted($"/api/v1/agentless/scans/{scan.Id}", new AgentlessScanAcceptedDto(scan.Id, AgentlessScanDto.KindName(scan.Kind), scan.State.Label(), created));
    }

    private static IResult NotFound(Guid id) => ApiProblems.Result(404, "Not found", $"No agentless scan with id {id}.", "not_found");
}
