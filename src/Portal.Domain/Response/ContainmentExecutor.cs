using System.Collections.Concurrent;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Security;

namespace Portal.Domain.Response;

/// <summary>
/// Carries out a claimed action against Azure, step by step: each write's undo record is stored before the write (so a crash
/// never loses it), each call is logged as a step and audited, and the result is verified by reading Azure back.
/// </summary>
public sealed class ContainmentExecutor(ICloudConnector cloud, IAccountStore accounts, ISecretProtector secrets, IContainmentStore store,
    IAuditLog audit, ContainmentBoard board, TimeProvider clock)
{
    private const string PreconditionFailed = "PreconditionFailed";
    private const int MaxAttempts = 5;
    // Writers of one NSG on this node take turns; across nodes the etag (and the read-back) keeps prefixes from being lost.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> NsgLocks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Runs the queued work of a claimed action: apply (Running) or undo (Undoing); always leaves it unclaimed.</summary>
    public async Task RunAsync(ContainmentAction action, CancellationToken ct)
    {
        var undo = action.Status == ContainmentStatus.Undoing;
        try
        {
            var account = await accounts.GetAsync(action.AccountId, ct);
            if (account is null) { Finish(action, CloudError.From("NotFound", "The action's cloud account was removed."), undo); return; }
            CloudCredential credential;
            try { credential = account.OpenCredential(secrets); }
            catch (SecretUnreadableException ex) { Finish(action, CloudError.From("SecretUnreadable", ex.Message), undo); return; }

            var error = undo ? await UndoAsync(action, credential, ct) : await ApplyAsync(action, credential, ct);
            if (error is not null) { Finish(action, error, undo); return; }
            var verification = await VerifyAsync(action, credential, undo, ct);
            action.Verification = verification;
            await StepAsync(action, "verify", "read back", action.Target, verification.Verified, verification.Verified ? "verified" : string.Join(" ", verification.Differences));
            action.Status = undo ? ContainmentStatus.Undone : ContainmentStatus.Succeeded;
            if (undo) { action.UndoneAt = Now; action.ActiveKey = null; }
            else action.FinishedAt = Now;
            // Nothing left to undo (a restart): nothing is in force, and the same action can be asked for again.
            if (!action.UndoItems.Any(u => !u.Undone)) action.ActiveKey = null;
            action.ErrorCode = action.ErrorMessage = action.ErrorMeaning = action.ErrorFix = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A fault of the portal itself (not an Azure answer): the action fails with what happened instead of staying
            // Running, and the undo records stored so far stay usable.
            Finish(action, new CloudError("PortalError", $"{ex.GetType().Name}: {ex.Message}", "The portal failed while carrying out the action.",
                "Check what the steps show; undo what was applied (its undo records are kept) or ask again. The portal's log has the details."), undo);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the claim expires and another node (or this one after restart) resumes; undo records are stored.
            action.ClaimedBy = null;
            await store.UpdateAsync(action, CancellationToken.None);
            throw;
        }
        finally
        {
            if (!ct.IsCancellationRequested)
            {
                action.ClaimedBy = null;
                action.LeaseUntil = null;
                await store.UpdateAsync(action, CancellationToken.None);
                var ok = action.Status is ContainmentStatus.Succeeded or ContainmentStatus.Undone;
                await audit.RecordAsync(new AuditEvent(action.RequestedBy, $"containment.{(undo ? "undo" : Verb(action))}", Describe(action),
                    ok ? AuditOutcome.Succeeded : AuditOutcome.Failed, null,
                    ok ? (action.Verification?.Verified == true ? "verified" : "not verified: " + string.Join(" ", action.Verification?.Differences ?? []))
                       : $"{action.ErrorCode}: {action.ErrorMeaning} {action.ErrorMessage}"), CancellationToken.None);
                board.Publish(action.Snapshot());
            }
        }
    }

    // ---------------- apply

    private async Task<CloudError?> ApplyAsync(ContainmentAction action, CloudCredential credential, CancellationToken ct)
    {
        if (action.Kind == ContainmentKind.Power) return await PowerAsync(action, credential, action.PowerAction!.Value, "apply", ct);
        var read = await ContainmentReader.ReadAsync(cloud, credential, action, ct);
        if (!read.IsSuccess) return await LoggedAsync(action, "apply", "read targets", action.Scope ?? action.Target, read.Error);
        if (action.Kind == ContainmentKind.BlockIp)
        {
            if (read.Value.Nsgs.Count == 0) return CloudError.From(ContainmentProblems.NoNsg, "No network security group protects this scope.");
            var prefix = AddressPrefix.TryParse(action.Target)!;
            var blockPlan = ContainmentReader.Plan(action, read.Value);
            if (blockPlan.Problems.Count > 0) return await LoggedAsync(action, "apply", "plan", action.Scope!, CloudError.From(ContainmentProblems.PlanBlocked, string.Join(" ", blockPlan.Problems)));
            foreach (var nsg in blockPlan.Nsgs.Where(n => n.Changes.Count > 0))
                if (await BlockInNsgAsync(action, credential, nsg.NsgId, prefix, ct) is { } e) return e;
            return null;
        }
        var plan = ContainmentReader.Plan(action, read.Value);
        if (plan.Problems.Count > 0) return CloudError.From(ContainmentProblems.NoFreePriority, string.Join(" ", plan.Problems));
        foreach (var nic in plan.Nics)
            if (await IsolateNicAsync(action, credential, nic, read.Value.Vm!, ct) is { } e) return e;
        return null;
    }

    /// <summary>Puts the address in the portal rules of one NSG: read, plan, conditional write; on an etag conflict read again.</summary>
    private async Task<CloudError?> BlockInNsgAsync(ContainmentAction action, CloudCredential credential, string nsgId, AddressPrefix prefix, CancellationToken ct)
    {
        var gate = NsgLocks.GetOrAdd(nsgId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var nsg = await cloud.GetNetworkSecurityGroupAsync(credential, nsgId, ct);
                if (!nsg.IsSuccess) return await LoggedAsync(action, "apply", "read NSG", nsgId, nsg.Error);
                var plan = ContainmentPlanner.PlanBlock(nsg.Value, [prefix], action.BothDirections);
                if (plan.Problem is not null) return await LoggedAsync(action, "apply", "plan", nsgId, CloudError.From(ContainmentProblems.PlanBlocked, $"{nsg.Value.Name}: {plan.Problem}"));
                var conflict = false;
                foreach (var change in plan.Changes)
                {
                    await Remember(action, new UndoItem(UndoKind.BlockPrefixes, nsgId, change.RuleName, [prefix.ToString()]), ct);
                    if (change.Kind == RuleChangeKind.Unchanged)
                    {
                        await StepAsync(action, "apply", "rule already holds the address", $"{nsg.Value.Name}/{change.RuleName}", true, $"priority {change.After!.Priority}");
                        continue;
                    }
                    var put = await cloud.PutSecurityRuleAsync(credential, nsgId, change.After!, change.Before?.Etag, ct);
                    if (!put.IsSuccess && put.Error.Code == PreconditionFailed && attempt < MaxAttempts)
                    {
                        await StepAsync(action, "apply", "put security rule", $"{nsg.Value.Name}/{change.RuleName}", false, "the rule changed since it was read; reading it again", put.Error.Code);
                        conflict = true;
                        break;
                    }
                    if (!put.IsSuccess) return await LoggedAsync(action, "apply", "put security rule", $"{nsg.Value.Name}/{change.RuleName}", put.Error);
                    await StepAsync(action, "apply", change.Kind == RuleChangeKind.Create ? "create security rule" : "update security rule", $"{nsg.Value.Name}/{change.RuleName}", true,
                        $"Deny {change.After!.Direction} at priority {change.After.Priority}; {Prefixes(change.After).Count} address(es), added {prefix}");
                }
                if (conflict) { await store.UpdateAsync(action, ct); continue; }
                // Two first writers on different nodes can both create the rule unconditionally: make sure ours survived.
                var back = await cloud.GetNetworkSecurityGroupAsync(credential, nsgId, ct);
                if (back.IsSuccess && attempt < MaxAttempts && plan.Changes.Any(c => back.Value.Rules.FirstOrDefault(r => r.Name.Equals(c.RuleName, StringComparison.OrdinalIgnoreCase)) is not { } r
                                                                                  || !ContainmentPlanner.ContainsPrefix(Prefixes(r), prefix.ToString())))
                    continue;
                await store.UpdateAsync(action, ct);
                return null;
            }
        }
        finally { gate.Release(); }
    }

    private async Task<CloudError?> IsolateNicAsync(ContainmentAction action, CloudCredential credential, NicIsolationPlan nic, VmInfo vm, CancellationToken ct)
    {
        if (nic.Mode != IsolationMode.RulesInNicNsg)
        {
            await Remember(action, new UndoItem(UndoKind.NsgCreated, nic.NsgId), ct);
            var created = await cloud.CreateNetworkSecurityGroupAsync(credential, nic.Create!, ct);
            if (!created.IsSuccess) return await LoggedAsync(action, "apply", "create NSG", nic.NsgName, created.Error);
            await StepAsync(action, "apply", "create NSG", nic.NsgName, true, $"{nic.Mode} in {vm.ResourceGroup} ({vm.Location})");
        }
        else
            foreach (var rule in nic.Rules) await Remember(action, new UndoItem(UndoKind.RuleCreated, nic.NsgId, rule.Name), ct);
        foreach (var rule in nic.Rules)
        {
            var put = await cloud.PutSecurityRuleAsync(credential, nic.NsgId, rule, null, ct);
            if (!put.IsSuccess) return await LoggedAsync(action, "apply", "put security rule", $"{nic.NsgName}/{rule.Name}", put.Error);
            await StepAsync(action, "apply", "create security rule", $"{nic.NsgName}/{rule.Name}", true, $"{rule.Access} {rule.Direction} at priority {rule.Priority}");
        }
        if (nic.Mode != IsolationMode.RulesInNicNsg)
        {
            await Remember(action, new UndoItem(UndoKind.NicNsgChanged, nic.NicId, PreviousNsgId: nic.PreviousNsgId), ct);
            var set = await cloud.SetNetworkInterfaceNsgAsync(credential, nic.NicId, nic.NsgId, ct);
            if (!set.IsSuccess) return await LoggedAsync(action, "apply", "attach NSG", ResourceIds.NameOf(nic.NicId), set.Error);
            await StepAsync(action, "apply", "attach NSG", ResourceIds.NameOf(nic.NicId), true,
                nic.PreviousNsgId is null ? $"{nic.NsgName} attached (the NIC had no NSG)" : $"{nic.NsgName} replaces {ResourceIds.NameOf(nic.PreviousNsgId)}");
        }
        await store.UpdateAsync(action, ct);
        return null;
    }

    private async Task<CloudError?> PowerAsync(ContainmentAction action, CloudCredential credential, VmPowerAction power, string phase, CancellationToken ct)
    {
        if (phase == "apply")
        {
            var vm = await cloud.GetVirtualMachineAsync(credential, action.Target, ct);
            if (!vm.IsSuccess) return await LoggedAsync(action, phase, "read VM", action.Target, vm.Error);
            if (power != VmPowerAction.Restart)
                await Remember(action, new UndoItem(UndoKind.PowerChanged, action.Target, PreviousPowerState: vm.Value.PowerState), ct);
        }
        var result = await cloud.RunPowerActionAsync(credential, action.Target, power, ct);
        if (!result.IsSuccess) return await LoggedAsync(action, phase, power.ToString(), ResourceIds.NameOf(action.Target), result.Error);
        await StepAsync(action, phase, power.ToString(), ResourceIds.NameOf(action.Target), true, $"power state now {result.Value}");
        await store.UpdateAsync(action, ct);
        return null;
    }

    // ---------------- undo

    private async Task<CloudError?> UndoAsync(ContainmentAction action, CloudCredential credential, CancellationToken ct)
    {
        for (var i = action.UndoItems.Count - 1; i >= 0; i--)
        {
            var item = action.UndoItems[i];
            if (item.Undone) continue;
            var error = item.Kind switch
            {
                UndoKind.BlockPrefixes => await UnblockAsync(action, credential, item, ct),
                UndoKind.RuleCreated => await CheckAsync(action, "delete security rule", $"{ResourceIds.NameOf(item.ResourceId)}/{item.RuleName}",
                    await cloud.DeleteSecurityRuleAsync(credential, item.ResourceId, item.RuleName!, ct)),
                UndoKind.NicNsgChanged => await CheckAsync(action, "restore NIC NSG", ResourceIds.NameOf(item.ResourceId),
                    (await cloud.SetNetworkInterfaceNsgAsync(credential, item.ResourceId, item.PreviousNsgId, ct)).Map(_ => true),
                    item.PreviousNsgId is null ? "NSG detached (the NIC had none)" : $"{ResourceIds.NameOf(item.PreviousNsgId)} attached again"),
                UndoKind.NsgCreated => await CheckAsync(action, "delete NSG", ResourceIds.NameOf(item.ResourceId),
                    await cloud.DeleteNetworkSecurityGroupAsync(credential, item.ResourceId, ct)),
                UndoKind.PowerChanged => PowerBack(item.PreviousPowerState) is { } back
                    ? await PowerAsync(action, credential, back, "undo", ct)
                    : null,
                _ => null,
            };
            if (error is not null) return error;
            action.UndoItems[i] = item with { Undone = true };
            await store.UpdateAsync(action, ct);
        }
        return null;
    }

    private async Task<CloudError?> UnblockAsync(ContainmentAction action, CloudCredential credential, UndoItem item, CancellationToken ct)
    {
        var keep = new List<string>();
        foreach (var p in item.Prefixes ?? [])
            if (await store.OtherBlockHoldsAsync(action.Id, item.ResourceId, item.RuleName!, p, ct)) keep.Add(p);
        var remove = (item.Prefixes ?? []).Except(keep).ToList();
        if (keep.Count > 0) await StepAsync(action, "undo", "keep address", $"{ResourceIds.NameOf(item.ResourceId)}/{item.RuleName}", true, $"{string.Join(", ", keep)} stays: another active block holds it");
        if (remove.Count == 0) return null;
        var gate = NsgLocks.GetOrAdd(item.ResourceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var nsg = await cloud.GetNetworkSecurityGroupAsync(credential, item.ResourceId, ct);
                if (!nsg.IsSuccess && nsg.Error.Code is "ResourceNotFound" or "NotFound") return null;
                if (!nsg.IsSuccess) return await LoggedAsync(action, "undo", "read NSG", item.ResourceId, nsg.Error);
                var change = ContainmentPlanner.PlanUnblock(nsg.Value, item.RuleName!, remove);
                var target = $"{nsg.Value.Name}/{item.RuleName}";
                switch (change.Kind)
                {
                    case RuleChangeKind.Unchanged:
                        await StepAsync(action, "undo", "nothing to remove", target, true, $"{string.Join(", ", remove)} no longer in the rule");
                        return null;
                    case RuleChangeKind.Delete:
                        var deleted = await cloud.DeleteSecurityRuleAsync(credential, item.ResourceId, item.RuleName!, ct);
                        if (!deleted.IsSuccess) return await LoggedAsync(action, "undo", "delete security rule", target, deleted.Error);
                        await StepAsync(action, "undo", "delete security rule", target, true, $"removed {string.Join(", ", change.RemovedPrefixes)}; the rule was empty");
                        return null;
                    default:
                        var put = await cloud.PutSecurityRuleAsync(credential, item.ResourceId, change.After!, change.Before!.Etag, ct);
                        if (!put.IsSuccess && put.Error.Code == PreconditionFailed && attempt < MaxAttempts) continue;
                        if (!put.IsSuccess) return await LoggedAsync(action, "undo", "update security rule", target, put.Error);
                        await StepAsync(action, "undo", "update security rule", target, true, $"removed {string.Join(", ", change.RemovedPrefixes)}; {Prefixes(change.After!).Count} address(es) left");
                        return null;
                }
            }
        }
        finally { gate.Release(); }
    }

    /// <summary>The action that restores a previous power state (undo of a power action): stopped → power off, deallocated → deallocate, running → start.</summary>
    public static VmPowerAction? PowerBack(string? previous) => previous?.ToLowerInvariant() switch
    {
        "running" or "starting" => VmPowerAction.Start,
        "stopped" or "stopping" => VmPowerAction.PowerOff,
        "deallocated" or "deallocating" => VmPowerAction.Deallocate,
        _ => null,
    };

    // ---------------- verify

    private async Task<ContainmentVerification> VerifyAsync(ContainmentAction action, CloudCredential credential, bool undo, CancellationToken ct)
    {
        var differences = new List<string>();
        IReadOnlyList<NicAccess> access = [];
        if (action.Kind == ContainmentKind.Power)
        {
            var vm = await cloud.GetVirtualMachineAsync(credential, action.Target, ct);
            var expected = undo ? action.UndoItems.FirstOrDefault(u => u.Kind == UndoKind.PowerChanged)?.PreviousPowerState : ContainmentReader.ExpectedPowerState(action.PowerAction!.Value);
            if (!vm.IsSuccess) differences.Add($"The VM could not be read back: {vm.Error.Code}.");
            else if (expected is not null && !vm.Value.PowerState.Equals(expected, StringComparison.OrdinalIgnoreCase))
                differences.Add($"The VM is {vm.Value.PowerState}, expected {expected}.");
            return new ContainmentVerification(Now, differences.Count == 0, differences, access);
        }
        var read = await ContainmentReader.ReadAsync(cloud, credential, action, ct);
        if (!read.IsSuccess) return new ContainmentVerification(Now, false, [$"The NSGs could not be read back: {read.Error.Code} ({read.Error.Meaning})."], access);
        var targets = read.Value;
        if (targets.Vm is { } v) access = ContainmentPlanner.Access(v, targets.Nsgs, ContainmentReader.Peers(action));

        if (action.Kind == ContainmentKind.BlockIp)
        {
            foreach (var item in action.UndoItems.Where(u => u.Kind == UndoKind.BlockPrefixes))
            {
                var nsg = targets.Nsgs.GetValueOrDefault(item.ResourceId);
                var rule = nsg?.Rules.FirstOrDefault(r => r.Name.Equals(item.RuleName, StringComparison.OrdinalIgnoreCase));
                var holds = rule is not null && ContainmentPlanner.ContainsPrefix(Prefixes(rule), action.Target);
                if (undo)
                {
                    if (holds && !await store.OtherBlockHoldsAsync(action.Id, item.ResourceId, item.RuleName!, action.Target, ct))
                        differences.Add($"{nsg!.Name}/{item.RuleName} still holds {action.Target}.");
                    continue;
                }
                if (!holds) { differences.Add($"{nsg?.Name ?? item.ResourceId}/{item.RuleName} does not hold {action.Target}."); continue; }
                var direction = PortalRules.Is(rule!.Direction, TrafficDirection.Inbound) ? TrafficDirection.Inbound : TrafficDirection.Outbound;
                var firstAllow = PortalRules.FirstAllowPriority(nsg!.Rules, direction, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { rule.Name });
                if (!rule.Access.Equals("Deny", StringComparison.OrdinalIgnoreCase) || rule.Priority >= firstAllow)
                    differences.Add($"{nsg.Name}/{rule.Name} (priority {rule.Priority}) does not precede the allow rule at {firstAllow}.");
            }
            if (!undo)
                foreach (var nic in access)
                    foreach (var d in action.BothDirections ? [TrafficDirection.Inbound, TrafficDirection.Outbound] : new[] { TrafficDirection.Inbound })
                        if (nic.Find(d, action.Target) is { Access: not AccessLevel.Denied } verdict)
                            differences.Add($"{ResourceIds.NameOf(nic.NicId)}: {d.ToString().ToLowerInvariant()} traffic with {action.Target} is still {verdict.Access.ToString().ToLowerInvariant()} ({verdict.Detail}).");
        }
        else
        {
            var vm = targets.Vm!;
            foreach (var item in action.UndoItems)
            {
                if (item.Kind == UndoKind.NicNsgChanged)
                {
                    var nic = vm.Nics.FirstOrDefault(n => n.Id.Equals(item.ResourceId, StringComparison.OrdinalIgnoreCase));
                    var expected = undo ? item.PreviousNsgId : action.UndoItems.First(u => u.Kind == UndoKind.NsgCreated).ResourceId;
                    if (nic is not null && !string.Equals(nic.NsgId, expected, StringComparison.OrdinalIgnoreCase))
                        differences.Add($"{ResourceIds.NameOf(nic.Id)} has NSG {(nic.NsgId is null ? "none" : ResourceIds.NameOf(nic.NsgId))}, expected {(expected is null ? "none" : ResourceIds.NameOf(expected))}.");
                }
                if (item.Kind == UndoKind.RuleCreated && targets.Nsgs.GetValueOrDefault(item.ResourceId) is { } nsg)
                {
                    var present = nsg.Rules.Any(r => r.Name.Equals(item.RuleName, StringComparison.OrdinalIgnoreCase));
                    if (present == undo) differences.Add($"{nsg.Name}/{item.RuleName} is {(undo ? "still there" : "missing")}.");
                }
            }
            if (!undo)
                foreach (var nic in access)
                    foreach (var d in new[] { TrafficDirection.Inbound, TrafficDirection.Outbound })
                        foreach (var peer in new[] { "Internet", "VirtualNetwork" })
                            if (nic.Find(d, peer) is { Access: not AccessLevel.Denied } verdict)
                                differences.Add($"{ResourceIds.NameOf(nic.NicId)}: {d.ToString().ToLowerInvariant()} {peer} traffic is still {verdict.Access.ToString().ToLowerInvariant()} ({verdict.Detail}).");
        }
        return new ContainmentVerification(Now, differences.Count == 0, differences, access);
    }

    // ---------------- helpers

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static IReadOnlyList<string> Prefixes(NsgRuleInfo rule) =>
        PortalRules.Is(rule.Direction, TrafficDirection.Inbound) ? rule.SourceAddressPrefixes : rule.DestinationAddressPrefixes;

    /// <summary>Stores the undo record before the write it describes.</summary>
    private async Task Remember(ContainmentAction action, UndoItem item, CancellationToken ct)
    {
        if (action.UndoItems.Any(u => u.Kind == item.Kind && u.ResourceId.Equals(item.ResourceId, StringComparison.OrdinalIgnoreCase)
                                      && u.RuleName == item.RuleName && !u.Undone)) return;
        action.UndoItems.Add(item);
        await store.UpdateAsync(action, ct);
    }

    private async Task StepAsync(ContainmentAction action, string phase, string operation, string resource, bool ok, string detail, string? code = null)
    {
        action.Steps.Add(new ContainmentStep(Now, phase, operation, resource, ok, detail, code));
        // Each Azure call is audited as it happens, in order.
        await audit.RecordAsync(new AuditEvent(action.RequestedBy, $"containment.step.{phase}", $"{action.Id} {resource}", ok ? AuditOutcome.Succeeded : AuditOutcome.Failed, null,
            $"{operation}: {detail}"));
        board.Publish(action.Snapshot());
    }

    private async Task<CloudError> LoggedAsync(ContainmentAction action, string phase, string operation, string resource, CloudError error)
    {
        await StepAsync(action, phase, operation, resource, false, $"{error.Meaning} ({error.Message})", error.Code);
        return error;
    }

    private async Task<CloudError?> CheckAsync(ContainmentAction action, string operation, string resource, CloudResult<bool> result, string? detail = null)
    {
        if (!result.IsSuccess && result.Error.Code is not ("ResourceNotFound" or "NotFound")) return await LoggedAsync(action, "undo", operation, resource, result.Error);
        await StepAsync(action, "undo", operation, resource, true, detail ?? (result.IsSuccess && result.Value ? "done" : "already gone"));
        return null;
    }

    private void Finish(ContainmentAction action, CloudError error, bool undo)
    {
        action.Fail(error);
        action.Status = ContainmentStatus.Failed;
        action.FinishedAt = Now;
        // A failed apply with nothing changed frees the target for a new request; otherwise the action stays in force for its undo.
        if (!undo && !action.UndoItems.Any(u => !u.Undone)) action.ActiveKey = null;
    }

    public static string Verb(ContainmentAction a) => a.Kind switch
    {
        ContainmentKind.BlockIp => "block-ip",
        ContainmentKind.Isolate => "isolate",
        _ => "power",
    };

    public static string Describe(ContainmentAction a) => a.Kind switch
    {
        ContainmentKind.BlockIp => $"{a.Target} at {a.Scope} ({a.Id})",
        ContainmentKind.Power => $"{a.PowerAction} {a.Target} ({a.Id})",
        _ => $"{a.Target} ({a.Id})",
    };
}
