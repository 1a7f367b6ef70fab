using Microsoft.EntityFrameworkCore;
using Portal.Domain.Agentless;
using Portal.Domain.Auditing;

namespace Portal.Data.Stores;

public sealed class EfAgentlessScanStore(IDbContextFactory<PortalDbContext> contexts) : IAgentlessScanStore
{
    private static readonly AgentlessScanState[] Final = [AgentlessScanState.Done, AgentlessScanState.Skipped, AgentlessScanState.Failed];

    public async Task<(AgentlessScan Scan, bool Created)> AddOrGetAsync(AgentlessScan scan, CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.AgentlessScans.Add(scan);
            try
            {
                await db.SaveChangesAsync(ct);
                return (scan, true);
            }
            catch (DbUpdateException)
            {
                // The same scope is already queued or running (maybe asked on another node).
            }
        }
        await using var again = await contexts.CreateDbContextAsync(ct);
        var existing = await again.AgentlessScans.AsNoTracking().SingleOrDefaultAsync(x => x.ActiveKey == scan.ActiveKey, ct);
        return existing is null ? throw new InvalidOperationException("The scan could not be stored.") : (existing, false);
    }

    public async Task<AgentlessScan?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AgentlessScans.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
    }

    public async Task<AgentlessScanDetail?> GetDetailAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var scan = await db.AgentlessScans.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (scan is null) return null;
        var targets = await db.AgentlessScanTargets.AsNoTracking().Where(x => x.ScanId == id).OrderBy(x => x.Name).ToListAsync(ct);
        var disks = await db.AgentlessDiskScans.AsNoTracking().Where(x => x.ScanId == id).ToListAsync(ct);
        var diskIds = disks.Select(d => d.Id).ToList();
        var volumes = await db.AgentlessVolumeScans.AsNoTracking().Where(x => diskIds.Contains(x.DiskScanId)).ToListAsync(ct);
        return new AgentlessScanDetail(scan, targets, disks, volumes);
    }

    public async Task<PagedResult<AgentlessScan>> QueryAsync(AgentlessScanQuery q, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.AgentlessScans.AsNoTracking();
        if (q.AccountId is { } a) rows = rows.Where(x => x.AccountId == a);
        if (q.Kind is { } k) rows = rows.Where(x => x.Kind == k);
        if (q.State is { } s) rows = rows.Where(x => x.State == s);
        if (q.HostId is { } h)
        {
            var scans = db.AgentlessScanTargets.Where(t => t.HostId == h).Select(t => t.ScanId);
            rows = rows.Where(x => x.HostId == h || scans.Contains(x.Id));
        }
        var total = await rows.CountAsync(ct);
        var size = Math.Clamp(q.PageSize, 1, 500);
        var items = await rows.OrderByDescending(x => x.RequestedAt).ThenBy(x => x.Id).Skip((Math.Max(1, q.Page) - 1) * size).Take(size).ToListAsync(ct);
        return new PagedResult<AgentlessScan>(total, items);
    }

    public async Task UpdateAsync(AgentlessScan scan, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AgentlessScans.Update(scan);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<Guid>> ListQueuedAsync(int max, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AgentlessScans.AsNoTracking().Where(x => x.State == AgentlessScanState.Queued && x.ClaimedBy == null)
            .OrderBy(x => x.RequestedAt).Select(x => x.Id).Take(max).ToListAsync(ct);
    }

    public async Task<bool> TryClaimAsync(Guid id, string node, DateTime now, DateTime leaseUntil, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AgentlessScans.Where(x => x.Id == id && x.State == AgentlessScanState.Queued && x.ClaimedBy == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, AgentlessScanState.Running).SetProperty(x => x.ClaimedBy, node)
                .SetProperty(x => x.LeaseUntil, leaseUntil).SetProperty(x => x.StartedAt, now), ct) == 1;
    }

    public async Task<bool> RenewLeaseAsync(Guid id, string node, DateTime leaseUntil, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AgentlessScans.Where(x => x.Id == id && x.ClaimedBy == node)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseUntil, leaseUntil), ct) == 1;
    }

    public async Task<IReadOnlyList<AgentlessScan>> ListOrphanedAsync(DateTime now, string? deadNode, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AgentlessScans.AsNoTracking()
            .Where(x => x.State == AgentlessScanState.Running && x.ClaimedBy != null && (x.LeaseUntil < now || (deadNode != null && x.ClaimedBy == deadNode)))
            .OrderBy(x => x.RequestedAt).Take(50).ToListAsync(ct);
    }

    public async Task<bool> TryTakeOverAsync(Guid id, string node, DateTime now, DateTime leaseUntil, string? deadNode, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AgentlessScans
            .Where(x => x.Id == id && x.State == AgentlessScanState.Running && x.ClaimedBy != null && (x.LeaseUntil < now || (deadNode != null && x.ClaimedBy == deadNode)))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedBy, node).SetProperty(x => x.LeaseUntil, leaseUntil), ct) == 1;
    }

    public async Task AddTargetAsync(AgentlessScanTarget target, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AgentlessScanTargets.Add(target);
        await db.SaveChangesAsync(ct);
    }

    public async Task UpdateTargetAsync(AgentlessScanTarget target, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AgentlessScanTargets.Update(target);
        await db.SaveChangesAsync(ct);
    }

    public async Task AddDiskAsync(AgentlessDiskScan disk, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AgentlessDiskScans.Add(disk);
        await db.SaveChangesAsync(ct);
    }

    public async Task UpdateDiskAsync(AgentlessDiskScan disk, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AgentlessDiskScans.Update(disk);
        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> TryActivateDiskAsync(Guid diskScanId, string activeKey, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        try
        {
            return await db.AgentlessDiskScans.Where(x => x.Id == diskScanId && x.ActiveKey == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ActiveKey, activeKey), ct) == 1;
        }
        catch (Exception ex) when (ex is DbUpdateException || ex.GetType().Name is "SqliteException" or "PostgresException")
        {
            // The unique index refused: another scan holds this disk.
            return false;
        }
    }

    public async Task ReleaseDisksAsync(Guid scanId, string errorCode, string message, DateTime now, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.AgentlessDiskScans.Where(x => x.ScanId == scanId && !Final.Contains(x.State))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, AgentlessScanState.Failed).SetProperty(x => x.ErrorCode, errorCode)
                .SetProperty(x => x.ErrorMessage, message).SetProperty(x => x.ErrorMeaning, "The disk's scan did not finish.")
                .SetProperty(x => x.ErrorFix, "Scan again; its snapshot is deleted by the clean-up.").SetProperty(x => x.FinishedAt, now), ct);
        await db.AgentlessDiskScans.Where(x => x.ScanId == scanId && x.ActiveKey != null).ExecuteUpdateAsync(s => s.SetProperty(x => x.ActiveKey, (string?)null), ct);
        await db.AgentlessScanTargets.Where(x => x.ScanId == scanId && !Final.Contains(x.State))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, AgentlessScanState.Failed).SetProperty(x => x.ErrorCode, errorCode)
                .SetProperty(x => x.ErrorMessage, message).SetProperty(x => x.FinishedAt, now), ct);
    }

    public async Task AddVolumesAsync(IReadOnlyList<AgentlessVolumeScan> volumes, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AgentlessVolumeScans.AddRange(volumes);
        await db.SaveChangesAsync(ct);
    }

    public async Task<HostScanSummary?> LastForHostAsync(Guid hostId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var target = await db.AgentlessScanTargets.AsNoTracking().Where(x => x.HostId == hostId)
            .OrderByDescending(x => x.StartedAt).FirstOrDefaultAsync(ct);
        if (target is null) return null;
        var scan = await db.AgentlessScans.AsNoTracking().SingleAsync(x => x.Id == target.ScanId, ct);
        var disks = await db.AgentlessDiskScans.AsNoTracking().Where(x => x.TargetId == target.Id).ToListAsync(ct);
        var ids = disks.Select(d => d.Id).ToList();
        var volumes = await db.AgentlessVolumeScans.AsNoTracking().Where(x => ids.Contains(x.DiskScanId)).ToListAsync(ct);
        return new HostScanSummary(scan, target, disks, volumes);
    }
}
