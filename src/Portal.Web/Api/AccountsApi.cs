using System.Security.Claims;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Sync;
using Portal.Web.Security;

namespace Portal.Web.Api;

public static class AccountsApi
{
    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/accounts").WithTags("Cloud accounts");

        accounts.MapGet("/", async (IAccountStore store, ISyncScheduler scheduler, TimeProvider clock, CancellationToken ct) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var list = new List<AccountDto>();
            foreach (var a in await store.ListAsync(ct)) list.Add(AccountDto.From(a, await scheduler.NextRunsAsync(a.Id, ct), now));
            return list;
        }).RequireAuthorization(PortalPolicies.Viewer).WithSummary("Onboarded accounts with status, last syncs, next runs and secret expiry (never the secret).");

        accounts.MapGet("/{id:guid}", async (Guid id, IAccountStore store, ISyncScheduler scheduler, TimeProvider clock, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } a
                ? Results.Ok(AccountDto.From(a, await scheduler.NextRunsAsync(a.Id, ct), clock.GetUtcNow().UtcDateTime))
                : NotFound(id)).RequireAuthorization(PortalPolicies.Viewer);

        accounts.MapPost("/", async (CreateAccountRequest request, OnboardingService onboarding, ISyncScheduler scheduler, ClaimsPrincipal user,
            HttpContext http, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await onboarding.OnboardAsync(new OnboardingRequest
            {
                Name = request.Name ?? "",
                Cloud = request.Cloud ?? CloudKind.AzurePublic,
                TenantId = request.TenantId,
                ClientId = request.ClientId,
                ClientSecret = request.ClientSecret,
                SecretExpiresOn = request.SecretExpiresOn,
                SubscriptionIds = request.SubscriptionIds ?? [],
                Features = request.Features ?? [CloudFeature.Hosts],
                Policy = (request.SyncPolicy ?? new SyncPolicyDto(null)).ToPolicy(),
            }, user.Actor(), http.Source(), ct);
            if (!outcome.Ok) return Problem(outcome.Problem!);
            var (account, check) = outcome.Value;
            if (account.Has(CloudFeature.Hosts)) await scheduler.TriggerNowAsync(account.Id, SyncKind.Hosts, ct);
            var body = new CreatedAccountDto(
                AccountDto.From(account, await scheduler.NextRunsAsync(account.Id, ct), clock.GetUtcNow().UtcDateTime),
                check.Readiness.Select(r => new FeatureResultDto(r.Feature, r.Ready, r.MissingActions)).ToList(),
                check.Subscriptions.Select(s => new SubscriptionCheckDto(s.Subscription.SubscriptionId, s.Subscription.DisplayName, s.VmCount,
                    s.Regions.Select(r => r.Name).ToList(), s.LeastPrivilegeRoleJson)).ToList());
            return Results.Created($"/api/v1/accounts/{account.Id}", body);
        }).RequireAuthorization(PortalPolicies.Admin)
          .WithSummary("Validates the credential against Azure and onboards the subscriptions; nothing is stored when validation fails (422 with the Azure code).");

        accounts.MapPut("/{id:guid}", async (Guid id, UpdateAccountRequest request, OnboardingService onboarding, ISyncScheduler scheduler,
            ClaimsPrincipal user, HttpContext http, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await onboarding.UpdateAsync(id, new AccountChange
            {
                Name = request.Name,
                Features = request.Features,
                Policy = request.SyncPolicy?.ToPolicy(),
                ClientSecret = request.ClientSecret,
                SecretExpiresOn = request.SecretExpiresOn,
            }, user.Actor(), http.Source(), ct);
            return outcome.Ok
                ? Results.Ok(AccountDto.From(outcome.Value!, await scheduler.NextRunsAsync(id, ct), clock.GetUtcNow().UtcDateTime))
                : Problem(outcome.Problem!);
        }).RequireAuthorization(PortalPolicies.Admin).WithSummary("Changes name, features, sync policy or secret (a new secret is validated before it replaces the old one).");

        accounts.MapDelete("/{id:guid}", async (Guid id, OnboardingService onboarding, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            await onboarding.RemoveAsync(id, user.Actor(), http.Source(), ct) ? Results.NoContent() : NotFound(id))
            .RequireAuthorization(PortalPolicies.Admin).WithSummary("Removes the account: its jobs stop, its hosts are deleted, its audit trail stays.");

        accounts.MapPost("/{id:guid}/sync", async (Guid id, SyncRequest? request, IAccountStore store, ISyncScheduler scheduler,
            Portal.Domain.Auditing.IAuditLog audit, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        {
            var kind = request?.Kind?.ToLowerInvariant() switch
            {
                null or "" or "hosts" => SyncKind.Hosts,
                "healthcheck" or "health" => SyncKind.HealthCheck,
                "resources" => SyncKind.Resources,
                _ => throw new BadHttpRequestException("'kind' must be \"hosts\", \"resources\" or \"healthCheck\"."),
            };
            return await TriggerAsync(id, kind, "sync.request", store, scheduler, audit, user, http, ct);
        }).RequireAuthorization(PortalPolicies.Analyst).WithSummary("Starts a sync now (202).");

        accounts.MapPost("/{id:guid}/scan", (Guid id, IAccountStore store, ISyncScheduler scheduler, Portal.Domain.Auditing.IAuditLog audit,
                ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            TriggerAsync(id, SyncKind.Resources, "risks.scan", store, scheduler, audit, user, http, ct))
            .RequireAuthorization(PortalPolicies.Analyst)
            .WithSummary("Re-scans now (202): reads the resource configurations and evaluates the check catalog, as a resource sync does; 409 when CSPM is off.");
        return api;
    }

    /// <summary>Queues one run of <paramref name="kind"/> for the account (409 when the account lacks the feature it needs) and audits the request.</summary>
    private static async Task<IResult> TriggerAsync(Guid id, SyncKind kind, string auditAction, IAccountStore store, ISyncScheduler scheduler,
        Portal.Domain.Auditing.IAuditLog audit, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } account) return NotFound(id);
        var needed = kind switch { SyncKind.Hosts => CloudFeature.Hosts, SyncKind.Resources => CloudFeature.Cspm, _ => (CloudFeature?)null };
        if (needed is { } feature && !account.Has(feature))
            return ApiProblems.Result(409, "Feature not enabled", $"{account.Name} does not have the {feature} feature; enable it on the account first.", "feature_disabled");
        await scheduler.TriggerNowAsync(id, kind, ct);
        await audit.RecordAsync(new(user.Actor(), auditAction, $"{account.Name} ({account.Id})", Portal.Domain.Auditing.AuditOutcome.Succeeded, http.Source(), kind.ToString()), ct);
        return Results.Accepted($"/api/v1/accounts/{id}", new { id, kind = AccountDto.KindName(kind), status = "queued" });
    }

    private static IResult NotFound(Guid id) => ApiProblems.Result(404, "Not found", $"No cloud account with id {id}.", "not_found");

    /// <summary>A service's problem as an API answer: not found → 404, invalid input → 400 with the service's message, an Azure error → 422 with its code and fix.</summary>
    internal static IResult Problem(OnboardingProblem p) => p.Code switch
    {
        "NotFound" => ApiProblems.Result(404, p.Title, p.Detail, "not_found"),
        CloudErrorCodes.InvalidInput => ApiProblems.Result(400, p.Title, p.Detail, "validation"),
        _ => ApiProblems.Result(422, p.Title, p.Fix is null ? p.Detail : $"{p.Fix} (Azure said: {p.Detail})", p.Code),
    };
}
