using Portal.Domain.Auditing;
using Portal.Domain.Risks;

namespace Portal.Domain.Playbooks;

/// <summary>The configuration-risk trigger: after each scan, enabled risk playbooks get runs for the failed results they match.
/// A failure here is audited and never fails the scan that was already stored.</summary>
public sealed class PlaybookRiskTrigger(PlaybookEngine engine, IAuditLog audit) : IRiskScanObserver
{
    public async Task OnScannedAsync(Guid accountId, IReadOnlyList<FailedCheck> failed, CancellationToken ct)
    {
        try
        {
            await engine.OnFailedChecksAsync(failed, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await audit.RecordAsync(new AuditEvent("system", "playbook.trigger", $"account {accountId}", AuditOutcome.Failed, null,
                $"Configuration-risk playbooks were not evaluated after the scan: {ex.Message}"), ct);
        }
    }
}
