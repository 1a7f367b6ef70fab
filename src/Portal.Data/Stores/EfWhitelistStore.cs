using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Risks;

namespace Portal.Data.Stores;

public sealed class EfWhitelistStore(IDbContextFactory<PortalDbContext> contexts) : IWhitelistStore
{
    public async Task AddAsync(WhitelistEntry entry, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.WhitelistEntries.Add(entry);
        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> UpdateAsync(WhitelistEntry entry, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.WhitelistEntries.AnyAsync(x => x.Id == entry.Id, ct)) return false;
        db.WhitelistEntries.Update(entry);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<WhitelistEntry?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.WhitelistEntries.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
    }

    public async Task<PagedResult<WhitelistEntry>> QueryAsync(WhitelistQuery q, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.WhitelistEntries.AsNoTracking();
        if (!q.IncludeRemoved) rows = rows.Where(x => x.RemovedAt == null);
        if (!string.IsNullOrWhiteSpace(q.CheckId))
        {
            var check = q.CheckId.Trim().ToLower();
            rows = rows.Where(x => x.CheckId.ToLower() == check);
        }
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var s = q.Search.Trim().ToLower();
            rows = rows.Where(x => x.CheckId.ToLower().Contains(s) || x.ScopeValue.ToLower().Contains(s) || x.Reason.ToLower().Contains(s) || x.CreatedBy.ToLower().Contains(s));
        }
        var total = await rows.CountAsync(ct);
        var pageSize = Math.Clamp(q.PageSize, 1, 1000);
        var items = await rows.OrderByDescending(x => x.CreatedAt).ThenBy(x => x.Id)
            .Skip((Math.Max(1, q.Page) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedResult<WhitelistEntry>(total, items);
    }

    public async Task<IReadOnlyList<WhitelistEntry>> ListActiveAsync(DateTime now, IReadOnlyCollection<string>? checkIds = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.WhitelistEntries.AsNoTracking().Where(x => x.RemovedAt == null && (x.ExpiresOn == null || x.ExpiresOn > now));
        if (checkIds is not null)
        {
            var ids = checkIds.ToArray();
            rows = rows.Where(x => ids.Contains(x.CheckId));
        }
        return await rows.OrderBy(x => x.CreatedAt).ToListAsync(ct);
    }
}
