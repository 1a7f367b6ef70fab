using Portal.Cspm;

namespace Portal.Domain.Risks;

/// <summary>What one scan found.</summary>
/// <summary>What one scan found: result counts (failed excludes whitelisted) and how many checks have at least one failed result.</summary>
public sealed record ScanOutcome(int Resources, int Results, int Failed, int Passed, int Whitelisted, int FailedChecks, DateTime At);

/// <summary>
/// Scans an account's stored resources with the rule catalog and answers the risk pages: per-check counts, the resources under a
/// check, the trend. Whitelisting is applied at query time, so an entry that expires or is removed brings its results back at once.
/// </summary>
public sealed class RiskService(IRiskStore risks, IResourceStore resources, IWhitelistStore whitelist, TimeProvider clock)
{
    /// <summary>Evaluates the full catalog over the account's current (non-removed) resources and replaces its results atomically,
    /// appending a trend point.</summary>
    public async Task<ScanOutcome> ScanAsync(Guid accountId, CancellationToken ct = default)
    {
        var current = await resources.ListCurrentAsync(accountId, ct);
        var set = new ResourceSet(current.Select(r => r.ToConfig()));
        var evaluated = CatalogEvaluator.EvaluateAll(set);
        var at = clock.GetUtcNow().UtcDateTime;
        var results = evaluated.Select(r => RiskResult.From(accountId, r, at)).ToList();
        var byId = new Dictionary<string, CloudResource>(StringComparer.Ordinal);
        foreach (var r in current) byId[r.ResourceId] = r;
        var entries = await whitelist.ListActiveAsync(at, null, ct);
        var point = RiskSummaries.TrendPoint(accountId, results, entries, r => byId.GetValueOrDefault(r.ResourceId)?.Tags, current.Count, at);
        await risks.ReplaceResultsAsync(accountId, results, point, ct);
        var failedChecks = results.Where(r => r.Status == CheckStatus.Failed
                && RiskSummaries.StatusOf(r, entries, byId.GetValueOrDefault(r.ResourceId)?.Tags, at).Status == RiskStatus.Failed)
            .Select(r => r.CheckId).Distinct().Count();
        return new ScanOutcome(current.Count, results.Count, point.Failed, point.Passed, point.Whitelisted, failedChecks, at);
    }

