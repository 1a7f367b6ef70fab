using Portal.Domain.Accounts;
using Portal.Domain.Inventory;
using Portal.Domain.Risks;

namespace Portal.Domain.Sync;

/// <summary>What the scheduler's jobs run.</summary>
public sealed class AccountSyncRunner(HostSyncService hostSync, ResourceSyncService resourceSync, CredentialHealthService health,
    Agentless.AgentlessScanService agentless) : IAccountSyncRunner
{
    public async Task<bool> RunAsync(Guid accountId, SyncKind kind, CancellationToken cancellationToken) => kind switch
    {
        SyncKind.Hosts => await hostSync.SyncAsync(accountId, cancellationToken),
        SyncKind.HealthCheck => await health.CheckAsync(accountId, cancellationToken),
        SyncKind.Resources => await resourceSync.SyncAsync(accountId, cancellationToken),
        SyncKind.Agentless => await agentless.RunScheduledAsync(accountId, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
