using Portal.Cspm;
using Portal.Domain.Risks;

namespace Portal.Web.Model;

/// <summary>Which whitelist entries the Whitelists page lists.</summary>
public enum WhitelistStateFilter { Active, Expired, Removed, All }

/// <summary>A whitelist entry as the Whitelists page shows it, with the check's title and its state now.</summary>
public sealed record WhitelistRow(WhitelistEntry Entry, string CheckTitle, Severity? Severity, WhitelistEntryState State)
{
    public static WhitelistRow From(WhitelistEntry e, DateTime now)
    {
        var m = CheckCatalog.Find(e.CheckId)?.Metadata;
        return new WhitelistRow(e, m?.Title ?? e.CheckId, m?.Severity, e.State(now));
    }

    public bool Shows(WhitelistStateFilter filter) => filter switch
    {
        WhitelistStateFilter.Active => State == WhitelistEntryState.Active,
        WhitelistStateFilter.Expired => State == WhitelistEntryState.Expired,
        WhitelistStateFilter.Removed => State == WhitelistEntryState.Removed,
        _ => true,
    };
}
