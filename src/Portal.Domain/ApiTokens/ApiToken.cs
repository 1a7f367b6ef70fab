namespace Portal.Domain.ApiTokens;

/// <summary>An API token as stored: only the hash of the secret is kept.</summary>
public sealed record ApiToken
{
    public Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    /// <summary>SHA-256 of the token, hex.</summary>
    public required string TokenHash { get; init; }
    /// <summary>First characters of the token, shown so users can tell tokens apart.</summary>
    public required string Prefix { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; init; }
    public DateTime? LastUsedAt { get; init; }

    public ApiTokenState StateAt(DateTime now) =>
        RevokedAt is not null ? ApiTokenState.Revoked
        : ExpiresAt is { } expires && expires <= now ? ApiTokenState.Expired
        : ApiTokenState.Active;
}

public enum ApiTokenState { Active, Expired, Revoked }

public interface IApiTokenStore
{
    Task AddAsync(ApiToken token, CancellationToken cancellationToken = default);
    Task<ApiToken?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken = default);
    /// <returns>False when no such token exists.</returns>
    Task<bool> RevokeAsync(Guid id, DateTime revokedAt, CancellationToken cancellationToken = default);
    Task TouchAsync(Guid id, DateTime usedAt, CancellationToken cancellationToken = default);
}
