using Portal.Domain.Accounts;
using Portal.Domain.Inventory;

namespace Portal.Domain.Sync;

/// <summary>What the scheduler's jobs run.</summary>
public sealed class AccountSyncRunner(HostSyncService hostSync, CredentialHealthService health, IAccountStore accounts) : IAccountSyncRunner
{
    public async Task<bool> RunAsync(Guid accountId, SyncKind kind, CancellationToken cancellationToken) => kind switch
    {
        SyncKind.Hosts => await hostSync.SyncAsync(accountId, cancellationToken),
        SyncKind.HealthCheck => await health.CheckAsync(accountId, cancellationToken),
        // Resource sync comes with configuration scanning; until then nothing is scheduled for it.
        SyncKind.Resources => await accounts.GetAsync(accountId, cancellationToken) is not null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
