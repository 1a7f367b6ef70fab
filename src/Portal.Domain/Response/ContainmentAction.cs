using Portal.Domain.Auditing;
using Portal.Domain.Cloud;

namespace Portal.Domain.Response;

/// <summary>One Azure call (or check) an action made, with its result: the action's step log.</summary>
/// <param name="Phase">apply, verify or undo.</param>
public sealed record ContainmentStep(DateTime At, string Phase, string Operation, string Resource, bool Succeeded, string Detail, string? ErrorCode = null);

public enum UndoKind
{
    /// <summary>Addresses put in a portal block rule (<see cref="UndoItem.Prefixes"/>); the rule goes when its list is empty.</summary>
    BlockPrefixes,
    /// <summary>A rule the portal created (isolation).</summary>
    RuleCreated,
    /// <summary>An NSG the portal created (deleted after it is detached).</summary>
    NsgCreated,
    /// <summary>A NIC's NSG association the portal changed (<see cref="UndoItem.PreviousNsgId"/> is restored).</summary>
    NicNsgChanged,
    /// <summary>A VM power state the portal changed (<see cref="UndoItem.PreviousPowerState"/> is restored).</summary>
    PowerChanged,
}

/// <summary>Exactly what the portal changed, so that undo removes that and nothing else.</summary>
/// <param name="ResourceId">The NSG, NIC or VM.</param>
public sealed record UndoItem(UndoKind Kind, string ResourceId, string? RuleName = null, IReadOnlyList<string>? Prefixes = null,
    string? PreviousNsgId = null, string? PreviousPowerState = null)
{
    /// <summary>Set once undo has reverted this item (so a retried undo skips it).</summary>
    public bool Undone { get; init; }
}

/// <summary>The outcome of reading Azure back after an action or its undo.</summary>
public sealed record ContainmentVerification(DateTime At, bool Verified, IReadOnlyList<string> Differences, IReadOnlyList<NicAccess> Access);

/// <summary>A containment action as stored: request, state, every step, what it changed (for undo) and its verification.</summary>
public sealed class ContainmentAction
{
    public Guid Id { get; set; }
    public ContainmentKind Kind { get; set; }
    public ContainmentStatus Status { get; set; }
    public Guid AccountId { get; set; }
    public string SubscriptionId { get; set; } = "";
    /// <summary>block_ip: canonical address or CIDR; isolate and power: the VM's resource id.</summary>
    public string Target { get; set; } = "";
    /// <summary>block_ip: the VM, resource group or subscription id; otherwise null.</summary>
    public string? Scope { get; set; }
    public VmPowerAction? PowerAction { get; set; }
    public bool BothDirections { get; set; }
    public string? ManagementCidr { get; set; }
    public bool UseQuarantineNsg { get; set; }
    public string Reason { get; set; } = "";
    public string RequestedBy { get; set; } = "";
    public string? Source { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? IdempotencyKey { get; set; }
    /// <summary>Kind + target + scope while the action is in force (unique: a second request for the same thing finds this one); null once final without effect or undone.</summary>
    public string? ActiveKey { get; set; }
    public Guid? PlaybookRunId { get; set; }
    /// <summary>The portal node working on the action, and until when its claim holds (a crashed node's work is taken over after that).</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? LeaseUntil { get; set; }

    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? ErrorMeaning { get; set; }
    public string? ErrorFix { get; set; }

    public List<ContainmentStep> Steps { get; set; } = [];
    public List<UndoItem> UndoItems { get; set; } = [];
    public ContainmentVerification? Verification { get; set; }

    public string? UndoRequestedBy { get; set; }
    public string? UndoReason { get; set; }
    public DateTime? UndoRequestedAt { get; set; }
    public DateTime? UndoneAt { get; set; }

    public bool IsFinal => Status is ContainmentStatus.Succeeded or ContainmentStatus.Failed or ContainmentStatus.Undone or ContainmentStatus.Rejected;

    /// <summary>In force: succeeded (or failed part-way) with changes left that undo would revert (a restart leaves none).</summary>
    public bool IsInForce => Status is ContainmentStatus.Succeeded or ContainmentStatus.Failed && UndoItems.Any(u => !u.Undone);

    public ContainmentSnapshot Snapshot() => new(Id, Kind, Status, ErrorCode is null ? null : $"{ErrorCode}: {ErrorMeaning ?? ErrorMessage}");

    public static string KeyOf(ContainmentKind kind, string target, string? scope, VmPowerAction? power) =>
        $"{kind}|{target}|{scope}|{power}".ToLowerInvariant();

    public void Fail(CloudError error)
    {
        ErrorCode = error.Code;
        ErrorMessage = error.Message;
        ErrorMeaning = error.Meaning;
        ErrorFix = error.Fix;
    }
}

public sealed record ContainmentQuery
{
    /// <summary>Only actions in force or still queued/running.</summary>
    public bool ActiveOnly { get; init; }
    public ContainmentKind? Kind { get; init; }
    public string? Target { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

public interface IContainmentStore
{
    /// <summary>Inserts the action unless one with the same idempotency key or active key exists; returns the stored one (and whether it is new).</summary>
    Task<(ContainmentAction Action, bool Created)> AddOrGetAsync(ContainmentAction action, CancellationToken ct = default);
    Task<ContainmentAction?> GetAsync(Guid id, CancellationToken ct = default);
    Task<ContainmentAction?> FindAsync(string? idempotencyKey, string? activeKey, CancellationToken ct = default);
    /// <summary>Saves every field (the caller holds the claim, or the action is final).</summary>
    Task UpdateAsync(ContainmentAction action, CancellationToken ct = default);
    /// <summary>Ids of queued work (requested, or undo requested), work a node released part-way (shutdown) and work whose claim has expired.</summary>
    Task<IReadOnlyList<Guid>> ListClaimableAsync(DateTime now, int max, CancellationToken ct = default);
    /// <summary>Atomically takes the action for this node (one UPDATE … WHERE unclaimed): true for exactly one node.</summary>
    Task<bool> TryClaimAsync(Guid id, string node, DateTime now, DateTime leaseUntil, CancellationToken ct = default);
    /// <summary>Atomically moves a final, in-force action to Undoing; false when it is not in such a state.</summary>
    Task<bool> TryRequestUndoAsync(Guid id, string actor, string reason, DateTime now, CancellationToken ct = default);
    Task<PagedResult<ContainmentAction>> QueryAsync(ContainmentQuery query, CancellationToken ct = default);
    /// <summary>Other in-force block actions holding an undo record for this NSG rule and prefix (their block must stay).</summary>
    Task<bool> OtherBlockHoldsAsync(Guid exceptId, string nsgId, string ruleName, string prefix, CancellationToken ct = default);

    Task<IReadOnlyList<ProtectedTarget>> ListProtectedAsync(CancellationToken ct = default);
    Task ReplaceProtectedAsync(IReadOnlyList<ProtectedTarget> targets, CancellationToken ct = default);
}
