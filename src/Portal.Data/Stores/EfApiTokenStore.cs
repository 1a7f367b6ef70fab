using Microsoft.EntityFrameworkCore;
using Portal.Domain.ApiTokens;

namespace Portal.Data.Stores;

public sealed class EfApiTokenStore(IDbContextFactory<PortalDbContext> contexts) : IApiTokenStore
{
    public async Task AddAsync(ApiToken token, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
    }

    public async Task<ApiToken?> FindByHashAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().SingleOrDefaultAsync(x => x.TokenHash == tokenHash, ct);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().OrderByDescending(x => x.CreatedAt).ToListAsync(ct);
    }

    public async Task<bool> RevokeAsync(Guid id, DateTime revokedAt, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // Revoking twice keeps the first revocation time.
        var changed = await db.ApiTokens.Where(x => x.Id == id && x.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, revokedAt), ct);
        return changed > 0 || await db.ApiTokens.AnyAsync(x => x.Id == id, ct);
    }

    public async Task TouchAsync(Guid id, DateTime usedAt, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.ApiTokens.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastUsedAt, usedAt), ct);
    }
}
