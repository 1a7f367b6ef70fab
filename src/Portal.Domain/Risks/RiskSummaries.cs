using Portal.Cspm;

namespace Portal.Domain.Risks;

/// <summary>How a stored result shows to the user: a failed result covered by an active whitelist entry is whitelisted.</summary>
public enum RiskStatus { Failed, Passed, Whitelisted }

/// <summary>Filters of the Configuration risks page and of <c>GET /api/v1/risks</c>.</summary>
public sealed record RiskFilter
{
    public Guid? AccountId { get; init; }
    public Severity? Severity { get; init; }
    /// <summary>Catalog service name, case-insensitive.</summary>
    public string? Service { get; init; }
    /// <summary>A CIS section: "3.1" matches checks mapped to 3.1 or any of its subsections (3.1.3.1…).</summary>
    public string? Cis { get; init; }
    public string? CheckId { get; init; }

    public bool Includes(CheckMetadata m) =>
        (Severity is null || m.Severity == Severity)
        && (string.IsNullOrWhiteSpace(Service) || string.Equals(m.Service, Service.Trim(), StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(CheckId) || string.Equals(m.Id, CheckId.Trim(), StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrWhiteSpace(Cis) || m.Cis.Any(c => InSection(c, Cis.Trim())));

    public static bool InSection(string control, string section) =>
        control == section || control.StartsWith(section.TrimEnd('.') + ".", StringComparison.Ordinal);
}

/// <summary>One row of the Configuration risks page (one item of <c>GET /api/v1/risks</c>).</summary>
public sealed record CheckSummary(string CheckId, string Title, Severity Severity, string Service, IReadOnlyList<string> Cis,
    int Failed, int Passed, int Whitelisted);

/// <summary>One resource under a check, as the drill-down shows it.</summary>
public sealed record CheckResourceResult(Guid AccountId, string ResourceId, string? Name, string? Type, RiskStatus Status, string Evidence,
    DateTime EvaluatedAt, Guid? WhitelistEntryId);

/// <summary>One failed (or whitelisted) result with its check, as the export lists it.</summary>
public sealed record RiskFinding(CheckMetadata Check, CheckResourceResult Resource);

/// <summary>The pure computation behind the risk pages: statuses of stored results under the whitelist at a given time.</summary>
public static class RiskSummaries
{
    /// <summary>The status of one result now: passed, failed, or whitelisted (a failed result an active entry covers), with that entry.</summary>
    public static (RiskStatus Status, WhitelistEntry? Entry) StatusOf(RiskResult result, IReadOnlyList<WhitelistEntry> whitelist,
        IReadOnlyDictionary<string, string>? tags, DateTime now)
    {
        if (result.Status == CheckStatus.Passed) return (RiskStatus.Passed, null);
        foreach (var e in whitelist)
            if (e.Covers(result.CheckId, result.ResourceId, tags, now)) return (RiskStatus.Whitelisted, e);
        return (RiskStatus.Failed, null);
    }

    /// <summary>One summary per catalog check that passes <paramref name="filter"/> (also checks without results, with zero counts),
    /// most severe and most failed first.</summary>
    public static IReadOnlyList<CheckSummary> Summarize(IEnumerable<RiskResult> results, IReadOnlyList<WhitelistEntry> whitelist,
        Func<RiskResult, IReadOnlyDictionary<string, string>?> tagsOf, RiskFilter filter, DateTime now, IEnumerable<ICheck>? catalog = null)
    {
        var checks = (catalog ?? CheckCatalog.All).Select(c => c.Metadata).Where(filter.Includes).ToList();
        var counts = checks.ToDictionary(m => m.Id, _ => new int[3], StringComparer.OrdinalIgnoreCase);
        var byCheck = whitelist.GroupBy(e => e.CheckId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => (IReadOnlyList<WhitelistEntry>)g.ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var r in results)
        {
            if (filter.AccountId is { } a && r.AccountId != a) continue;
            if (!counts.TryGetValue(r.CheckId, out var c)) continue;
            var entries = byCheck.GetValueOrDefault(r.CheckId) ?? [];
            var (status, _) = StatusOf(r, entries, entries.Count > 0 && entries.Any(e => e.ScopeType == WhitelistScopeType.Tag) ? tagsOf(r) : null, now);
            c[(int)status]++;
        }
        return Order(checks.Select(m => { var c = counts[m.Id]; return new CheckSummary(m.Id, m.Title, m.Severity, m.Service, m.Cis, c[(int)RiskStatus.Failed], c[(int)RiskStatus.Passed], c[(int)RiskStatus.Whitelisted]); }));
    }

    /// <summary>The same summary from counts the database made (<paramref name="counts"/>: results per check and stored status) and
    /// the number of failed results active whitelist entries cover per check (<paramref name="whitelisted"/>): whitelisted results
    /// move from failed to whitelisted. Results of other accounts must already be filtered out of the counts.</summary>
    public static IReadOnlyList<CheckSummary> FromCounts(IEnumerable<ResultCount> counts, IReadOnlyDictionary<string, int> whitelisted,
        RiskFilter filter, IEnumerable<ICheck>? catalog = null)
    {
        var checks = (catalog ?? CheckCatalog.All).Select(c => c.Metadata).Where(filter.Includes).ToList();
        var byCheck = checks.ToDictionary(m => m.Id, _ => new int[3], StringComparer.OrdinalIgnoreCase);
        foreach (var c in counts)
            if (byCheck.TryGetValue(c.CheckId, out var n)) n[c.Status == CheckStatus.Failed ? (int)RiskStatus.Failed : (int)RiskStatus.Passed] += c.Count;
        foreach (var (checkId, w) in whitelisted)
            if (byCheck.TryGetValue(checkId, out var n)) { n[(int)RiskStatus.Failed] -= w; n[(int)RiskStatus.Whitelisted] += w; }
        return Order(checks.Select(m => { var c = byCheck[m.Id]; return new CheckSummary(m.Id, m.Title, m.Severity, m.Service, m.Cis, c[(int)RiskStatus.Failed], c[(int)RiskStatus.Passed], c[(int)RiskStatus.Whitelisted]); }));
    }

    private static IReadOnlyList<CheckSummary> Order(IEnumerable<CheckSummary> rows) =>
        rows.OrderByDescending(s => s.Severity).ThenByDescending(s => s.Failed).ThenBy(s => s.CheckId, StringComparer.Ordinal).ToList();

    /// <summary>The trend point of a scan: failed (not whitelisted at <paramref name="at"/>) results by severity and service.</summary>
    public static RiskTrendPoint TrendPoint(Guid accountId, IReadOnlyList<RiskResult> results, IReadOnlyList<WhitelistEntry> whitelist,
        Func<RiskResult, IReadOnlyDictionary<string, string>?> tagsOf, int resources, DateTime at)
    {
        var point = new RiskTrendPoint { AccountId = accountId, At = at, Resources = resources };
        foreach (var s in Enum.GetValues<Severity>()) point.FailedBySeverity[s.ToString()] = 0;
        foreach (var r in results)
        {
            var (status, _) = StatusOf(r, whitelist, tagsOf(r), at);
            switch (status)
            {
                case RiskStatus.Passed: point.Passed++; break;
                case RiskStatus.Whitelisted: point.Whitelisted++; break;
                default:
                    point.Failed++;
                    if (CheckCatalog.Find(r.CheckId)?.Metadata is { } m)
                    {
                        point.FailedBySeverity[m.Severity.ToString()] = point.FailedBySeverity.GetValueOrDefault(m.Severity.ToString()) + 1;
                        point.FailedByService[m.Service] = point.FailedByService.GetValueOrDefault(m.Service) + 1;
                    }
                    break;
            }
        }
        return point;
    }

    /// <summary>Several accounts' points as one series: at each scan time, the sum of every account's latest point at or before it.</summary>
    public static IReadOnlyList<RiskTrendPoint> Combine(IEnumerable<RiskTrendPoint> points)
    {
        var ordered = points.OrderBy(p => p.At).ToList();
        var latest = new Dictionary<Guid, RiskTrendPoint>();
        var series = new List<RiskTrendPoint>();
        foreach (var p in ordered)
        {
            latest[p.AccountId] = p;
            var sum = new RiskTrendPoint { AccountId = Guid.Empty, At = p.At };
            foreach (var x in latest.Values)
            {
                sum.Resources += x.Resources; sum.Failed += x.Failed; sum.Passed += x.Passed; sum.Whitelisted += x.Whitelisted;
                foreach (var (k, v) in x.FailedBySeverity) sum.FailedBySeverity[k] = sum.FailedBySeverity.GetValueOrDefault(k) + v;
                foreach (var (k, v) in x.FailedByService) sum.FailedByService[k] = sum.FailedByService.GetValueOrDefault(k) + v;
            }
            if (series.Count > 0 && series[^1].At == p.At) series[^1] = sum; else series.Add(sum);
        }
        return series;
    }
}
