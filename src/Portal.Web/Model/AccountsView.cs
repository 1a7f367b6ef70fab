using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Sync;

namespace Portal.Web.Model;

/// <summary>One kind of sync on an account's card: when it last finished and when it runs next (null = off).</summary>
public sealed record AccountSyncLine(SyncKind Kind, string Title, DateTime? LastAt, DateTimeOffset? NextAt);

/// <summary>One account as the Cloud accounts page shows it.</summary>
public sealed record AccountCard(CloudAccount Account, IReadOnlyList<AccountSyncLine> Syncs, int? SecretDaysLeft, SecretExpiryWarning SecretWarning)
{
    public string StatusText => Account.Status.ToString();

    public string CloudText => Account.Cloud == CloudKind.AzureChina ? "Azure China" : "Azure global";

    public IReadOnlyList<string> FeatureNames => Account.Features.Order().Select(AccountsView.FeatureName).ToList();

    /// <summary>"expires in 12 days (2027-01-02)", "expired 3 days ago", or null when no expiry was given.</summary>
    public string? SecretText => SecretDaysLeft switch
    {
        null => null,
        < 0 and var d => $"The client secret expired {-d} {(d == -1 ? "day" : "days")} ago ({Account.SecretExpiresOn:yyyy-MM-dd}). Rotate it with Edit.",
        0 => $"The client secret expires today ({Account.SecretExpiresOn:yyyy-MM-dd}). Rotate it with Edit.",
        var d => $"The client secret expires in {d} {(d == 1 ? "day" : "days")} ({Account.SecretExpiresOn:yyyy-MM-dd})." + (SecretWarning == SecretExpiryWarning.None ? "" : " Rotate it with Edit."),
    };
}

/// <summary>
/// The Cloud accounts page's logic: the accounts with their health, syncs per kind, next runs and secret countdown;
/// "Sync now" (every sync the account's features need, followed live); removal.
/// </summary>
public sealed class AccountsView(IAccountStore store, ISyncScheduler scheduler, SyncNowService syncNow, OnboardingService onboarding,
    SyncProgressBoard board, TimeProvider clock)
{
    private readonly Dictionary<Guid, SyncRunsView> _requested = [];

    public IReadOnlyList<AccountCard> Cards { get; private set; } = [];

    public async Task LoadAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cards = new List<AccountCard>();
        foreach (var a in await store.ListAsync(ct))
        {
            var next = await scheduler.NextRunsAsync(a.Id, ct);
            var kinds = AccountSyncs.AssetSyncsFor(a).Append(SyncKind.HealthCheck);
            var lines = kinds.Select(k => new AccountSyncLine(k, LastTitle(k), AccountSyncs.LastSucceededAt(a, k), next.GetValueOrDefault(k))).ToList();
            cards.Add(new AccountCard(a, lines, a.SecretDaysLeft(now), a.SecretWarning(now)));
        }
        Cards = cards;
    }

    /// <summary>The syncs the last "Sync now" of this account started, followed live (null when none was asked on this page).</summary>
    public SyncRunsView? Requested(Guid accountId) => _requested.GetValueOrDefault(accountId);

    /// <summary>Scheduled runs going on now that this page did not ask for.</summary>
    public IReadOnlyList<SyncProgress> RunningScheduled(Guid accountId) =>
        board.ForAccount(accountId).Where(p => p.Phase == SyncPhase.Running && Requested(accountId)?.Kinds.Contains(p.Kind) != true).ToList();

    public bool IsSyncing(Guid accountId) => Requested(accountId) is { AllFinished: false };

    /// <summary>Starts every sync the account's features need. Returns the sentence to show.</summary>
    public async Task<string> SyncNowAsync(CloudAccount account, string actor, string? source)
    {
        var started = await syncNow.StartAsync(account.Id, actor, source);
        if (started is null) { await LoadAsync(); return $"{account.Name} no longer exists."; }
        if (started.Started.Count == 0) return $"{account.Name} has neither Host inventory nor CSPM: there is nothing to synchronize.";
        _requested[account.Id] = new SyncRunsView(board, started);
        return $"Started for {account.Name}: {string.Join("; ", started.Started.Select(SyncRunsView.Title))}.";
    }

    public async Task<string> RemoveAsync(CloudAccount account, string actor, string? source)
    {
        var removed = await onboarding.RemoveAsync(account.Id, actor, source);
        _requested.Remove(account.Id);
        await LoadAsync();
        return removed ? $"{account.Name} was removed." : $"{account.Name} no longer exists.";
    }

    public bool Shows(Guid accountId) => Cards.Any(c => c.Account.Id == accountId);

    public static string FeatureName(CloudFeature feature) => feature switch
    {
        CloudFeature.Hosts => "Hosts",
        CloudFeature.Cspm => "CSPM",
        CloudFeature.Response => "Response",
        CloudFeature.Agentless => "Agentless detection",
        _ => feature.ToString(),
    };

    private static string LastTitle(SyncKind kind) => kind switch
    {
        SyncKind.Hosts => "Host sync",
        SyncKind.Resources => "Resource sync and scan",
        _ => "Health check",
    };
}
