using System.Collections.Concurrent;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Response;

namespace Portal.Playbooks.Tests;

/// <summary>An in-test response service: records what playbooks ask for and ends each action as the test decides.
/// Only for engine tests; the end-to-end tests use the real ContainmentService against AzureSim.</summary>
public sealed class RecordingContainment : IContainmentRequests
{
    public sealed record Call(ContainmentRequest Request, string Actor, string? Source);

    private readonly ConcurrentDictionary<Guid, ContainmentSnapshot> _actions = new();
    private readonly ConcurrentDictionary<string, Guid> _byKey = new();
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Decides the final state of each new action; default: succeeded.</summary>
    public Func<ContainmentRequest, (ContainmentStatus Status, string? Error)> Finish { get; set; } = _ => (ContainmentStatus.Succeeded, null);

    /// <summary>When set, the request itself is refused with this problem.</summary>
    public Func<ContainmentRequest, OnboardingProblem?> Refuse { get; set; } = _ => null;

    public Task<Outcome<ContainmentSnapshot>> RequestAsync(ContainmentRequest request, string actor, string? source, CancellationToken ct = default)
    {
        Calls.Enqueue(new Call(request, actor, source));
        if (Refuse(request) is { } problem) return Task.FromResult<Outcome<ContainmentSnapshot>>(problem);
        if (request.IdempotencyKey is { } key && _byKey.TryGetValue(key, out var known))
            return Task.FromResult<Outcome<ContainmentSnapshot>>(_actions[known]);
        var (status, error) = Finish(request);
        var snapshot = new ContainmentSnapshot(Guid.NewGuid(), request.Kind, status, error);
        _actions[snapshot.Id] = snapshot;
        if (request.IdempotencyKey is { } k) _byKey[k] = snapshot.Id;
        // The caller first sees the action as requested; WaitAsync gives the final state.
        return Task.FromResult<Outcome<ContainmentSnapshot>>(snapshot with { Status = ContainmentStatus.Requested, Error = null });
    }

    public Task<ContainmentSnapshot?> WaitAsync(Guid id, TimeSpan timeout, CancellationToken ct = default) =>
        Task.FromResult(_actions.TryGetValue(id, out var s) ? s : null);
}
