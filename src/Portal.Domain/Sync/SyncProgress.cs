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

    /// <summary>Starts reporting one run: every report carries the run's start time, finished ones their end time.</summary>
    public SyncReporter Begin(Guid accountId, SyncKind kind, TimeProvider clock) => new(this, accountId, kind, clock);

    public SyncProgress? Latest(Guid accountId, SyncKind kind) => _latest.GetValueOrDefault((accountId, kind));

    public IReadOnlyList<SyncProgress> ForAccount(Guid accountId) =>
        _latest.Values.Where(p => p.AccountId == accountId).OrderBy(p => p.Kind).ToList();
}

/// <summary>The progress reports of one run.</summary>
public sealed class SyncReporter(SyncProgressBoard board, Guid accountId, SyncKind kind, TimeProvider clock)
{
    public DateTime Started { get; } = clock.GetUtcNow().UtcDateTime;

    public void Report(SyncPhase phase, string message, int items) =>
        board.Publish(new SyncProgress(accountId, kind, phase, message, items, Started, phase == SyncPhase.Running ? null : clock.GetUtcNow().UtcDateTime));
}
