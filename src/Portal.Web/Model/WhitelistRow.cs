using Portal.Cspm;
using Portal.Domain.Risks;

namespace Portal.Web.Model;

/// <summary>Which whitelist entries the Whitelists page lists (the store filters by state, see <see cref="WhitelistQuery.State"/>).</summary>
public enum WhitelistStateFilter { Active, Expired, Removed, All }

/// <summary>A whitelist entry as the Whitelists page shows it: the check's title, its scope in words and its state now.</summary>
public sealed record WhitelistRow(WhitelistEntry Entry, string CheckTitle, Severity? Severity, WhitelistEntryState State, ScopeWords Scope)
{
    public static WhitelistRow From(WhitelistEntry e, DateTime now, ScopeNames names)
    {
        var m = CheckCatalog.Find(e.CheckId)?.Metadata;
        return new WhitelistRow(e, m?.Title ?? e.CheckId, m?.Severity, e.State(now), names.Describe(e.ScopeType, e.ScopeValue));
    }

    public static WhitelistEntryState? ToState(WhitelistStateFilter f) => f switch
    {
        WhitelistStateFilter.Active => WhitelistEntryState.Active,
        WhitelistStateFilter.Expired => WhitelistEntryState.Expired,
        WhitelistStateFilter.Removed => WhitelistEntryState.Removed,
        _ => null,
    };
}
