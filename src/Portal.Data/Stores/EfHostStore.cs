using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Inventory;

namespace Portal.Data.Stores;

public sealed class EfHostStore(IDbContextFactory<PortalDbContext> contexts) : IHostStore
{
    public async Task<PagedResult<Host>> QueryAsync(HostQuery q, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = Filter(db.Hosts.AsNoTracking(), q);
        var total = await rows.CountAsync(ct);
        rows = (q.SortBy.ToLowerInvariant(), q.Descending) switch
        {
            ("region" or "location", false) => rows.OrderBy(h => h.Location).ThenBy(h => h.Name),
            ("region" or "location", true) => rows.OrderByDescending(h => h.Location).ThenBy(h => h.Name),
            ("powerstate", false) => rows.OrderBy(h => h.PowerState).ThenBy(h => h.Name),
            ("powerstate", true) => rows.OrderByDescending(h => h.PowerState).ThenBy(h => h.Name),
            ("resourcegroup", false) => rows.OrderBy(h => h.ResourceGroup).ThenBy(h => h.Name),
            ("resourcegroup", true) => rows.OrderByDescending(h => h.ResourceGroup).ThenBy(h => h.Name),
            ("lastseen", false) => rows.OrderBy(h => h.LastSeen).ThenBy(h => h.Name),
            ("lastseen", true) => rows.OrderByDescending(h => h.LastSeen).ThenBy(h => h.Name),
            (_, true) => rows.OrderByDescending(h => h.Name).ThenBy(h => h.Id),
            _ => rows.OrderBy(h => h.Name).ThenBy(h => h.Id),
        };
        var pageSize = Math.Clamp(q.PageSize, 1, 1000);
        var items = await rows.Skip((Math.Max(1, q.Page) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedResult<Host>(total, items);
    }

    private static IQueryable<Host> Filter(IQueryable<Host> rows, HostQuery q)
    {
        if (!q.IncludeRemoved) rows = rows.Where(h => !h.Removed);
        if (q.AccountId is { } account) rows = rows.Where(h => h.AccountId == account);
        if (!string.IsNullOrWhiteSpace(q.Region)) rows = rows.Where(h => h.Location == q.Region.Trim().ToLower());
        if (!string.IsNullOrWhiteSpace(q.PowerState)) rows = rows.Where(h => h.PowerState == q.PowerState.Trim().ToLower());
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var s = q.Search.Trim().ToLower();
            rows = rows.Where(h => EF.Property<string>(h, HostSearch.Column).Contains(s));
        }
        if (!string.IsNullOrWhiteSpace(q.Tag))
        {
            var parts = q.Tag.Split('=', 2);
            var needle = parts.Length == 2 ? HostSearch.Tag(parts[0], parts[1]) : HostSearch.TagKey(parts[0]);
            rows = rows.Where(h => EF.Property<string>(h, HostSearch.Column).Contains(needle));
        }
        return rows;
    }

    public async Task<Host?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Hosts.AsNoTracking().SingleOrDefaultAsync(h => h.Id == id, ct);
    }

    public async Task<HostCounts> CountAsync(Guid? accountId = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.Hosts.AsNoTracking().Where(h => !h.Removed);
        if (accountId is { } a) rows = rows.Where(h => h.AccountId == a);
        var byRegion = await rows.GroupBy(h => h.Location).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var byPower = await rows.GroupBy(h => h.PowerState).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return new HostCounts(byRegion.Values.Sum(), byRegion, byPower);
    }

    public async Task<HostSyncOutcome> ApplySyncAsync(Guid accountId, string subscriptionId, IReadOnlyList<Host> seen, DateTime now, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var known = await db.Hosts.Where(h => h.AccountId == accountId && h.SubscriptionId == subscriptionId).ToDictionaryAsync(h => h.ResourceId, ct);
        int added = 0, updated = 0, removed = 0;
        var seenIds = new HashSet<string>();
        foreach (var host in seen)
        {
            if (!seenIds.Add(host.ResourceId)) continue;
            if (known.TryGetValue(host.ResourceId, out var existing))
            {
                existing.Name = host.Name;
                existing.ResourceGroup = host.ResourceGroup;
                existing.Location = host.Location;
                existing.VmSize = host.VmSize;
                existing.OsType = host.OsType;
                existing.PowerState = host.PowerState;
                existing.PrivateIps = host.PrivateIps;
                existing.PublicIps = host.PublicIps;
                existing.NicIds = host.NicIds;
                existing.NsgIds = host.NsgIds;
                existing.Tags = host.Tags;
                existing.LastSeen = now;
                existing.Removed = false;
                existing.RemovedAt = null;
                db.Entry(existing).State = EntityState.Modified;
                db.Entry(existing).Property(HostSearch.Column).CurrentValue = HostSearch.TextOf(existing);
                updated++;
            }
            else
            {
                host.Id = Guid.NewGuid();
                host.AccountId = accountId;
                host.FirstSeen = host.LastSeen = now;
                db.Hosts.Add(host);
                db.Entry(host).Property(HostSearch.Column).CurrentValue = HostSearch.TextOf(host);
                added++;
            }
        }
        foreach (var gone in known.Values.Where(h => !h.Removed && !seenIds.Contains(h.ResourceId)))
        {
            gone.Removed = true;
            gone.RemovedAt = now;
            db.Entry(gone).State = EntityState.Modified;
            removed++;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new HostSyncOutcome(seenIds.Count, added, updated, removed);
    }
}

/// <summary>The hosts table's search column: what a user may type to find a host, lower-cased.</summary>
internal static class HostSearch
{
    public const string Column = "SearchText";

    public static string TagKey(string key) => "\u0001" + key.Trim().ToLowerInvariant() + "=";
    public static string Tag(string key, string value) => TagKey(key) + value.Trim().ToLowerInvariant() + "\u0001";

    public static string TextOf(Host h) => string.Join("\u0001",
        new[] { h.Name, h.ResourceGroup, h.ResourceId }.Concat(h.PrivateIps).Concat(h.PublicIps).Select(x => x.ToLowerInvariant()))
        + string.Concat(h.Tags.Select(t => Tag(t.Key, t.Value)));
}
