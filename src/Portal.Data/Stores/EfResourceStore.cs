using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Risks;

namespace Portal.Data.Stores;

public sealed class EfResourceStore(IDbContextFactory<PortalDbContext> contexts) : IResourceStore
{
    /// <summary>Ids per query when looking resources up by id (keeps every provider under its parameter limit).</summary>
    private const int Chunk = 500;

    private sealed record Known(Guid Id, string ResourceId, string Type, string ConfigHash, bool Removed);

    public async Task<ResourceSyncOutcome> ApplySyncAsync(Guid accountId, string subscriptionId, IReadOnlyList<JsonElement> seen, DateTime now,
        CancellationToken ct = default, IReadOnlyCollection<string>? unreadTypes = null)
    {
        var keep = new HashSet<string>(unreadTypes ?? [], StringComparer.OrdinalIgnoreCase);
        var sub = subscriptionId.Trim().ToLowerInvariant();
        // Last copy of a duplicate id wins; a resource whose id names no subscription (tenant-level) belongs to the one it was listed in.
        var incoming = new Dictionary<string, CloudResource>(StringComparer.Ordinal);
        foreach (var json in seen)
        {
            var r = CloudResource.FromArm(accountId, json, now);
            if (string.IsNullOrEmpty(r.SubscriptionId)) r.SubscriptionId = sub;
            incoming[r.ResourceId] = r;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rows = db.CloudResources.Where(r => r.AccountId == accountId);
        var known = await rows.Where(r => r.SubscriptionId == sub)
            .Select(r => new Known(r.Id, r.ResourceId, r.Type, r.ConfigHash, r.Removed)).ToDictionaryAsync(k => k.ResourceId, StringComparer.Ordinal, ct);
        // Resources stored under another subscription of the account (tenant-level objects listed through several subscriptions).
        var elsewhere = new Dictionary<string, Known>(StringComparer.Ordinal);
        foreach (var chunk in incoming.Keys.Where(id => !known.ContainsKey(id)).Chunk(Chunk))
            foreach (var k in await rows.Where(r => chunk.Contains(r.ResourceId)).Select(r => new Known(r.Id, r.ResourceId, r.Type, r.ConfigHash, r.Removed)).ToListAsync(ct))
                elsewhere[k.ResourceId] = k;

        int added = 0, changed = 0, unchanged = 0, removed = 0;
        foreach (var r in incoming.Values)
        {
            if ((known.GetValueOrDefault(r.ResourceId) ?? elsewhere.GetValueOrDefault(r.ResourceId)) is not { } existing)
            {
                r.Id = Guid.NewGuid();
                db.CloudResources.Add(r);
                db.Entry(r).Property(ResourceSearch.Column).CurrentValue = ResourceSearch.TextOf(r);
                db.ResourceChanges.Add(Change(r, ResourceChangeKind.Added, now));
                added++;
                continue;
            }
            r.Id = existing.Id;
            db.CloudResources.Attach(r);
            var entry = db.Entry(r);
            var hashChanged = existing.ConfigHash != r.ConfigHash;
            if (existing.Removed || hashChanged)
            {
                foreach (var p in FullUpdate) entry.Property(p).IsModified = true;
                entry.Property(ResourceSearch.Column).CurrentValue = ResourceSearch.TextOf(r);
                entry.Property(ResourceSearch.Column).IsModified = true;
                db.ResourceChanges.Add(Change(r, existing.Removed ? ResourceChangeKind.Returned : ResourceChangeKind.Changed, now));
                if (existing.Removed) added++; else changed++;
            }
            else
            {
                entry.Property(x => x.LastSeen).IsModified = true;
                unchanged++;
            }
        }
        var gone = known.Values.Where(k => !k.Removed && !incoming.ContainsKey(k.ResourceId) && !keep.Contains(k.Type)).ToList();
        foreach (var k in gone)
        {
            var stub = new CloudResource { Id = k.Id, AccountId = accountId, ResourceId = k.ResourceId, Removed = true, RemovedAt = now };
            db.CloudResources.Attach(stub);
            db.Entry(stub).Property(x => x.Removed).IsModified = true;
            db.Entry(stub).Property(x => x.RemovedAt).IsModified = true;
            db.ResourceChanges.Add(new ResourceChange { AccountId = accountId, ResourceId = k.ResourceId, ChangedAt = now, Kind = ResourceChangeKind.Removed });
            removed++;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ResourceSyncOutcome(incoming.Count, added, changed, unchanged, removed);
    }

    private static readonly string[] FullUpdate =
    [
        nameof(CloudResource.Type), nameof(CloudResource.Service), nameof(CloudResource.Name), nameof(CloudResource.SubscriptionId),
        nameof(CloudResource.ResourceGroup), nameof(CloudResource.Location), nameof(CloudResource.Tags), nameof(CloudResource.Json),
        nameof(CloudResource.ConfigHash), nameof(CloudResource.LastSeen), nameof(CloudResource.Removed), nameof(CloudResource.RemovedAt),
    ];

    private static ResourceChange Change(CloudResource r, ResourceChangeKind kind, DateTime now) => new()
    {
        AccountId = r.AccountId, ResourceId = r.ResourceId, ChangedAt = now, Kind = kind, ConfigHash = r.ConfigHash, Json = r.Json,
    };

    public async Task<PagedResult<CloudResource>> QueryAsync(ResourceQuery q, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.CloudResources.AsNoTracking();
        if (!q.IncludeRemoved) rows = rows.Where(r => !r.Removed);
        if (q.AccountId is { } account) rows = rows.Where(r => r.AccountId == account);
        if (!string.IsNullOrWhiteSpace(q.Type))
        {
            var type = q.Type.Trim().ToLower();
            rows = rows.Where(r => r.Type.ToLower() == type);
        }
        if (!string.IsNullOrWhiteSpace(q.Service))
        {
            var service = q.Service.Trim();
            rows = rows.Where(r => r.Service == service || r.Service.ToLower() == service.ToLower());
        }
        if (!string.IsNullOrWhiteSpace(q.SubscriptionId))
        {
            var sub = q.SubscriptionId.Trim().ToLower();
            rows = rows.Where(r => r.SubscriptionId == sub);
        }
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var s = q.Search.Trim();
            var eq = s.IndexOf('=');
            var needle = eq > 0 ? ResourceSearch.Tag(s[..eq], s[(eq + 1)..]) : s.ToLowerInvariant();
            rows = rows.Where(r => EF.Property<string>(r, ResourceSearch.Column).Contains(needle));
        }
        var total = await rows.CountAsync(ct);
        var pageSize = Math.Clamp(q.PageSize, 1, 1000);
        var items = await rows.OrderBy(r => r.Name).ThenBy(r => r.Id)
            .Skip((Math.Max(1, q.Page) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedResult<CloudResource>(total, items);
    }

    public async Task<CloudResource?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.CloudResources.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
    }

    public async Task<CloudResource?> GetByResourceIdAsync(Guid accountId, string resourceId, CancellationToken ct = default)
    {
        var id = resourceId.Trim().TrimEnd('/').ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.CloudResources.AsNoTracking().SingleOrDefaultAsync(r => r.AccountId == accountId && r.ResourceId == id, ct);
    }

    public async Task<IReadOnlyList<ResourceChange>> HistoryAsync(Guid accountId, string resourceId, CancellationToken ct = default)
    {
        var id = resourceId.Trim().TrimEnd('/').ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ResourceChanges.AsNoTracking().Where(c => c.AccountId == accountId && c.ResourceId == id)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<CloudResource>> ListCurrentAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.CloudResources.AsNoTracking().Where(r => r.AccountId == accountId && !r.Removed).ToListAsync(ct);
    }

    public async Task<IReadOnlyDictionary<(Guid AccountId, string ResourceId), ResourceRef>> LookupAsync(IReadOnlyCollection<string> resourceIds, Guid? accountId = null, CancellationToken ct = default)
    {
        var result = new Dictionary<(Guid, string), ResourceRef>();
        if (resourceIds.Count == 0) return result;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.CloudResources.AsNoTracking().Where(r => !r.Removed);
        if (accountId is { } a) rows = rows.Where(r => r.AccountId == a);
        foreach (var chunk in resourceIds.Select(i => i.ToLowerInvariant()).Distinct().Chunk(Chunk))
            foreach (var r in await rows.Where(r => chunk.Contains(r.ResourceId)).Select(r => new { r.AccountId, r.ResourceId, r.Name, r.Type, r.Tags }).ToListAsync(ct))
                result[(r.AccountId, r.ResourceId)] = new ResourceRef(r.AccountId, r.ResourceId, r.Name, r.Type, r.Tags);
        return result;
    }

    public async Task<IReadOnlyDictionary<string, int>> CountByServiceAsync(Guid? accountId = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.CloudResources.AsNoTracking().Where(r => !r.Removed);
        if (accountId is { } a) rows = rows.Where(r => r.AccountId == a);
        return await rows.GroupBy(r => r.Service).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
    }

    public async Task<IReadOnlyList<ResourceTypeCount>> CountByTypeAsync(Guid? accountId = null, bool includeRemoved = false, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.CloudResources.AsNoTracking();
        if (!includeRemoved) rows = rows.Where(r => !r.Removed);
        if (accountId is { } a) rows = rows.Where(r => r.AccountId == a);
        var counts = await rows.GroupBy(r => new { r.Service, r.Type }).Select(g => new { g.Key.Service, g.Key.Type, Count = g.Count() }).ToListAsync(ct);
        return counts.Select(c => new ResourceTypeCount(c.Service, c.Type, c.Count))
            .OrderBy(c => c.Service, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Type, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<IReadOnlyList<RiskResult>> ResultsOfAsync(Guid accountId, string resourceId, CancellationToken ct = default)
    {
        var id = resourceId.Trim().TrimEnd('/').ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.RiskResults.AsNoTracking().Where(r => r.AccountId == accountId && r.ResourceId == id)
            .OrderBy(r => r.Status == Portal.Cspm.CheckStatus.Failed ? 0 : 1).ThenBy(r => r.CheckId).ToListAsync(ct);
    }
}

/// <summary>The cloud-resources table's search column: what a user may type to find a resource, lower-cased.</summary>
internal static class ResourceSearch
{
    public const string Column = "SearchText";

    public static string Tag(string key, string value) => "\u0001" + key.Trim().ToLowerInvariant() + "=" + value.Trim().ToLowerInvariant();

    public static string TextOf(CloudResource r) => string.Join("\u0001",
        new[] { r.Name, r.ResourceGroup ?? "", r.Type, r.ResourceId }.Select(x => x.ToLowerInvariant()))
        + string.Concat(r.Tags.Select(t => Tag(t.Key, t.Value) + "\u0001"));
}
