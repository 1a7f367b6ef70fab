using System.Threading.Channels;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Response;

namespace Portal.Domain.Playbooks;

public sealed class PlaybookEngineOptions
{
    /// <summary>How long one step may take before the run fails (the containment action itself goes on and stays visible).</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Runs executed at the same time by this node.</summary>
    public int MaxParallelRuns { get; set; } = 4;
}

/// <summary>Creates runs for the playbooks a trigger matches and executes them, step after step, through the response service.</summary>
public sealed class PlaybookEngine(IPlaybookStore playbooks, IPlaybookRunStore runs, IAccountStore accounts, IContainmentRequests containment,
    IPlaybookRunQueue queue, IAuditLog audit, TimeProvider clock, PlaybookEngineOptions? options = null)
{
    private readonly PlaybookEngineOptions _options = options ?? new();

    /// <summary>One run per enabled, matching playbook. Automatic runs are queued at once; the others wait for an analyst.</summary>
    public async Task<IReadOnlyList<PlaybookRun>> OnAlertAsync(Alert alert, Host? vm, CancellationToken ct = default)
    {
        var matching = (await playbooks.ListAsync(ct)).Where(p => PlaybookMatcher.Matches(p, alert, vm)).ToList();
        if (matching.Count == 0) return [];
        var fallback = await ResponseSubscriptionsAsync(ct);
        var started = new List<PlaybookRun>();
        foreach (var p in matching)
        {
            var run = await CreateRunAsync(p, $"alert:{alert.Id}", alert.Id, alert.AttackerIp, alert.VmResourceId, fallback, ct);
            if (run is not null) started.Add(run);
        }
        return started;
    }

    /// <summary>After a scan: one run per (playbook, resource) for the failed results of the playbook's check, never twice for the same pair.</summary>
    public async Task<IReadOnlyList<PlaybookRun>> OnFailedChecksAsync(IReadOnlyList<FailedCheck> failed, CancellationToken ct = default)
    {
        var candidates = (await playbooks.ListAsync(ct)).Where(p => p.Enabled && p.TriggerKind == PlaybookTriggerKind.ConfigurationRisk).ToList();
        if (candidates.Count == 0 || failed.Count == 0) return [];
        var started = new List<PlaybookRun>();
        foreach (var p in candidates)
        {
            var hits = failed.Where(f => PlaybookMatcher.Matches(p, f.CheckId, f.Severity, f.ResourceId, f.Tags))
                .DistinctBy(f => RiskRef(f), StringComparer.OrdinalIgnoreCase).ToList();
            if (hits.Count == 0) continue;
            var done = await runs.ExistingTriggersAsync(p.Id, hits.Select(RiskRef).ToList(), ct);
            foreach (var f in hits.Where(f => !done.Contains(RiskRef(f))))
            {
                var vmId = PlaybookMatcher.IsVm(f.ResourceId) ? f.ResourceId.ToLowerInvariant() : null;
                var run = await CreateRunAsync(p, RiskRef(f), null, null, vmId, [], ct);
                if (run is not null) started.Add(run);
            }
        }
        return started;
    }

    private static string RiskRef(FailedCheck f) => $"risk:{f.CheckId}:{f.ResourceId.ToLowerInvariant()}";

    private async Task<PlaybookRun?> CreateRunAsync(Playbook p, string triggerRef, Guid? alertId, string? attackerIp, string? vmResourceId,
        IReadOnlyList<string> fallbackSubscriptions, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (steps, planError) = PlaybookPlanner.Plan(p.Actions, attackerIp, vmResourceId, fallbackSubscriptions);
        var run = new PlaybookRun
        {
            Id = Guid.NewGuid(), PlaybookId = p.Id, PlaybookName = p.Name, TriggerKind = p.TriggerKind, TriggerRef = triggerRef, AlertId = alertId,
            Steps = steps, CreatedAt = now,
        };
        if (planError is not null)
        {
            // Recorded, not dropped: the analyst sees that the playbook matched and why it could not act.
            run.Status = PlaybookRunStatus.Failed;
            run.Error = planError;
            run.FinishedAt = now;
        }
        else if (p.Approval == PlaybookApproval.RequiresApproval) run.Status = PlaybookRunStatus.AwaitingApproval;
        else
        {
            run.Status = PlaybookRunStatus.Running;
            run.StartedAt = now;
        }
        if (!await runs.AddAsync(run, ct)) return null; // this playbook already ran for this trigger
        await audit.RecordAsync(new AuditEvent(p.Actor, "playbook.run.create", RunTarget(run), run.Status == PlaybookRunStatus.Failed ? AuditOutcome.Failed : AuditOutcome.Succeeded,
            run.Source, $"{run.Status}. {(planError ?? "Steps: " + string.Join("; ", steps.Select(s => s.Describe())))}"), ct);
        if (run.Status == PlaybookRunStatus.Running) queue.Enqueue(run.Id);
        return run;
    }

    /// <summary>The subscriptions of the accounts with the Response feature ("/subscriptions/{id}" is built by the planner).</summary>
    private async Task<IReadOnlyList<string>> ResponseSubscriptionsAsync(CancellationToken ct) =>
        (await accounts.ListAsync(ct)).Where(a => a.Has(CloudFeature.Response))
            .SelectMany(a => a.Subscriptions.Select(s => s.SubscriptionId)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Executes a Running run: each step in order through the response service, waiting for it to finish; the first step
    /// that does not succeed stops the run with its error. A step already requested (a resumed run) is waited for, not requested again.</summary>
    public async Task<PlaybookRun?> ExecuteAsync(Guid runId, CancellationToken ct = default)
    {
        var run = await runs.GetAsync(runId, ct);
        if (run is null || run.Status != PlaybookRunStatus.Running) return run;
        var actor = "playbook:" + run.PlaybookName;
        foreach (var step in run.Steps.OrderBy(s => s.Index))
        {
            if (step.Status == ContainmentStatus.Succeeded) continue;
            step.StartedAt ??= clock.GetUtcNow().UtcDateTime;
            if (step.ContainmentId is null)
            {
                var outcome = await containment.RequestAsync(ToRequest(run, step), actor, run.Source, ct);
                if (!outcome.Ok)
                {
                    var p = outcome.Problem!;
                    return await FailAsync(run, step, $"{p.Code}: {p.Detail}", ct);
                }
                step.ContainmentId = outcome.Value!.Id;
                step.Status = outcome.Value.Status;
                if (!await runs.UpdateAsync(run, ct)) return await runs.GetAsync(runId, ct); // someone else is executing it
            }
            var final = await containment.WaitAsync(step.ContainmentId.Value, _options.StepTimeout, ct);
            if (final is null) return await FailAsync(run, step, $"The containment action {step.ContainmentId} no longer exists.", ct);
            step.Status = final.Status;
            step.Error = final.Error;
            if (final.Status != ContainmentStatus.Succeeded)
            {
                var why = final.Status is ContainmentStatus.Requested or ContainmentStatus.Running or ContainmentStatus.AwaitingApproval
                    ? $"Still {final.Status} after {_options.StepTimeout.TotalSeconds:0} s; the action goes on (containment {final.Id})."
                    : $"{final.Status}: {final.Error ?? "no error given"}";
                return await FailAsync(run, step, why, ct);
            }
            step.FinishedAt = clock.GetUtcNow().UtcDateTime;
            if (!await runs.UpdateAsync(run, ct)) return await runs.GetAsync(runId, ct);
            await audit.RecordAsync(new AuditEvent(actor, "playbook.run.step", RunTarget(run), AuditOutcome.Succeeded, run.Source,
                $"Step {step.Index + 1}: {step.Describe()} succeeded (containment {step.ContainmentId})."), ct);
        }
        run.Status = PlaybookRunStatus.Succeeded;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        if (!await runs.UpdateAsync(run, ct)) return await runs.GetAsync(runId, ct);
        await audit.RecordAsync(new AuditEvent(actor, "playbook.run.finish", RunTarget(run), AuditOutcome.Succeeded, run.Source,
            $"All {run.Steps.Count} step(s) succeeded."), ct);
        return run;
    }

    private async Task<PlaybookRun> FailAsync(PlaybookRun run, PlaybookRunStep step, string error, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (step.Status is null or ContainmentStatus.Requested) step.Status = ContainmentStatus.Failed;
        step.Error ??= error;
        step.FinishedAt = now;
        run.Status = PlaybookRunStatus.Failed;
        run.Error = $"Step {step.Index + 1} ({step.Describe()}) failed: {error}";
        run.FinishedAt = now;
        await runs.UpdateAsync(run, ct);
        await audit.RecordAsync(new AuditEvent("playbook:" + run.PlaybookName, "playbook.run.finish", RunTarget(run), AuditOutcome.Failed, run.Source, run.Error), ct);
        return run;
    }

    private static ContainmentRequest ToRequest(PlaybookRun run, PlaybookRunStep step) =>
        new(step.Kind, step.Target, step.Scope, step.PowerAction,
            $"Playbook '{run.PlaybookName}' ({run.TriggerRef}){(run.DecidedBy is null ? "" : $", approved by {run.DecidedBy}: {run.DecisionReason}")}")
        {
            BothDirections = step.BothDirections,
            ManagementCidr = step.ManagementCidr,
            PlaybookRunId = run.Id,
            // A resumed or retried run finds the action it already asked for instead of starting a second one.
            IdempotencyKey = $"playbook-run:{run.Id}:step:{step.Index}",
        };

    internal static string RunTarget(PlaybookRun run) => $"{run.PlaybookName} run {run.Id}";

    /// <summary>Executes queued runs until <paramref name="ct"/> ends, a few at a time; one failing run never stops the loop.</summary>
    public async Task ProcessQueueAsync(ChannelReader<Guid> reader, Action<Guid, Exception>? onError, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, _options.MaxParallelRuns));
        var running = new List<Task>();
        try
        {
            await foreach (var id in reader.ReadAllAsync(ct))
            {
                await slots.WaitAsync(ct);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try { await ExecuteAsync(id, ct); }
                    catch (Exception ex) when (ex is not OperationCanceledException) { onError?.Invoke(id, ex); }
                    finally { slots.Release(); }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        await Task.WhenAll(running).ContinueWith(_ => { }, CancellationToken.None);
    }
}

/// <summary>A failed scan result a configuration-risk playbook can react to.</summary>
public sealed record FailedCheck(string CheckId, Severity Severity, string ResourceId, IReadOnlyDictionary<string, string>? Tags);

/// <summary>The in-process queue of runs to execute (automatic runs when created, approval runs once approved).</summary>
public sealed class PlaybookRunQueue : IPlaybookRunQueue
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<Guid> Reader => _channel.Reader;

    public void Enqueue(Guid runId) => _channel.Writer.TryWrite(runId);
}
