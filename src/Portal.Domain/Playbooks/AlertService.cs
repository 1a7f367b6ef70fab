using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Inventory;

namespace Portal.Domain.Playbooks;

/// <summary>Receives alerts: validates them, resolves the VM through the hosts inventory, stores each alert once (by its dedup key)
/// and lets the playbook engine start the runs it matches.</summary>
public sealed class AlertService(IAlertStore alerts, IPlaybookRunStore runs, IHostStore hosts, PlaybookEngine engine, IAuditLog audit, TimeProvider clock)
{
    public const int MaxDescriptionLength = 4000;

    public async Task<Outcome<AlertReceipt>> ReceiveAsync(AlertRequest request, string actor, string? source, CancellationToken ct = default)
    {
        var (problem, severity, ip) = Validate(request);
        Host? vm = null;
        if (problem is null && !string.IsNullOrWhiteSpace(request.Vm))
            (vm, problem) = await ResolveVmAsync(request.Vm.Trim(), ct);
        if (problem is not null)
        {
            await audit.RecordAsync(new AuditEvent(actor, "alert.receive", $"{request.Source}:{request.Id}", AuditOutcome.Failed, source, problem.Detail), ct);
            return problem;
        }

        var alert = new Alert
        {
            Id = Guid.NewGuid(),
            Source = request.Source!.Trim(),
            ExternalId = string.IsNullOrWhiteSpace(request.Id) ? null : request.Id.Trim(),
            Severity = severity,
            AttackerIp = ip,
            Vm = string.IsNullOrWhiteSpace(request.Vm) ? null : request.Vm.Trim(),
            VmResourceId = vm?.ResourceId,
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
            ReceivedBy = actor,
        };
        alert.DedupKey = Alert.KeyFor(alert.Source, alert.ExternalId, alert.Severity, alert.AttackerIp, alert.VmResourceId ?? alert.Vm, alert.Description);

        var (stored, added) = await alerts.AddAsync(alert, ct);
        if (!added)
        {
            var earlier = await runs.QueryAsync(new PlaybookRunQuery { AlertId = stored.Id, PageSize = 100 }, ct);
            await audit.RecordAsync(new AuditEvent(actor, "alert.receive", Target(stored), AuditOutcome.Succeeded, source,
                $"Duplicate of the alert received {stored.ReceivedAt:u} (key {stored.DedupKey}); no new run."), ct);
            return new AlertReceipt(stored, true, earlier.Items);
        }
        var started = await engine.OnAlertAsync(stored, vm, ct);
        await audit.RecordAsync(new AuditEvent(actor, "alert.receive", Target(stored), AuditOutcome.Succeeded, source,
            $"{stored.Severity} alert from {stored.Source}; attacker {stored.AttackerIp ?? "none"}; VM {stored.VmResourceId ?? "none"}; " +
            $"{started.Count} playbook run(s): {string.Join(", ", started.Select(r => r.PlaybookName))}"), ct);
        return new AlertReceipt(stored, false, started);
    }

    public Task<PagedResult<Alert>> ListAsync(AlertQuery query, CancellationToken ct = default) => alerts.QueryAsync(query, ct);

    public Task<Alert?> GetAsync(Guid id, CancellationToken ct = default) => alerts.GetAsync(id, ct);

    public static (OnboardingProblem? Problem, Severity Severity, string? Ip) Validate(AlertRequest r)
    {
        var src = r.Source?.Trim() ?? "";
        if (src.Length is 0 or > 100) return (Invalid("'source' is required, at most 100 characters (the tool that raised the alert)."), default, null);
        if (r.Id is { Length: > 200 }) return (Invalid("'id' must be at most 200 characters."), default, null);
        if (!TryParseSeverity(r.Severity, out var severity)) return (Invalid($"'severity' must be low, medium, high or critical (got '{r.Severity}')."), default, null);
        string? ip = null;
        if (!string.IsNullOrWhiteSpace(r.AttackerIp) && (ip = IpPrefix.Normalize(r.AttackerIp)) is null)
            return (Invalid($"'attackerIp' '{r.AttackerIp}' is not an IPv4/IPv6 address or CIDR."), default, null);
        if (r.Vm is { Length: > 512 }) return (Invalid("'vm' must be at most 512 characters."), default, null);
        if (r.Description is { Length: > MaxDescriptionLength }) return (Invalid($"'description' must be at most {MaxDescriptionLength} characters."), default, null);
        return (null, severity, ip);
    }

    /// <summary>Names only (not numbers): "high", "High", "HIGH".</summary>
    public static bool TryParseSeverity(string? value, out Severity severity) =>
        Enum.TryParse(value?.Trim(), ignoreCase: true, out severity) && Enum.IsDefined(severity) && !char.IsDigit(value!.Trim()[0]);

    /// <summary>A VM resource id or name, as the hosts inventory knows it (removed VMs do not count); a name shared by several VMs is ambiguous.</summary>
    private async Task<(Host?, OnboardingProblem?)> ResolveVmAsync(string vm, CancellationToken ct)
    {
        var found = await hosts.QueryAsync(new HostQuery { Search = vm, PageSize = 1000 }, ct);
        var byId = found.Items.FirstOrDefault(h => h.ResourceId.Equals(vm.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
        if (byId is not null) return (byId, null);
        var byName = found.Items.Where(h => h.Name.Equals(vm, StringComparison.OrdinalIgnoreCase)).ToList();
        return byName.Count switch
        {
            1 => (byName[0], null),
            0 => (null, Invalid($"'vm' '{vm}' is not a VM of the hosts inventory: give its resource id or name (sync hosts first if it is new).")),
            _ => (null, Invalid($"'vm' '{vm}' names {byName.Count} VMs ({string.Join(", ", byName.Select(h => h.ResourceGroup))}): give its resource id.")),
        };
    }

    private static string Target(Alert a) => $"alert {a.Id} ({a.Source}{(a.ExternalId is null ? "" : ":" + a.ExternalId)})";

    private static OnboardingProblem Invalid(string detail) => OnboardingProblem.Invalid(detail);
}
