using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Response;

namespace Portal.Data.Stores;

public sealed class EfContainmentStore(IDbContextFactory<PortalDbContext> contexts) : IContainmentStore
{
    private static readonly ContainmentStatus[] InForce = [ContainmentStatus.Requested, ContainmentStatus.Running, ContainmentStatus.Succeeded, ContainmentStatus.Failed, ContainmentStatus.Undoing];

    public async Task<(ContainmentAction Action, bool Created)> AddOrGetAsync(ContainmentAction action, CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.ContainmentActions.Add(action);
            try
            {
                await db.SaveChangesAsync(ct);
                return (action, true);
            }
            catch (DbUpdateException)
            {
                // Another request (maybe on another node) stored the same idempotency key or active containment first.
            }
        }
        var existing = await FindAsync(action.IdempotencyKey, action.ActiveKey, ct);
        return existing is null ? throw new InvalidOperationException("The containment action could not be stored.") : (existing, false);
    }

    public async Task<ContainmentAction?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ContainmentActions.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
    }

    public async Task<ContainmentAction?> FindAsync(string? idempotencyKey, string? activeKey, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (idempotencyKey is not null && await db.ContainmentActions.AsNoTracking().SingleOrDefaultAsync(x => x.IdempotencyKey == idempotencyKey, ct) is { } byKey)
            return byKey;
        return activeKey is null ? null : await db.ContainmentActions.AsNoTracking().SingleOrDefaultAsync(x => x.ActiveKey == activeKey, ct);
    }

    public async Task UpdateAsync(ContainmentAction action, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ContainmentActions.Update(action);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<Guid>> ListClaimableAsync(DateTime now, int max, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ContainmentActions.AsNoTracking()
            .Where(x => ((x.Status == ContainmentStatus.Requested || x.Status == ContainmentStatus.Running || x.Status == ContainmentStatus.Undoing) && x.ClaimedBy == null)
                        || ((x.Status == ContainmentStatus.Running || x.Status == ContainmentStatus.Undoing) && x.ClaimedBy != null && x.LeaseUntil < now))
            .OrderBy(x => x.RequestedAt).Select(x => x.Id).Take(max).ToListAsync(ct);
    }

    public async Task<bool> TryClaimAsync(Guid id, string node, DateTime now, DateTime leaseUntil, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One conditional UPDATE per case: the database lets exactly one node through.
        var started = await db.ContainmentActions
            .Where(x => x.Id == id && x.Status == ContainmentStatus.Requested && x.ClaimedBy == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ContainmentStatus.Running).SetProperty(x => x.ClaimedBy, node)
                .SetProperty(x => x.LeaseUntil, leaseUntil).SetProperty(x => x.StartedAt, now), ct);
        if (started == 1) return true;
        // Resumed: an undo queued, work a node released part-way (shutdown), or work whose node's lease ran out.
        var resumed = await db.ContainmentActions
            .Where(x => x.Id == id && (((x.Status == ContainmentStatus.Running || x.Status == ContainmentStatus.Undoing) && x.ClaimedBy == null)
                                       || ((x.Status == ContainmentStatus.Running || x.Status == ContainmentStatus.Undoing) && x.ClaimedBy != null && x.LeaseUntil < now)))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedBy, node).SetProperty(x => x.LeaseUntil, leaseUntil), ct);
        return resumed == 1;
    }

    public async Task<bool> TryRequestUndoAsync(Guid id, string actor, string reason, DateTime now, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ContainmentActions
            .Where(x => x.Id == id && x.ClaimedBy == null && (x.Status == ContainmentStatus.Succeeded || x.Status == ContainmentStatus.Failed))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ContainmentStatus.Undoing).SetProperty(x => x.UndoRequestedBy, actor)
                .SetProperty(x => x.UndoReason, reason).SetProperty(x => x.UndoRequestedAt, now), ct) == 1;
    }

    public async Task<PagedResult<ContainmentAction>> QueryAsync(ContainmentQuery q, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.ContainmentActions.AsNoTracking();
        if (q.ActiveOnly) rows = rows.Where(x => x.ActiveKey != null);
        if (q.Kind is { } kind) rows = rows.Where(x => x.Kind == kind);
        if (!string.IsNullOrWhiteSpace(q.Target)) rows = rows.Where(x => x.Target == q.Target.Trim());
        var total = await rows.CountAsync(ct);
        var size = Math.Clamp(q.PageSize, 1, 500);
        var items = await rows.OrderByDescending(x => x.RequestedAt).ThenBy(x => x.Id).Skip((Math.Max(1, q.Page) - 1) * size).Take(size).ToListAsync(ct);
        return new PagedResult<ContainmentAction>(total, items);
    }

    public async Task<bool> OtherBlockHoldsAsync(Guid exceptId, string nsgId, string ruleName, string prefix, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var candidates = await db.ContainmentActions.AsNoTracking()
            .Where(x => x.Id != exceptId && x.Kind == ContainmentKind.BlockIp && x.Target == prefix && x.ActiveKey != null && InForce.Contains(x.Status) && x.Status != ContainmentStatus.Undoing)
            .ToListAsync(ct);
        return candidates.Any(a => a.UndoItems.Any(u => u.Kind == UndoKind.BlockPrefixes && !u.Undone
            && u.ResourceId.Equals(nsgId, StringComparison.OrdinalIgnoreCase) && string.Equals(u.RuleName, ruleName, StringComparison.OrdinalIgnoreCase)));
    }

    public async Task<IReadOnlyList<ProtectedTarget>> ListProtectedAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ProtectedTargets.AsNoTracking().OrderBy(x => x.Kind).ThenBy(x => x.Value).ToListAsync(ct);
    }

    public async Task ReplaceProtectedAsync(IReadOnlyList<ProtectedTarget> targets, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ProtectedTargets.ExecuteDeleteAsync(ct);
        db.ProtectedTargets.AddRange(targets);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
