using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Response;

namespace Portal.Domain.Playbooks;

/// <summary>AwaitingApproval → Running (approved) or Rejected; Running → Succeeded or Failed. Automatic runs start Running.</summary>
public enum PlaybookRunStatus { AwaitingApproval, Running, Succeeded, Failed, Rejected }

/// <summary>One containment action of a run, planned when the run is created (so an approver sees exactly what will happen)
/// and filled in with the action's id, state and error as it executes.</summary>
public sealed record PlaybookRunStep
{
    public int Index { get; init; }
    public ContainmentKind Kind { get; init; }
    public string? Target { get; init; }
    public string? Scope { get; init; }
    public VmPowerAction? PowerAction { get; init; }
    public bool BothDirections { get; init; }
    public string? ManagementCidr { get; init; }
    /// <summary>The containment action the step asked for; null until requested (or when the request was refused).</summary>
    public Guid? ContainmentId { get; set; }
    /// <summary>Null until the step starts; then the action's state (Failed when the request itself was refused).</summary>
    public ContainmentStatus? Status { get; set; }
    public string? Error { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    public string Describe() => Kind switch
    {
        ContainmentKind.BlockIp => $"block_ip {Target} at {Scope}{(BothDirections ? " (both directions)" : "")}",
        ContainmentKind.Isolate => $"isolate {Target}{(ManagementCidr is null ? "" : $" except {ManagementCidr}")}",
        _ => $"power {PowerAction} {Target}",
    };
}

/// <summary>One execution of a playbook for one trigger (an alert, or a failed check on a resource).</summary>
public sealed class PlaybookRun
{
    public Guid Id { get; set; }
    public Guid PlaybookId { get; set; }
    public string PlaybookName { get; set; } = "";
    public PlaybookTriggerKind TriggerKind { get; set; }
    /// <summary>"alert:{alert id}" or "risk:{check id}:{resource id}": with the playbook id, unique (a trigger runs a playbook once).</summary>
    public string TriggerRef { get; set; } = "";
    public Guid? AlertId { get; set; }
    public PlaybookRunStatus Status { get; set; }
    public List<PlaybookRunStep> Steps { get; set; } = [];
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>Who approved or rejected the run, when, and why.</summary>
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
    /// <summary>Optimistic concurrency: two analysts deciding at once, or two nodes executing, cannot both win.</summary>
    public int Version { get; set; }

    public bool IsFinal => Status is PlaybookRunStatus.Succeeded or PlaybookRunStatus.Failed or PlaybookRunStatus.Rejected;

    /// <summary>The source recorded on the containment actions and audit entries: what triggered the run.</summary>
    public string Source => TriggerRef.StartsWith("risk:", StringComparison.Ordinal) ? TriggerRef : $"alert:{AlertId}";
}

public sealed record PlaybookRunQuery
{
    public PlaybookRunStatus? Status { get; init; }
    public Guid? PlaybookId { get; init; }
    public Guid? AlertId { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

public interface IPlaybookStore
{
    Task<IReadOnlyList<Playbook>> ListAsync(CancellationToken ct = default);
    Task<Playbook?> GetAsync(Guid id, CancellationToken ct = default);
    /// <summary>False when another playbook already has this name.</summary>
    Task<bool> AddAsync(Playbook playbook, CancellationToken ct = default);
    /// <summary>False when it does not exist or another playbook has the new name.</summary>
    Task<bool> UpdateAsync(Playbook playbook, CancellationToken ct = default);
}

public interface IAlertStore
{
    /// <summary>Stores the alert unless one with the same dedup key exists (a unique index decides, so two nodes cannot both insert);
    /// returns the stored alert and whether it is the one just added.</summary>
    Task<(Alert Alert, bool Added)> AddAsync(Alert alert, CancellationToken ct = default);
    Task<Alert?> GetAsync(Guid id, CancellationToken ct = default);
    /// <summary>Newest first.</summary>
    Task<PagedResult<Alert>> QueryAsync(AlertQuery query, CancellationToken ct = default);
}

public interface IPlaybookRunStore
{
    /// <summary>False when the playbook already has a run for the same trigger.</summary>
    Task<bool> AddAsync(PlaybookRun run, CancellationToken ct = default);
    Task<PlaybookRun?> GetAsync(Guid id, CancellationToken ct = default);
    /// <summary>Saves every field when nobody saved the run since it was read (same <see cref="PlaybookRun.Version"/>), then bumps the version.
    /// False when the run changed meanwhile or does not exist.</summary>
    Task<bool> UpdateAsync(PlaybookRun run, CancellationToken ct = default);
    /// <summary>Newest first.</summary>
    Task<PagedResult<PlaybookRun>> QueryAsync(PlaybookRunQuery query, CancellationToken ct = default);
    /// <summary>The trigger refs among <paramref name="triggerRefs"/> the playbook already ran for.</summary>
    Task<IReadOnlySet<string>> ExistingTriggersAsync(Guid playbookId, IReadOnlyCollection<string> triggerRefs, CancellationToken ct = default);
}

/// <summary>Runs runs in the background: an alert's HTTP request returns as soon as the runs are stored.</summary>
public interface IPlaybookRunQueue
{
    void Enqueue(Guid runId);
}
