using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Sync;

namespace Portal.Web.Model;

/// <summary>Where the configuration data of the accounts in view stands. An empty list is only "all clear" when a scan has run:
/// before the first resource sync (or while it runs) there is nothing to show yet, and the pages must say so (defect 1).</summary>
public enum ScanStatus
{
    /// <summary>No account has the CSPM feature.</summary>
    NoCspm,
    /// <summary>CSPM is on, but no resource sync (with its scan) has finished and none is running.</summary>
    NotScanned,
    /// <summary>No scan has finished yet and one is running now.</summary>
    Running,
    /// <summary>At least one account in view has been scanned: its results are what the page shows.</summary>
    Scanned,
}

/// <summary>One CSPM account: when its resources were last synced and scanned, and the run in progress if any.</summary>
public sealed record AccountScanState(CloudAccount Account, SyncProgress? Progress)
{
    public bool Running => Progress?.Phase == SyncPhase.Running;
    public bool Scanned => Account.LastResourceSyncAt is not null;
    public bool LastRunFailed => Progress?.Phase == SyncPhase.Failed;

    /// <summary>"scanned 2026-12-03 08:10 UTC", "scan running", "not scanned yet".</summary>
    public string Label => Running ? "scan running" : Account.LastResourceSyncAt is { } t ? $"scanned {t:yyyy-MM-dd HH:mm} UTC" : "not scanned yet";
}

public static class ScanStates
{
    /// <summary>The CSPM accounts (all, or the one picked) with their latest resource-sync progress on this portal instance.</summary>
    public static IReadOnlyList<AccountScanState> Of(IEnumerable<CloudAccount> accounts, SyncProgressBoard board, Guid? accountId = null) =>
        accounts.Where(a => a.Has(CloudFeature.Cspm) && (accountId is null || a.Id == accountId))
            .Select(a => new AccountScanState(a, board.Latest(a.Id, SyncKind.Resources)))
            .ToList();

    public static ScanStatus Overall(IReadOnlyList<AccountScanState> states) =>
        states.Count == 0 ? ScanStatus.NoCspm
        : states.Any(s => s.Scanned) ? ScanStatus.Scanned
        : states.Any(s => s.Running) ? ScanStatus.Running
        : ScanStatus.NotScanned;
}
