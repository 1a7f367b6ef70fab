using Microsoft.EntityFrameworkCore;
using Portal.Cspm;
using Portal.Domain.Risks;

namespace Portal.Data.Stores;

public sealed class EfRiskStore(IDbContextFactory<PortalDbContext> contexts) : IRiskStore
{
    public async Task ReplaceResultsAsync(Guid accountId, IReadOnlyList<RiskResult> results, RiskTrendPoint trend, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.RiskResults.Where(r => r.AccountId == accountId).ExecuteDeleteAsync(ct);
        foreach (var r in results)
        {
            r.Id = 0;
            r.AccountId = accountId;
            db.RiskResults.Add(r);
        }
        trend.Id = 0;
        trend.AccountId = accountId;
        db.RiskTrendPoints.Add(trend);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<RiskResult>> ListResultsAsync(Guid? accountId = null, IReadOnlyCollection<string>? checkIds = null, CancellationToken ct = default,
        CheckStatus? status = null)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = Filter(db.RiskResults.AsNoTracking(), accountId, checkIds);
        if (status is { } s) rows = rows.Where(r => r.Status == s);
        return await rows.OrderBy(r => r.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ResultCount>> CountAsync(Guid? accountId = null, IReadOnlyCollection<string>? checkIds = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = Filter(db.RiskResults.AsNoTracking(), accountId, checkIds);
        var counts = await rows.GroupBy(r => new { r.CheckId, r.Status }).Select(g => new { g.Key.CheckId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        return counts.Select(c => new ResultCount(c.CheckId, c.Status, c.Count)).ToList();
    }

    private static IQueryable<RiskResult> Filter(IQueryable<RiskResult> rows, Guid? accountId, IReadOnlyCollection<string>? checkIds)
    {
        if (accountId is { } a) rows = rows.Where(r => r.AccountId == a);
        if (checkIds is not null)
        {
            var ids = checkIds.ToArray();
            rows = rows.Where(r => ids.Contains(r.CheckId));
        }
        return rows;
    }

    public async Task<IReadOnlyList<RiskTrendPoint>> TrendAsync(Guid? accountId = null, DateTime? from = null, DateTime? to = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.RiskTrendPoints.AsNoTracking();
        if (accountId is { } a) rows = rows.Where(p => p.AccountId == a);
        if (from is { } f) rows = rows.Where(p => p.At >= f);
        if (to is { } t) rows = rows.Where(p => p.At <= t);
        return await rows.OrderBy(p => p.At).ThenBy(p => p.Id).ToListAsync(ct);
    }
}
