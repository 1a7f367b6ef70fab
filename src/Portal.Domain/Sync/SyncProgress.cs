using System.Collections.Concurrent;

namespace Portal.Domain.Sync;

public enum SyncPhase { Running, Succeeded, Failed }

/// <summary>Where a run of one account stands, for the live view.</summary>
public sealed record SyncProgress(Guid AccountId, SyncKind Kind, SyncPhase Phase, string Message, int ItemsSoFar, DateTime StartedAt, DateTime? FinishedAt);

/// <summary>
/// The live state of runs on this portal instance. Pages subscribe to <see cref="Changed"/>; runs publish to it.
/// (On a cluster each instance sees the runs it executes; the stored last-sync times are shared.)
/// </summary>
public sealed class SyncProgressBoard
{
    private readonly ConcurrentDictionary<(Guid, SyncKind), SyncProgress> _latest = new();

    public event Action<SyncProgress>? Changed;

    public void Publish(SyncProgress progress)
    {
        _latest[(progress.AccountId, progress.Kind)] = progress;
        Changed?.Invoke(progress);
    }

    public SyncProgress? Latest(Guid accountId, SyncKind kind) => _latest.GetValueOrDefault((accountId, kind));

    public IReadOnlyList<SyncProgress> ForAccount(Guid accountId) =>
        _latest.Values.Where(p => p.AccountId == accountId).OrderBy(p => p.Kind).ToList();
}
