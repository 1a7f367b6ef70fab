using Microsoft.EntityFrameworkCore;
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

    public async Task<IReadOnlyList<RiskResult>> ListResultsAsync(Guid? accountId = null, IReadOnlyCollection<string>? checkIds = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.RiskResults.AsNoTracking();
        if (accountId is { } a) rows = rows.Where(r => r.AccountId == a);
        if (checkIds is not null)
        {
            var ids = checkIds.ToArray();
            rows = rows.Where(r => ids.Contains(r.CheckId));
        }
        return await rows.OrderBy(r => r.Id).ToListAsync(ct);
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
