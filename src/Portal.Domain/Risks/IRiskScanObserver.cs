using Portal.Cspm;

namespace Portal.Domain.Risks;

/// <summary>A failed (not whitelisted) scan result, as reactions to a scan see it.</summary>
public sealed record FailedCheck(string CheckId, Severity Severity, string ResourceId, IReadOnlyDictionary<string, string>? Tags);

/// <summary>Told after each scan which results failed: the configuration-risk trigger of playbooks listens here, so the
/// risks code knows nothing of playbooks.</summary>
public interface IRiskScanObserver
{
    Task OnScannedAsync(Guid accountId, IReadOnlyList<FailedCheck> failed, CancellationToken ct);
}
