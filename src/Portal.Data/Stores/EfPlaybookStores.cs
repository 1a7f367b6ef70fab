using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Playbooks;

namespace Portal.Data.Stores;

public sealed class EfPlaybookStore(IDbContextFactory<PortalDbContext> contexts) : IPlaybookStore
{
    public async Task<IReadOnlyList<Playbook>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Playbooks.AsNoTracking().OrderBy(x => x.Name).ToListAsync(ct);
    }

    public async Task<Playbook?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Playbooks.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
    }

    public async Task<bool> AddAsync(Playbook playbook, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.Playbooks.AnyAsync(x => x.Name == playbook.Name, ct)) return false;
        db.Playbooks.Add(playbook);
        return await UniqueSave.TrySaveAsync(db, ct);
    }

    public async Task<bool> UpdateAsync(Playbook playbook, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Playbooks.AnyAsync(x => x.Id == playbook.Id, ct)) return false;
        if (await db.Playbooks.AnyAsync(x => x.Name == playbook.Name && x.Id != playbook.Id, ct)) return false;
        db.Playbooks.Update(playbook);
        return await UniqueSave.TrySaveAsync(db, ct);
    }
}

public sealed class EfAlertStore(IDbContextFactory<PortalDbContext> contexts) : IAlertStore
{
    public async Task<(Alert Alert, bool Added)> AddAsync(Alert alert, CancellationToken ct = default)
    {
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (await db.Alerts.AsNoTracking().SingleOrDefaultAsync(x => x.DedupKey == alert.DedupKey, ct) is { } known) return (known, false);
            db.Alerts.Add(alert);
            if (await UniqueSave.TrySaveAsync(db, ct)) return (alert, true);
        }
        // Lost the race to another request or node: the unique index kept the first one.
        await using var again = await contexts.CreateDbContextAsync(ct);
        return (await again.Alerts.AsNoTracking().SingleAsync(x => x.DedupKey == alert.DedupKey, ct), false);
    }

    public async Task<Alert?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Alerts.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
    }

    public async Task<PagedResult<Alert>> QueryAsync(AlertQuery q, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.Alerts.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Source))
        {
            var source = q.Source.Trim().ToLower();
            rows = rows.Where(x => x.Source.ToLower() == source);
        }
        if (q.MinSeverity is { } min)
        {
            // Stored as names: compare through the list of names at or above the minimum.
            var names = Enum.GetValues<Portal.Cspm.Severity>().Where(s => s >= min).ToArray();
            rows = rows.Where(x => names.Contains(x.Severity));
        }
        var total = await rows.CountAsync(ct);
        var pageSize = Math.Clamp(q.PageSize, 1, 1000);
        var items = await rows.OrderByDescending(x => x.ReceivedAt).ThenBy(x => x.Id)
            .Skip((Math.Max(1, q.Page) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedResult<Alert>(total, items);
    }
}

public sealed class EfPlaybookRunStore(IDbContextFactory<PortalDbContext> contexts) : IPlaybookRunStore
{
    public async Task<bool> AddAsync(PlaybookRun run, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.PlaybookRuns.AnyAsync(x => x.PlaybookId == run.PlaybookId && x.TriggerRef == run.TriggerRef, ct)) return false;
        db.PlaybookRuns.Add(run);
        return await UniqueSave.TrySaveAsync(db, ct);
    }

    public async Task<PlaybookRun?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.PlaybookRuns.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
    }

    public async Task<bool> UpdateAsync(PlaybookRun run, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entry = db.PlaybookRuns.Attach(run);
        entry.State = EntityState.Modified;
        // The row must still carry the version this run was read with; the saved row gets the next one.
        entry.Property(x => x.Version).OriginalValue = run.Version;
        run.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            run.Version--;
            return false;
        }
    }

    public async Task<PagedResult<PlaybookRun>> QueryAsync(PlaybookRunQuery q, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.PlaybookRuns.AsNoTracking();
        if (q.Status is { } status) rows = rows.Where(x => x.Status == status);
        if (q.PlaybookId is { } playbook) rows = rows.Where(x => x.PlaybookId == playbook);
        if (q.AlertId is { } alert) rows = rows.Where(x => x.AlertId == alert);
        var total = await rows.CountAsync(ct);
        var pageSize = Math.Clamp(q.PageSize, 1, 1000);
        var items = await rows.OrderByDescending(x => x.CreatedAt).ThenBy(x => x.Id)
            .Skip((Math.Max(1, q.Page) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedResult<PlaybookRun>(total, items);
    }

    public async Task<IReadOnlySet<string>> ExistingTriggersAsync(Guid playbookId, IReadOnlyCollection<string> triggerRefs, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in triggerRefs.Chunk(500))
            found.UnionWith(await db.PlaybookRuns.Where(x => x.PlaybookId == playbookId && chunk.Contains(x.TriggerRef)).Select(x => x.TriggerRef).ToListAsync(ct));
        return found;
    }
}

/// <summary>Saves an insert guarded by a unique index; false when the index refused it (another request or node got there first).</summary>
internal static class UniqueSave
{
    public static async Task<bool> TrySaveAsync(PortalDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            return false;
        }
    }

    private static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };
}
