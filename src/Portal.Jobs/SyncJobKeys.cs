using Portal.Domain.Sync;
using Quartz;

namespace Portal.Jobs;

/// <summary>The names the scheduler stores an account's work under. One job per account and kind, so
/// [DisallowConcurrentExecution] (which Quartz keys on the job) means "never the same kind twice at once for one account"
/// while two kinds, or two accounts, run side by side.</summary>
public static class SyncJobKeys
{
    /// <summary>Group of the jobs and of their periodic triggers.</summary>
    public const string Group = "accounts";

    /// <summary>Group of the one-shot "sync now" triggers.</summary>
    public const string NowGroup = "accounts-now";

    public const string AccountIdKey = "accountId";
    public const string KindKey = "kind";

    public static string Name(Guid accountId, SyncKind kind) => $"{kind}-{accountId:D}";

    /// <summary>Job key <c>{kind}-{accountId}</c> in group <c>accounts</c>.</summary>
    public static JobKey Job(Guid accountId, SyncKind kind) => new(Name(accountId, kind), Group);

    /// <summary>The periodic trigger of one kind; same name as its job.</summary>
    public static TriggerKey Periodic(Guid accountId, SyncKind kind) => new(Name(accountId, kind), Group);

    /// <summary>The one-shot trigger "sync now" stores. One name per account and kind, so pressing "now" again while a
    /// run-now is still waiting does not queue a second one.</summary>
    public static TriggerKey Now(Guid accountId, SyncKind kind) => new(Name(accountId, kind), NowGroup);

    public static IReadOnlyList<SyncKind> AllKinds { get; } = Enum.GetValues<SyncKind>();

    /// <summary>Reads the account and kind back from a job key; false for a key that is not one of ours.</summary>
    public static bool TryParse(JobKey key, out Guid accountId, out SyncKind kind)
    {
        accountId = default;
        kind = default;
        if (key.Group != Group) return false;
        var dash = key.Name.IndexOf('-');
        return dash > 0
            && Enum.TryParse(key.Name[..dash], out kind)
            && Guid.TryParse(key.Name[(dash + 1)..], out accountId);
    }
}
