using Portal.Domain.Sync;

namespace Portal.Web.Model;

/// <summary>What the Re-scan panel says about a run.</summary>
public static class RescanProgress
{
    /// <summary>A finished run's message ends with the result counts as they were at scan time ("… (12 failed, 0 whitelisted, …)").
    /// Whitelisting changes them at once, so a page that shows counts as of now beside that sentence contradicts itself (defect 8:
    /// "0 whitelisted" above a card saying 1). Only the part about the resources read is shown; the counts come from the live totals.</summary>
    public static string Text(SyncProgress progress)
    {
        if (progress.Phase != SyncPhase.Succeeded) return progress.Message;
        var resources = progress.Message.Split(';', 2)[0].Trim();
        return $"Scan finished: {resources}.";
    }
}
