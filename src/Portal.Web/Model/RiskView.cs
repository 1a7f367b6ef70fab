using Portal.Cspm;
using Portal.Domain.Risks;

namespace Portal.Web.Model;

/// <summary>Which check rows the Configuration risks page lists: those with failures, with whitelisted results, or every check.</summary>
public enum RiskStatusFilter { Failed, Whitelisted, Passed, All }

/// <summary>Presentation helpers shared by the risk, resource and whitelist pages.</summary>
public static class RiskView
{
    public static string SeverityBadge(Severity s) => s switch
    {
        Severity.Critical => "sev-critical",
        Severity.High => "sev-high",
        Severity.Medium => "sev-medium",
        _ => "sev-low",
    };

    public static string StatusBadge(RiskStatus s) => s switch
    {
        RiskStatus.Failed => "text-bg-danger",
        RiskStatus.Whitelisted => "text-bg-info",
        _ => "text-bg-success",
    };

    public static string StateBadge(WhitelistEntryState s) => s switch
    {
        WhitelistEntryState.Active => "text-bg-success",
        WhitelistEntryState.Expired => "text-bg-warning",
        _ => "text-bg-secondary",
    };

    public static bool Shows(CheckSummary row, RiskStatusFilter filter) => filter switch
    {
        RiskStatusFilter.Failed => row.Failed > 0,
        RiskStatusFilter.Whitelisted => row.Whitelisted > 0,
        RiskStatusFilter.Passed => row.Passed > 0 && row.Failed == 0,
        _ => true,
    };

    /// <summary>The services the catalog covers, for the service filters.</summary>
    public static IReadOnlyList<string> Services { get; } =
        CheckCatalog.All.Select(c => c.Metadata.Service).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>CIS sections the catalog maps to, as filter choices: each top-level section and its first-level subsections ("3", "3.1").</summary>
    public static IReadOnlyList<string> CisSections { get; } = CheckCatalog.All.SelectMany(c => c.Metadata.Cis)
        .SelectMany(id => { var parts = id.Split('.'); return parts.Length > 1 ? new[] { parts[0], parts[0] + "." + parts[1] } : new[] { parts[0] }; })
        .Distinct().OrderBy(s => s, SectionOrder.Instance).ToList();

    /// <summary>The last segment of an ARM id (the name when no stored resource is known).</summary>
    public static string NameOf(string resourceId) => resourceId.TrimEnd('/')[(resourceId.TrimEnd('/').LastIndexOf('/') + 1)..];

    /// <summary>Orders "2", "3", "3.1", "3.10", "10" as numbers, segment by segment.</summary>
    private sealed class SectionOrder : IComparer<string>
    {
        public static readonly SectionOrder Instance = new();
        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.');
            var b = (y ?? "").Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = int.TryParse(a[i], out var na) && int.TryParse(b[i], out var nb) ? na.CompareTo(nb) : string.CompareOrdinal(a[i], b[i]);
                if (c != 0) return c;
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}
