using Microsoft.EntityFrameworkCore;
using Portal.Domain.Accounts;

namespace Portal.Data.Stores;

public sealed class EfAccountStore(IDbContextFactory<PortalDbContext> contexts) : IAccountStore
{
    public async Task AddAsync(CloudAccount account, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.CloudAccounts.Add(account);
        await db.SaveChangesAsync(ct);
    }

    public async Task<CloudAccount?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.CloudAccounts.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
    }

    public async Task<IReadOnlyList<CloudAccount>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.CloudAccounts.AsNoTracking().OrderBy(x => x.Name).ToListAsync(ct);
    }

    public async Task<bool> UpdateAsync(CloudAccount account, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.CloudAccounts.AnyAsync(x => x.Id == account.Id, ct)) return false;
        db.CloudAccounts.Update(account);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Hosts.Where(h => h.AccountId == id).ExecuteDeleteAsync(ct);
        var deleted = await db.CloudAccounts.Where(x => x.Id == id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return deleted > 0;
    }
}
