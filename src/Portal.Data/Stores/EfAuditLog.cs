using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;

namespace Portal.Data.Stores;

/// <summary>Append-only audit trail in the portal database: there is no update or delete path.</summary>
public sealed class EfAuditLog(IDbContextFactory<PortalDbContext> contexts, TimeProvider clock) : IAuditLog
{
    public async Task RecordAsync(AuditEvent e, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry
        {
            OccurredAt = clock.GetUtcNow().UtcDateTime,
            Actor = Truncate(e.Actor, 256)!,
            Action = Truncate(e.Action, 128)!,
            Target = Truncate(e.Target, 1024),
            Outcome = e.Outcome,
            Source = Truncate(e.Source, 64),
            Detail = Truncate(e.Detail, 4000),
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<PagedResult<AuditEntry>> QueryAsync(AuditQuery q, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        IQueryable<AuditEntry> rows = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Actor)) rows = rows.Where(x => x.Actor == q.Actor);
        if (!string.IsNullOrWhiteSpace(q.Action)) rows = rows.Where(x => x.Action.StartsWith(q.Action));
        if (!string.IsNullOrWhiteSpace(q.Target)) rows = rows.Where(x => x.Target != null && x.Target.Contains(q.Target));
        if (q.Outcome is { } outcome) rows = rows.Where(x => x.Outcome == outcome);
        if (q.From is { } from) rows = rows.Where(x => x.OccurredAt >= from);
        if (q.To is { } to) rows = rows.Where(x => x.OccurredAt <= to);
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var s = q.Search.Trim().ToLower();
            rows = rows.Where(x => x.Actor.ToLower().Contains(s) || x.Action.ToLower().Contains(s)
                || (x.Target != null && x.Target.ToLower().Contains(s)) || (x.Detail != null && x.Detail.ToLower().Contains(s)));
        }
        var total = await rows.CountAsync(ct);
        var pageSize = Math.Clamp(q.PageSize, 1, 500);
        var page = Math.Max(1, q.Page);
        var items = await rows.OrderByDescending(x => x.OccurredAt).ThenByDescending(x => x.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedResult<AuditEntry>(total, items);
    }

    private static string? Truncate(string? value, int max) =>
        value is null || value.Length <= max ? value : value[..(max - 1)] + "…";
}
