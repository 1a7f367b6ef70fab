using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Security;

namespace Portal.Domain.Response;

/// <summary>What the preview shows: the target as read and the plan, or why it cannot run.</summary>
public sealed record ContainmentPreview(ContainmentAction Action, string? VmName, string? PowerState, ContainmentPlan Plan);

/// <summary>
/// The response feature's front door for pages, the API and playbooks: validates (input, account feature and permissions,
/// protected targets, a plan that can run), stores and queues actions for the worker, answers status, lists and undo.
/// Role checks (Analyst, Admin for protected targets) are made by the callers' authorization.
/// </summary>
public sealed class ContainmentService(ICloudConnector cloud, IAccountStore accounts, ISecretProtector secrets, IContainmentStore store,
    IAuditLog audit, ContainmentBoard board, ContainmentWorkSignal signal, ContainmentOptions options, TimeProvider clock) : IContainmentRequests
{
    public async Task<Outcome<ContainmentSnapshot>> RequestAsync(ContainmentRequest request, string actor, string? source, CancellationToken ct = default)
    {
        var outcome = await SubmitAsync(request, actor, source, ct);
        return outcome.Ok ? outcome.Value!.Snapshot() : outcome.Problem!;
    }

    /// <summary>Validates and queues; returns the stored action (an existing one for a repeated request).</summary>
    public async Task<Outcome<ContainmentAction>> SubmitAsync(ContainmentRequest request, string actor, string? source, CancellationToken ct = default)
    {
        var (draft, problem) = ContainmentValidation.Validate(request);
        if (problem is not null) return await Refused(request, actor, source, problem, ct);
        // A repeat (same idempotency key, or the same containment still queued or in force) returns the first one.
        if (await store.FindAsync(draft!.IdempotencyKey, draft.ActiveKey, ct) is { } existing) return existing;

        var prepared = await PrepareAsync(draft, ct);
        if (!prepared.Ok) return await Refused(request, actor, source, prepared.Problem!, ct);
        var preview = prepared.Value!;
        if (preview.Plan.Problems.Count > 0)
        {
            var code = preview.Plan.NeedsQuarantine ? ContainmentProblems.NoFreePriority : ContainmentProblems.PlanBlocked;
            return await Refused(request, actor, source, ContainmentProblems.Of(code, "The containment cannot be applied as asked", string.Join(" ", preview.Plan.Problems)), ct);
        }
        if (draft.Kind == ContainmentKind.BlockIp && preview.Plan.Nsgs.Count == 0)
            return await Refused(request, actor, source, ContainmentProblems.Of(ContainmentProblems.NoNsg, "No NSG to block in",
                $"No network security group protects {draft.Scope}: there is nothing to put the deny rule in. Isolate the VM or attach an NSG first."), ct);

        draft.Id = Guid.NewGuid();
        draft.Status = ContainmentStatus.Requested;
        draft.RequestedBy = actor;
        draft.Source = source;
        draft.RequestedAt = clock.GetUtcNow().UtcDateTime;
        var (stored, created) = await store.AddOrGetAsync(draft, ct);
        if (!created) return stored;
        await audit.RecordAsync(new AuditEvent(actor, $"containment.request.{ContainmentExecutor.Verb(stored)}", ContainmentExecutor.Describe(stored), AuditOutcome.Succeeded, source,
            $"Reason: {stored.Reason}{(stored.PlaybookRunId is { } run ? $"; playbook run {run}" : "")}"), ct);
        board.Publish(stored.Snapshot());
        signal.Wake();
        return stored;
    }

    /// <summary>The plan and effective access the request would produce, without changing anything.</summary>
    public async Task<Outcome<ContainmentPreview>> PreviewAsync(ContainmentRequest request, CancellationToken ct = default)
    {
        var (draft, problem) = ContainmentValidation.Validate(request);
        if (problem is not null) return problem;
        return await PrepareAsync(draft!, ct);
    }

    /// <summary>Account, feature, permissions and protected targets; then the live read and the plan.</summary>
    private async Task<Outcome<ContainmentPreview>> PrepareAsync(ContainmentAction draft, CancellationToken ct)
    {
        var protectedSet = await ProtectedSetAsync(ct);
        if (draft.Kind == ContainmentKind.BlockIp && protectedSet.ProtectingAddress(AddressPrefix.TryParse(draft.Target)!) is { } p)
            return ContainmentProblems.Of(ContainmentProblems.Protected, "Protected address", $"{draft.Target} overlaps the protected range {p.Value} ({p.Note ?? "protected target"}): it can never be blocked.");
        if (draft.Kind != ContainmentKind.BlockIp && protectedSet.ProtectingVm(draft.Target, null) is { } pv)
            return ContainmentProblems.Of(ContainmentProblems.Protected, "Protected VM", $"{ResourceIds.NameOf(draft.Target)} is a protected target ({pv.Note ?? pv.Value}): it can never be isolated or powered by the portal.");

        var (account, accountProblem) = await AccountForAsync(draft.SubscriptionId, ct);
        if (accountProblem is not null) return accountProblem;
        draft.AccountId = account!.Id;
        CloudCredential credential;
        try { credential = account.OpenCredential(secrets); }
        catch (SecretUnreadableException ex) { return new OnboardingProblem("SecretUnreadable", "Secret unreadable", ex.Message); }

        var read = await ContainmentReader.ReadAsync(cloud, credential, draft, ct);
        if (!read.IsSuccess)
            return read.Error.Code is "ResourceNotFound" or "NotFound" or "ResourceGroupNotFound"
                ? ContainmentProblems.Of(ContainmentProblems.NotFound, "Target not found", $"Azure does not know {(draft.Kind == ContainmentKind.BlockIp ? draft.Scope : draft.Target)}: {read.Error.Message}")
                : OnboardingProblem.FromCloud(read.Error);
        var vm = read.Value.Vm;
        if (vm is not null && draft.Kind != ContainmentKind.BlockIp && protectedSet.ProtectingVm(vm.Id, vm.Tags) is { } tagged)
            return ContainmentProblems.Of(ContainmentProblems.Protected, "Protected VM", $"{vm.Name} is a protected target ({tagged.Kind.ToString().ToLowerInvariant()} {tagged.Value}): it can never be isolated or powered by the portal.");
        if (vm is not null && draft.Kind == ContainmentKind.BlockIp && vm.PrivateIps.Concat(vm.PublicIps).Any(ip => AddressPrefix.TryParse(ip) is { } a && AddressPrefix.TryParse(draft.Target)!.Overlaps(a)))
            return ContainmentProblems.Of(ContainmentProblems.Invalid, "The address is the VM's own", $"{draft.Target} covers an address of {vm.Name} itself; isolate the VM instead.");
        return new ContainmentPreview(draft, vm?.Name, vm?.PowerState, ContainmentReader.Plan(draft, read.Value));
    }

    /// <summary>The account that covers the subscription and may contain threats there (feature on, permissions present).</summary>
    private async Task<(CloudAccount?, OnboardingProblem?)> AccountForAsync(string subscriptionId, CancellationToken ct)
    {
        var covering = (await accounts.ListAsync(ct)).Where(a => a.Subscriptions.Any(s => s.SubscriptionId.Equals(subscriptionId, StringComparison.OrdinalIgnoreCase))).ToList();
        if (covering.Count == 0)
            return (null, ContainmentProblems.Of(ContainmentProblems.NotFound, "Subscription not onboarded", $"No cloud account covers subscription {subscriptionId}; onboard it with the Response feature first."));
        var withFeature = covering.Where(a => a.Has(CloudFeature.Response)).ToList();
        if (withFeature.Count == 0)
            return (null, ContainmentProblems.Of(ContainmentProblems.FeatureDisabled, "Response feature not enabled",
                $"{string.Join(", ", covering.Select(a => a.Name))} {(covering.Count == 1 ? "does" : "do")} not have the Response feature; enable it on the account (and grant its permissions) first."));
        // Readiness is what the last health check or onboarding found; none recorded yet means Azure will tell.
        var ready = withFeature.FirstOrDefault(a => a.Readiness.FirstOrDefault(r => r.Feature == CloudFeature.Response) is null or { Ready: true });
        if (ready is null)
        {
            var missing = withFeature[0].Readiness.First(r => r.Feature == CloudFeature.Response).MissingActions;
            return (null, ContainmentProblems.Of(ContainmentProblems.MissingPermissions, "Missing permissions for response",
                $"The app registration of {withFeature[0].Name} lacks: {string.Join(", ", missing)}.",
                $"Assign {string.Join(" and ", FeatureRequirements.Response.BuiltInRoles)} (or the generated custom role) on the subscription, then run the account's health check."));
        }
        return (ready, null);
    }

    public Task<ContainmentAction?> GetAsync(Guid id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public Task<PagedResult<ContainmentAction>> ListAsync(ContainmentQuery query, CancellationToken ct = default) => store.QueryAsync(query, ct);

    /// <summary>Queues the undo of an action in force. Pressing twice (or after it is undone) returns the same action.</summary>
    public async Task<Outcome<ContainmentAction>> UndoAsync(Guid id, string actor, string? source, string? reason, CancellationToken ct = default)
    {
        var action = await store.GetAsync(id, ct);
        if (action is null) return ContainmentProblems.Of(ContainmentProblems.NotFound, "Not found", $"No containment action with id {id}.");
        if (action.Status is ContainmentStatus.Undoing or ContainmentStatus.Undone) return action;
        if (action.Kind == ContainmentKind.Power && action.PowerAction == VmPowerAction.Restart)
            return ContainmentProblems.Of(ContainmentProblems.Conflict, "Cannot be undone", "A restart has no reverse action.");
        if (!action.IsFinal)
            return ContainmentProblems.Of(ContainmentProblems.Conflict, "Still running", $"The action is {action.Status.ToString().ToLowerInvariant()}; undo it once it has finished.");
        if (!action.IsInForce)
            return ContainmentProblems.Of(ContainmentProblems.Conflict, "Nothing to undo", "The action changed nothing in Azure.");
        var why = string.IsNullOrWhiteSpace(reason) ? "undo" : reason.Trim();
        if (why.Length > ContainmentValidation.MaxReasonLength) return OnboardingProblem.Invalid($"'reason' must be at most {ContainmentValidation.MaxReasonLength} characters.");
        if (!await store.TryRequestUndoAsync(id, actor, why, clock.GetUtcNow().UtcDateTime, ct))
            return (await store.GetAsync(id, ct))!; // someone else pressed undo at the same moment
        var updated = (await store.GetAsync(id, ct))!;
        await audit.RecordAsync(new AuditEvent(actor, $"containment.undo-request.{ContainmentExecutor.Verb(updated)}", ContainmentExecutor.Describe(updated), AuditOutcome.Succeeded, source, $"Reason: {why}"), ct);
        board.Publish(updated.Snapshot());
        signal.Wake();
        return updated;
    }

    public async Task<ContainmentSnapshot?> WaitAsync(Guid id, TimeSpan timeout, CancellationToken ct = default) =>
        (await WaitForAsync(id, timeout, ct))?.Snapshot();

    /// <summary>Polls the store (the work may run on another node) until the action is final or the time is up.</summary>
    public async Task<ContainmentAction?> WaitForAsync(Guid id, TimeSpan timeout, CancellationToken ct = default)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var action = await store.GetAsync(id, ct);
            if (action is null || (action.IsFinal && action.ClaimedBy is null) || DateTime.UtcNow >= until) return action;
            await Task.Delay(100, ct);
        }
    }

    // ---------------- protected targets (Admin)

    public async Task<ProtectedTargetSet> ProtectedSetAsync(CancellationToken ct = default) =>
        new([.. options.BuiltIn(), .. await store.ListProtectedAsync(ct)]);

    public Task<IReadOnlyList<ProtectedTarget>> ListStoredProtectedAsync(CancellationToken ct = default) => store.ListProtectedAsync(ct);

    /// <summary>Replaces the stored list (configured and built-in entries stay); every entry validated, nothing stored on error.</summary>
    public async Task<Outcome<IReadOnlyList<ProtectedTarget>>> ReplaceProtectedAsync(IReadOnlyList<(ProtectedTargetKind Kind, string? Value, string? Note)> entries, string actor, string? source, CancellationToken ct = default)
    {
        var list = new List<ProtectedTarget>();
        foreach (var (kind, value, note) in entries)
        {
            var (normalized, error) = ProtectedTarget.Normalize(kind, value);
            if (normalized is null) return OnboardingProblem.Invalid(error!);
            if (note is { Length: > 200 }) return OnboardingProblem.Invalid("A protected target's note must be at most 200 characters.");
            if (list.Any(t => t.Kind == kind && t.Value.Equals(normalized, StringComparison.OrdinalIgnoreCase))) continue;
            list.Add(new ProtectedTarget { Id = Guid.NewGuid(), Kind = kind, Value = normalized, Note = note?.Trim(), CreatedBy = actor, CreatedAt = clock.GetUtcNow().UtcDateTime });
        }
        await store.ReplaceProtectedAsync(list, ct);
        await audit.RecordAsync(new AuditEvent(actor, "containment.protected-targets.update", $"{list.Count} entries", AuditOutcome.Succeeded, source,
            string.Join("; ", list.Select(t => $"{t.Kind}:{t.Value}"))), ct);
        return list;
    }

    private async Task<Outcome<ContainmentAction>> Refused(ContainmentRequest request, string actor, string? source, OnboardingProblem problem, CancellationToken ct)
    {
        await audit.RecordAsync(new AuditEvent(actor, $"containment.request.{request.Kind.ToString().ToLowerInvariant()}", $"{request.Target} {request.Scope}".Trim(),
            problem.Code is ContainmentProblems.Protected or ContainmentProblems.MissingPermissions or ContainmentProblems.FeatureDisabled ? AuditOutcome.Denied : AuditOutcome.Failed,
            source, $"{problem.Code}: {problem.Detail}"), ct);
        return problem;
    }
}

