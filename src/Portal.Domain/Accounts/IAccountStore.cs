namespace Portal.Domain.Accounts;

public interface IAccountStore
{
    Task AddAsync(CloudAccount account, CancellationToken ct = default);
    Task<CloudAccount?> GetAsync(Guid id, CancellationToken ct = default);
    Task<IReadOnlyList<CloudAccount>> ListAsync(CancellationToken ct = default);
    /// <summary>Saves every field of the account. Returns false when it no longer exists.</summary>
    Task<bool> UpdateAsync(CloudAccount account, CancellationToken ct = default);
    /// <summary>Deletes the account and its hosts. Returns false when it did not exist.</summary>
    Task<bool> DeleteAsync(Guid id, CancellationToken ct = default);
}
