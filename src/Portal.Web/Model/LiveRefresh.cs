using Portal.Domain.Response;

namespace Portal.Web.Model;

/// <summary>
/// Keeps a component's view of containment actions fresh without a page reload: refreshes on the response service's change
/// notification (this node) and reads the store every interval while something shown is still moving (work may run on another node).
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    private readonly ContainmentBoard _board;
    private readonly Func<Task> _refresh;
    private readonly Func<bool> _isLive;
    private readonly CancellationTokenSource _stop = new();

    /// <param name="refresh">Re-reads and re-renders (called off the renderer: marshal with InvokeAsync).</param>
    /// <param name="isLive">True while something shown is not final.</param>
    public LiveRefresh(ContainmentBoard board, Func<Task> refresh, Func<bool> isLive, TimeSpan? interval = null)
    {
        _board = board;
        _refresh = refresh;
        _isLive = isLive;
        _board.Changed += OnChanged;
        _ = PollAsync(interval ?? TimeSpan.FromSeconds(1));
    }

    private void OnChanged(ContainmentSnapshot snapshot) => _ = SafeRefreshAsync();

    private async Task PollAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                if (_isLive()) await SafeRefreshAsync();
        }
        catch (OperationCanceledException) { }
    }

    private async Task SafeRefreshAsync()
    {
        if (_stop.IsCancellationRequested) return;
        // A circuit that went away (or a store hiccup) must not crash the timer; the next tick tries again.
        try { await _refresh(); } catch (Exception) { }
    }

    public void Dispose()
    {
        _board.Changed -= OnChanged;
        _stop.Cancel();
        _stop.Dispose();
    }
}