/// <summary>Wakes this node's worker when work is queued here (other nodes find it on their next poll).</summary>
public sealed class ContainmentWorkSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>One node's loop: claim queued work atomically in the database and run it (several actions at once).</summary>
public sealed class ContainmentWorker(IContainmentStore store, ContainmentExecutor executor, ContainmentWorkSignal signal, ContainmentOptions options,
    Sync.PortalNode node, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var running = new List<Task>();
        while (!ct.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            try { running.AddRange(await ClaimAndStartAsync(ct)); }
            catch (Exception) when (!ct.IsCancellationRequested) { /* database hiccup: try again on the next round */ }
            try { await signal.WaitAsync(TimeSpan.FromMilliseconds(options.PollMilliseconds), ct); }
            catch (OperationCanceledException) { break; }
        }
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    /// <summary>Claims what it can and starts it; returns the started work.</summary>
    public async Task<IReadOnlyList<Task>> ClaimAndStartAsync(CancellationToken ct)
    {
        var started = new List<Task>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var id in await store.ListClaimableAsync(now, 20, ct))
        {
            if (!await store.TryClaimAsync(id, node.Name, now, now.AddSeconds(options.ClaimLeaseSeconds), ct)) continue;
            var action = await store.GetAsync(id, ct);
            if (action is null) continue;
            started.Add(Task.Run(() => executor.RunAsync(action, ct), CancellationToken.None));
        }
        return started;
    }
}
