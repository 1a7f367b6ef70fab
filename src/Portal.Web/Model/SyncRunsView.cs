using Portal.Domain.Sync;

namespace Portal.Web.Model;

public enum SyncRunState { Queued, Running, Succeeded, Failed }

/// <summary>One requested sync as the user follows it: queued until its run reports, then running, then its outcome.</summary>
public sealed record SyncRunLine(SyncKind Kind, string Title, SyncRunState State, string Message, int Items, DateTime? StartedAt, DateTime? FinishedAt);

/// <summary>
/// The live progress of the syncs one "Synchronize assets now" / "Sync now" started, from the <see cref="SyncProgressBoard"/>.
/// A run belongs to the request when it started after the request, or was already running when the request came (the
/// scheduler does not start a second one then); an older finished run on the board is not this request's: queued.
/// (On a cluster a run on another node is not on this node's board; the stored last-sync times still show it.)
/// </summary>
public sealed class SyncRunsView
{
    private readonly SyncProgressBoard _board;
    private readonly Dictionary<SyncKind, DateTime> _joined = [];

    public SyncRunsView(SyncProgressBoard board, SyncNowResult request)
    {
        _board = board;
        AccountId = request.Account.Id;
        Kinds = request.Started;
        RequestedAt = request.RequestedAt;
        foreach (var kind in Kinds)
            if (board.Latest(AccountId, kind) is { Phase: SyncPhase.Running } running) _joined[kind] = running.StartedAt;
    }

    public Guid AccountId { get; }
    public IReadOnlyList<SyncKind> Kinds { get; }
    public DateTime RequestedAt { get; }

    public IReadOnlyList<SyncRunLine> Lines => Kinds.Select(Line).ToList();

    public bool AllFinished => Lines.All(l => l.State is SyncRunState.Succeeded or SyncRunState.Failed);
    public bool AnyFailed => Lines.Any(l => l.State == SyncRunState.Failed);

    private SyncRunLine Line(SyncKind kind)
    {
        var p = _board.Latest(AccountId, kind);
        var ours = p is not null && (p.StartedAt >= RequestedAt || (_joined.TryGetValue(kind, out var joined) && p.StartedAt == joined));
        if (!ours) return new(kind, Title(kind), SyncRunState.Queued, "Queued: waiting for the scheduler to start it…", 0, null, null);
        var state = p!.Phase switch { SyncPhase.Running => SyncRunState.Running, SyncPhase.Succeeded => SyncRunState.Succeeded, _ => SyncRunState.Failed };
        return new(kind, Title(kind), state, p.Message, p.ItemsSoFar, p.StartedAt, p.FinishedAt);
    }

    /// <summary>The user's name of each kind of sync.</summary>
    public static string Title(SyncKind kind) => kind switch
    {
        SyncKind.Hosts => "Host sync",
        SyncKind.Resources => "Resource sync and configuration scan (CSPM)",
        SyncKind.HealthCheck => "Credential health check",
        _ => kind.ToString(),
    };
}