    /// <summary>One row per catalog check passing the filter, with failed / passed / whitelisted counts as of now. The database counts;
    /// only the failed results of checks that have active whitelist entries are read to see which of them are covered.</summary>
    public async Task<IReadOnlyList<CheckSummary>> SummaryAsync(RiskFilter filter, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var checkIds = CheckIdsFor(filter);
        var counts = await risks.CountAsync(filter.AccountId, checkIds, ct);
        var entries = await whitelist.ListActiveAsync(now, checkIds, ct);
        var whitelisted = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (entries.Count > 0)
        {
            var covered = await risks.ListResultsAsync(filter.AccountId, entries.Select(e => e.CheckId).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), ct, CheckStatus.Failed);
            var tags = await TagsForAsync(covered, entries, filter.AccountId, ct);
            var byCheck = entries.GroupBy(e => e.CheckId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => (IReadOnlyList<WhitelistEntry>)g.ToList(), StringComparer.OrdinalIgnoreCase);
            foreach (var r in covered)
                if (byCheck.TryGetValue(r.CheckId, out var forCheck)
                    && RiskSummaries.StatusOf(r, forCheck, tags.GetValueOrDefault((r.AccountId, r.ResourceId))?.Tags, now).Status == RiskStatus.Whitelisted)
                    whitelisted[r.CheckId] = whitelisted.GetValueOrDefault(r.CheckId) + 1;
        }
        return RiskSummaries.FromCounts(counts, whitelisted, filter);
    }

    /// <summary>Every resource the check reported on (optionally of one account, optionally only one status), failed first.</summary>
    public async Task<IReadOnlyList<CheckResourceResult>> ResourcesAsync(string checkId, Guid? accountId = null, RiskStatus? status = null, CancellationToken ct = default)
    {
        var check = CheckCatalog.Find(checkId);
        if (check is null) return [];
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = new[] { check.Metadata.Id };
        var results = await risks.ListResultsAsync(accountId, ids, ct);
        var entries = await whitelist.ListActiveAsync(now, ids, ct);
        return (await WithStatusAsync(results, entries, accountId, now, ct))
            .Where(x => status is null || x.Result.Status == status)
            .Select(x => x.Result)
            .OrderBy(x => x.Status).ThenBy(x => x.ResourceId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every failed result of the checks passing <paramref name="filter"/> (what the export lists), with whitelisted ones
    /// too when <paramref name="includeWhitelisted"/>; ordered as the risks page: most severe check first, then check id, then resource.</summary>
    public async Task<IReadOnlyList<RiskFinding>> FindingsAsync(RiskFilter filter, bool includeWhitelisted = false, CancellationToken ct = default)
    {
        var checkIds = CheckIdsFor(filter);
        if (checkIds is { Count: 0 }) return [];
        var now = clock.GetUtcNow().UtcDateTime;
        var results = await risks.ListResultsAsync(filter.AccountId, checkIds, ct, CheckStatus.Failed);
        var entries = await whitelist.ListActiveAsync(now, checkIds, ct);
        return (await WithStatusAsync(results, entries, filter.AccountId, now, ct))
            .Where(x => includeWhitelisted || x.Result.Status == RiskStatus.Failed)
            .Select(x => new RiskFinding(x.Check, x.Result))
            .OrderByDescending(f => f.Check.Severity).ThenBy(f => f.Check.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Resource.AccountId).ThenBy(f => f.Resource.ResourceId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Stored results as the user sees them now: whitelist applied, name and type of the resource looked up.</summary>
    private async Task<List<(CheckMetadata Check, CheckResourceResult Result)>> WithStatusAsync(IReadOnlyList<RiskResult> results,
        IReadOnlyList<WhitelistEntry> entries, Guid? accountId, DateTime now, CancellationToken ct)
    {
        var refs = await resources.LookupAsync(results.Select(r => r.ResourceId).Distinct().ToList(), accountId, ct);
        var byCheck = entries.GroupBy(e => e.CheckId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => (IReadOnlyList<WhitelistEntry>)g.ToList(), StringComparer.OrdinalIgnoreCase);
        var list = new List<(CheckMetadata, CheckResourceResult)>(results.Count);
        foreach (var r in results)
        {
            if (CheckCatalog.Find(r.CheckId)?.Metadata is not { } check) continue; // a result of a check since removed from the catalog
            var res = refs.GetValueOrDefault((r.AccountId, r.ResourceId));
            var (s, entry) = RiskSummaries.StatusOf(r, byCheck.GetValueOrDefault(r.CheckId) ?? [], res?.Tags, now);
            list.Add((check, new CheckResourceResult(r.AccountId, r.ResourceId, res?.Name ?? r.ResourceId[(r.ResourceId.LastIndexOf('/') + 1)..],
                res?.Type ?? ArmId.TypeOf(r.ResourceId), s, r.Evidence, r.EvaluatedAt, entry?.Id)));
        }
        return list;
    }

    /// <summary>The trend of one account, or of all accounts combined (each scan time sums every account's latest point).</summary>
    public async Task<IReadOnlyList<RiskTrendPoint>> TrendAsync(Guid? accountId = null, DateTime? from = null, DateTime? to = null, CancellationToken ct = default)
    {
        var points = await risks.TrendAsync(accountId, null, to, ct);
        var series = accountId is null ? RiskSummaries.Combine(points) : points;
        return from is { } f ? series.Where(p => p.At >= f).ToList() : series;
    }

    private static IReadOnlyCollection<string>? CheckIdsFor(RiskFilter filter)
    {
        var all = CheckCatalog.All;
        var ids = all.Select(c => c.Metadata).Where(filter.Includes).Select(m => m.Id).ToList();
        return ids.Count == all.Count ? null : ids;
    }

    private async Task<IReadOnlyDictionary<(Guid, string), ResourceRef>> TagsForAsync(IReadOnlyList<RiskResult> results, IReadOnlyList<WhitelistEntry> entries,
        Guid? accountId, CancellationToken ct)
    {
        var tagChecks = entries.Where(e => e.ScopeType == WhitelistScopeType.Tag).Select(e => e.CheckId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (tagChecks.Count == 0) return new Dictionary<(Guid, string), ResourceRef>();
        var ids = results.Where(r => r.Status == CheckStatus.Failed && tagChecks.Contains(r.CheckId)).Select(r => r.ResourceId).Distinct().ToList();
        return ids.Count == 0 ? new Dictionary<(Guid, string), ResourceRef>() : await resources.LookupAsync(ids, accountId, ct);
    }
}
