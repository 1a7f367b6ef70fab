using Portal.Domain.Accounts;
using Portal.Domain.Cloud;

namespace Portal.Domain.Response;

/// <summary>The containment actions of the Response feature.</summary>
public enum ContainmentKind { BlockIp, Isolate, Power }

/// <summary>Where an action is in its life. Final states: Succeeded, Failed, Undone, Rejected.</summary>
public enum ContainmentStatus { Requested, AwaitingApproval, Running, Succeeded, Failed, Undoing, Undone, Rejected }

/// <summary>What an analyst, the API (<c>POST /api/v1/containment</c>) or a playbook asks for.</summary>
/// <param name="Target">block_ip: an IPv4/IPv6 address or CIDR; isolate and power: a VM resource id.</param>
/// <param name="Scope">block_ip only: a VM, resource group or subscription resource id whose NSGs get the deny rule.</param>
public sealed record ContainmentRequest(ContainmentKind Kind, string? Target, string? Scope, VmPowerAction? PowerAction, string? Reason)
{
    /// <summary>block_ip: also deny outbound traffic to the address (inbound is always denied).</summary>
    public bool BothDirections { get; init; }
    /// <summary>isolate: a CIDR still allowed in and out (e.g. the management network).</summary>
    public string? ManagementCidr { get; init; }
    /// <summary>Makes a retry after a timeout return the first request's action instead of starting another.</summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>isolate: when no free priority precedes the allow rules of a NIC's NSG, attach a quarantine NSG instead (the previous NSG is restored on undo).</summary>
    public bool UseQuarantineNsg { get; init; }
    /// <summary>Set when a playbook run asked for the action.</summary>
    public Guid? PlaybookRunId { get; init; }
}

/// <summary>An action's state as a caller outside the response service sees it.</summary>
public sealed record ContainmentSnapshot(Guid Id, ContainmentKind Kind, ContainmentStatus Status, string? Error);

/// <summary>The response service as playbooks (and any other automation) use it.</summary>
public interface IContainmentRequests
{
    /// <summary>Validates (feature, permissions, protected targets, input) and queues the action; problems come back as an Outcome.</summary>
    Task<Outcome<ContainmentSnapshot>> RequestAsync(ContainmentRequest request, string actor, string? source, CancellationToken ct = default);

    /// <summary>Waits until the action reaches a final state or <paramref name="timeout"/> passes; null when there is no such action.</summary>
    Task<ContainmentSnapshot?> WaitAsync(Guid id, TimeSpan timeout, CancellationToken ct = default);
}
