using Portal.Domain.Accounts;
using Portal.Domain.Auditing;

namespace Portal.Domain.Playbooks;

/// <summary>What the Response page and the API do with playbooks: list, create, change, enable or disable them (admins), and list,
/// approve or reject runs (analysts). Every change audited.</summary>
public sealed class PlaybookService(IPlaybookStore store, IPlaybookRunStore runs, IPlaybookRunQueue queue, IAuditLog audit, TimeProvider clock)
{
    public const int MaxReasonLength = 1000;

    public Task<IReadOnlyList<Playbook>> ListAsync(CancellationToken ct = default) => store.ListAsync(ct);

    public Task<Playbook?> GetAsync(Guid id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public async Task<Outcome<Playbook>> CreateAsync(PlaybookDefinition definition, string actor, string? source, CancellationToken ct = default)
    {
        if (PlaybookValidation.Validate(definition) is { } problem)
        {
            await audit.RecordAsync(new AuditEvent(actor, "playbook.create", definition.Name, AuditOutcome.Failed, source, problem.Detail), ct);
            return problem;
        }
        var playbook = new Playbook { Id = Guid.NewGuid(), CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = actor };
        Apply(playbook, definition);
        if (!await store.AddAsync(playbook, ct)) return NameTaken(playbook.Name);
        await audit.RecordAsync(new AuditEvent(actor, "playbook.create", Target(playbook), AuditOutcome.Succeeded, source, Describe(playbook)), ct);
        return playbook;
    }

    /// <summary>Replaces every field of the playbook with <paramref name="definition"/>. Runs already created keep their planned steps.</summary>
    public async Task<Outcome<Playbook>> UpdateAsync(Guid id, PlaybookDefinition definition, string actor, string? source, CancellationToken ct = default)
    {
        var playbook = await store.GetAsync(id, ct);
        if (playbook is null) return NotFound("playbook", id);
        if (PlaybookValidation.Validate(definition) is { } problem)
        {
            await audit.RecordAsync(new AuditEvent(actor, "playbook.update", Target(playbook), AuditOutcome.Failed, source, problem.Detail), ct);
            return problem;
        }
        var before = Describe(playbook);
        Apply(playbook, definition);
        playbook.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        playbook.UpdatedBy = actor;
        if (!await store.UpdateAsync(playbook, ct)) return NameTaken(playbook.Name);
        await audit.RecordAsync(new AuditEvent(actor, "playbook.update", Target(playbook), AuditOutcome.Succeeded, source, $"Was: {before} Now: {Describe(playbook)}"), ct);
        return playbook;
    }

    public async Task<Outcome<Playbook>> SetEnabledAsync(Guid id, bool enabled, string actor, string? source, CancellationToken ct = default)
    {
        var playbook = await store.GetAsync(id, ct);
        if (playbook is null) return NotFound("playbook", id);
        if (playbook.Enabled == enabled) return playbook;
        playbook.Enabled = enabled;
        playbook.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        playbook.UpdatedBy = actor;
        if (!await store.UpdateAsync(playbook, ct)) return NotFound("playbook", id);
        await audit.RecordAsync(new AuditEvent(actor, enabled ? "playbook.enable" : "playbook.disable", Target(playbook), AuditOutcome.Succeeded, source), ct);
        return playbook;
    }

    /// <summary>On a portal's first start: the example playbooks, disabled. Nothing when any playbook exists (an admin's choices stay).</summary>
    public async Task EnsureExamplesAsync(CancellationToken ct = default)
    {
        if ((await store.ListAsync(ct)).Count > 0) return;
        foreach (var definition in ExamplePlaybooks.All)
        {
            var playbook = new Playbook { Id = Guid.NewGuid(), CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = "system" };
            Apply(playbook, definition);
            // Another node starting at the same moment may have added it: the unique name decides.
            if (await store.AddAsync(playbook, ct))
                await audit.RecordAsync(new AuditEvent("system", "playbook.create", Target(playbook), AuditOutcome.Succeeded, null, "Example playbook (disabled). " + Describe(playbook)), ct);
        }
    }

    public Task<PagedResult<PlaybookRun>> ListRunsAsync(PlaybookRunQuery query, CancellationToken ct = default) => runs.QueryAsync(query, ct);

    public Task<PagedResult<PlaybookRun>> ListAwaitingApprovalAsync(CancellationToken ct = default) =>
        runs.QueryAsync(new PlaybookRunQuery { Status = PlaybookRunStatus.AwaitingApproval, PageSize = 1000 }, ct);

    public Task<PlaybookRun?> GetRunAsync(Guid id, CancellationToken ct = default) => runs.GetAsync(id, ct);

    /// <summary>An analyst approves a waiting run: it starts executing at once. Only one decision wins.</summary>
    public Task<Outcome<PlaybookRun>> ApproveAsync(Guid runId, string? reason, string actor, string? source, CancellationToken ct = default) =>
        DecideAsync(runId, approve: true, reason, actor, source, ct);

    /// <summary>An analyst rejects a waiting run: nothing is executed.</summary>
    public Task<Outcome<PlaybookRun>> RejectAsync(Guid runId, string? reason, string actor, string? source, CancellationToken ct = default) =>
        DecideAsync(runId, approve: false, reason, actor, source, ct);

    private async Task<Outcome<PlaybookRun>> DecideAsync(Guid runId, bool approve, string? reason, string actor, string? source, CancellationToken ct)
    {
        var action = approve ? "playbook.run.approve" : "playbook.run.reject";
        var run = await runs.GetAsync(runId, ct);
        if (run is null) return NotFound("playbook run", runId);
        var why = reason?.Trim() ?? "";
        OnboardingProblem? problem = why.Length == 0 ? OnboardingProblem.Invalid("'reason' is required: say why you approve or reject this run.")
            : why.Length > MaxReasonLength ? OnboardingProblem.Invalid($"'reason' must be at most {MaxReasonLength} characters.")
            : run.Status != PlaybookRunStatus.AwaitingApproval ? AlreadyDecided(run)
            : null;
        if (problem is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            run.Status = approve ? PlaybookRunStatus.Running : PlaybookRunStatus.Rejected;
            run.DecidedBy = actor;
            run.DecidedAt = now;
            run.DecisionReason = why;
            if (approve) run.StartedAt = now; else run.FinishedAt = now;
            if (!await runs.UpdateAsync(run, ct))
                problem = AlreadyDecided(await runs.GetAsync(runId, ct) ?? run);
        }
        if (problem is not null)
        {
            await audit.RecordAsync(new AuditEvent(actor, action, PlaybookEngine.RunTarget(run), AuditOutcome.Failed, source, problem.Detail), ct);
            return problem;
        }
        await audit.RecordAsync(new AuditEvent(actor, action, PlaybookEngine.RunTarget(run), AuditOutcome.Succeeded, source,
            $"Reason: {why}. Steps: {string.Join("; ", run.Steps.Select(s => s.Describe()))}"), ct);
        if (approve) queue.Enqueue(run.Id);
        return run;
    }

    private static void Apply(Playbook p, PlaybookDefinition d)
    {
        p.Name = d.Name!.Trim();
        p.Description = string.IsNullOrWhiteSpace(d.Description) ? null : d.Description.Trim();
        p.Enabled = d.Enabled;
        p.TriggerKind = d.Trigger!.Kind;
        p.TriggerCheckId = d.Trigger.CheckId?.Trim();
        p.TriggerMinSeverity = d.Trigger.MinSeverity;
        p.Conditions = d.Conditions ?? new();
        p.Actions = [.. d.Actions!];
        p.Approval = d.Approval;
    }

    public const string ConflictCode = "Conflict";

    private static OnboardingProblem AlreadyDecided(PlaybookRun run) =>
        new(ConflictCode, "The run is not awaiting approval", $"Run {run.Id} is {run.Status}{(run.DecidedBy is null ? "" : $" (decided by {run.DecidedBy})")}: only a run awaiting approval can be approved or rejected.");

    private static OnboardingProblem NameTaken(string name) =>
        new(ConflictCode, "Name taken", $"Another playbook is already named '{name}'.");

    private static OnboardingProblem NotFound(string what, Guid id) => new("NotFound", $"No such {what}", $"No {what} with id {id}.");

    private static string Target(Playbook p) => $"{p.Name} ({p.Id})";

    private static string Describe(Playbook p) =>
        $"{(p.Enabled ? "Enabled" : "Disabled")}; trigger {p.TriggerKind}{(p.TriggerCheckId is null ? "" : " " + p.TriggerCheckId)}" +
        $"{(p.TriggerMinSeverity is null ? "" : " ≥ " + p.TriggerMinSeverity)}; conditions: {Conditions(p.Conditions)}; " +
        $"actions: {string.Join(", ", p.Actions)}; {p.Approval}.";

    private static string Conditions(PlaybookConditions c)
    {
        var parts = new List<string>();
        if (c.MinSeverity is { } s) parts.Add($"severity ≥ {s}");
        if (c.SourceEquals is { } src) parts.Add($"source = {src}");
        if (c.AttackerIpPresent) parts.Add("attacker IP present");
        if (c.VmPresent) parts.Add("VM present");
        if (c.VmTagEquals is { } t) parts.Add($"VM tag {t}");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
