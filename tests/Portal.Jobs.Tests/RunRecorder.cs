using System.Collections.Concurrent;
using Portal.Domain.Sync;

namespace Portal.Jobs.Tests;

/// <summary>What the jobs asked the application to do: every run, where it ran, and how many runs of one account and kind
/// were going on at once. Shared by every host of a test (they run in this one process), so overlaps across cluster nodes
/// show up too.</summary>
public sealed class RunRecorder
{
    public sealed record Run(Guid AccountId, SyncKind Kind, string Node, DateTimeOffset Started, DateTimeOffset Ended, bool Cancelled);

    private readonly ConcurrentQueue<Run> _runs = new();
    private readonly ConcurrentDictionary<(Guid, SyncKind), int> _active = new();
    private readonly ConcurrentDictionary<(Guid, SyncKind), int> _maxActive = new();
    private readonly ConcurrentDictionary<Guid, bool> _gone = new();
    private readonly ConcurrentDictionary<Guid, TimeSpan> _durations = new();

    /// <summary>How long a run of this account takes (zero unless set).</summary>
    public void SetDuration(Guid accountId, TimeSpan duration) => _durations[accountId] = duration;

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _hangs = new();

    /// <summary>Runs on <paramref name="node"/> hang (ignoring cancellation, as a process that died would) until the returned
    /// source is completed.</summary>
    public TaskCompletionSource HangOn(string node) => _hangs.GetOrAdd(node, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>From now on the runner answers "account gone" for this account.</summary>
    public void MarkGone(Guid accountId) => _gone[accountId] = true;

    private readonly ConcurrentQueue<(Guid, SyncKind)> _started = new();

    /// <summary>Finished runs.</summary>
    public IReadOnlyList<Run> Runs => _runs.ToArray();

    /// <summary>Runs started (finished or not) of the account.</summary>
    public int StartedCount(Guid accountId) => _started.Count(s => s.Item1 == accountId);

    public IReadOnlyList<Run> RunsOf(Guid accountId, SyncKind? kind = null) =>
        _runs.Where(r => r.AccountId == accountId && (kind is null || r.Kind == kind)).ToArray();

    public int MaxConcurrent(Guid accountId, SyncKind kind) => _maxActive.GetValueOrDefault((accountId, kind));

    public async Task<bool> RecordAsync(string node, Guid accountId, SyncKind kind, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var cancelled = false;
        _started.Enqueue((accountId, kind));
        var now = _active.AddOrUpdate((accountId, kind), 1, (_, n) => n + 1);
        _maxActive.AddOrUpdate((accountId, kind), now, (_, m) => Math.Max(m, now));
        try
        {
            if (_hangs.TryGetValue(node, out var hang))
                await hang.Task;
            if (_durations.TryGetValue(accountId, out var d) && d > TimeSpan.Zero)
                await Task.Delay(d, cancellationToken);
            return !_gone.ContainsKey(accountId);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
            throw;
        }
        finally
        {
            _active.AddOrUpdate((accountId, kind), 0, (_, n) => n - 1);
            _runs.Enqueue(new Run(accountId, kind, node, started, DateTimeOffset.UtcNow, cancelled));
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test with <paramref name="what"/> after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for: {what}");
            await Task.Delay(50);
        }
    }
}

/// <summary>The test's <see cref="IAccountSyncRunner"/>: the seam the application implements. Records the call and answers
/// whether the account still exists.</summary>
public sealed class RecordingRunner(RunRecorder recorder, string node) : IAccountSyncRunner
{
    public Task<bool> RunAsync(Guid accountId, SyncKind kind, CancellationToken cancellationToken) =>
        recorder.RecordAsync(node, accountId, kind, cancellationToken);
}
