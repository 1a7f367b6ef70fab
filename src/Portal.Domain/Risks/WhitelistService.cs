using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;

namespace Portal.Domain.Risks;

/// <summary>What the Whitelists page or the API sends to add or edit an entry.</summary>
public sealed record WhitelistRequest(string? CheckId, WhitelistScopeType ScopeType, string? ScopeValue, string? Reason, DateTime? ExpiresOn);

/// <summary>Adds, edits and removes whitelist entries: validated against the catalog and the scope syntax; every change audited.</summary>
public sealed class WhitelistService(IWhitelistStore store, IAuditLog audit, TimeProvider clock)
{
    public const int MaxReasonLength = 1000;

    public async Task<Outcome<WhitelistEntry>> AddAsync(WhitelistRequest request, string actor, string? source, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (problem, check, scope) = Validate(request, now);
        if (problem is not null)
        {
            await audit.RecordAsync(new AuditEvent(actor, "whitelist.add", $"{request.CheckId} {request.ScopeType}:{request.ScopeValue}", AuditOutcome.Failed, source, problem.Detail), ct);
            return problem;
        }
        var entry = new WhitelistEntry
        {
            Id = Guid.NewGuid(),
            CheckId = check!.Metadata.Id,
            ScopeType = scope!.Type,
            ScopeValue = scope.Value,
            Reason = request.Reason!.Trim(),
            CreatedBy = actor,
            CreatedAt = now,
            ExpiresOn = request.ExpiresOn?.ToUniversalTime(),
        };
        await store.AddAsync(entry, ct);
        await audit.RecordAsync(new AuditEvent(actor, "whitelist.add", Target(entry), AuditOutcome.Succeeded, source, Describe(entry)), ct);
        return entry;
    }

    /// <summary>Changes check, scope, reason or expiry of an active entry (all fields as in <paramref name="request"/>).</summary>
    public async Task<Outcome<WhitelistEntry>> UpdateAsync(Guid id, WhitelistRequest request, string actor, string? source, CancellationToken ct = default)
    {
        var entry = await store.GetAsync(id, ct);
        if (entry is null || entry.RemovedAt is not null) return NotFound(id);
        var now = clock.GetUtcNow().UtcDateTime;
        var (problem, check, scope) = Validate(request, now);
        if (problem is not null)
        {
            await audit.RecordAsync(new AuditEvent(actor, "whitelist.update", Target(entry), AuditOutcome.Failed, source, problem.Detail), ct);
            return problem;
        }
        var before = Describe(entry);
        entry.CheckId = check!.Metadata.Id;
        entry.ScopeType = scope!.Type;
        entry.ScopeValue = scope.Value;
        entry.Reason = request.Reason!.Trim();
        entry.ExpiresOn = request.ExpiresOn?.ToUniversalTime();
        entry.UpdatedBy = actor;
        entry.UpdatedAt = now;
        if (!await store.UpdateAsync(entry, ct)) return NotFound(id);
        await audit.RecordAsync(new AuditEvent(actor, "whitelist.update", Target(entry), AuditOutcome.Succeeded, source, $"Was: {before} Now: {Describe(entry)}"), ct);
        return entry;
    }

    /// <summary>Removes the entry: it stops covering anything at once; the row stays for the record. False when it did not exist or was already removed.</summary>
    public async Task<bool> RemoveAsync(Guid id, string actor, string? source, CancellationToken ct = default)
    {
        var entry = await store.GetAsync(id, ct);
        if (entry is null || entry.RemovedAt is not null) return false;
        entry.RemovedAt = clock.GetUtcNow().UtcDateTime;
        entry.RemovedBy = actor;
        if (!await store.UpdateAsync(entry, ct)) return false;
        await audit.RecordAsync(new AuditEvent(actor, "whitelist.remove", Target(entry), AuditOutcome.Succeeded, source, Describe(entry)), ct);
        return true;
    }

    public Task<WhitelistEntry?> GetAsync(Guid id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public Task<PagedResult<WhitelistEntry>> ListAsync(WhitelistQuery query, CancellationToken ct = default) => store.QueryAsync(query, ct);

    /// <summary>Validation shared by add and update: the check exists in the catalog, the scope is well-formed, a reason is given,
    /// an expiry lies in the future.</summary>
    public static (OnboardingProblem? Problem, ICheck? Check, WhitelistScope? Scope) Validate(WhitelistRequest request, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(request.CheckId)) return (OnboardingProblem.Invalid("'checkId' is required."), null, null);
        var check = CheckCatalog.Find(request.CheckId.Trim());
        if (check is null) return (OnboardingProblem.Invalid($"'{request.CheckId}' is not a check of the catalog."), null, null);
        if (!Enum.IsDefined(request.ScopeType)) return (OnboardingProblem.Invalid($"'scope.type' must be resource, resourceGroup, subscription or tag."), null, null);
        var (scope, error) = WhitelistScope.Normalize(request.ScopeType, request.ScopeValue);
        if (scope is null) return (OnboardingProblem.Invalid(error!), null, null);
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length == 0) return (OnboardingProblem.Invalid("'reason' is required: say why this risk is accepted."), null, null);
        if (reason.Length > MaxReasonLength) return (OnboardingProblem.Invalid($"'reason' must be at most {MaxReasonLength} characters."), null, null);
        if (request.ExpiresOn is { } exp && exp.ToUniversalTime() <= now)
            return (OnboardingProblem.Invalid("'expiresOn' must be in the future."), null, null);
        return (null, check, scope);
    }

    private static OnboardingProblem NotFound(Guid id) => new("NotFound", "No such whitelist entry", $"No active whitelist entry with id {id}.");

    private static string Target(WhitelistEntry e) => $"{e.CheckId} {e.Scope} ({e.Id})";

    private static string Describe(WhitelistEntry e) =>
        $"Check {e.CheckId}; scope {e.Scope}; expires {(e.ExpiresOn is { } x ? x.ToString("u") : "never")}; reason: {e.Reason}";
}
