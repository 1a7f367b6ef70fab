using System.Security.Cryptography;
using System.Text;
using Portal.Domain.Auditing;
using Portal.Domain.Security;

namespace Portal.Domain.ApiTokens;

public sealed record CreatedApiToken(ApiToken Token, string Secret)
{
    // Shown once to its creator, never printed into a log.
    private bool PrintMembers(System.Text.StringBuilder b)
    {
        b.Append($"Token = {Token}, Secret = {Portal.Domain.Cloud.Secrets.Mask(Secret)}");
        return true;
    }
}

public enum TokenCheck { Valid, Unknown, Expired, Revoked }

public sealed record TokenValidation(TokenCheck Result, ApiToken? Token);

/// <summary>Creates, validates and revokes API tokens. The secret is shown once; only its hash is stored.</summary>
public sealed class ApiTokenService(IApiTokenStore store, IAuditLog audit, TimeProvider clock)
{
    public const string SecretPrefix = "pat_";

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public async Task<CreatedApiToken> CreateAsync(string name, string role, DateTime? expiresAt, string createdBy, string? source, CancellationToken ct = default)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
            throw new ArgumentException("A token needs a name of 1 to 100 characters.", nameof(name));
        if (!PortalRoles.IsValid(role))
            throw new ArgumentException($"Role must be one of {string.Join(", ", PortalRoles.All)}.", nameof(role));
        var now = clock.GetUtcNow().UtcDateTime;
        if (expiresAt is { } e && e <= now)
            throw new ArgumentException("The expiry must be in the future.", nameof(expiresAt));

        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Id = Guid.NewGuid(),
            Name = name,
            Role = role,
            TokenHash = Hash(secret),
            Prefix = secret[..10],
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = expiresAt?.ToUniversalTime(),
        };
        await store.AddAsync(token, ct);
        await audit.RecordAsync(new AuditEvent(createdBy, "api-token.create", $"{name} ({role})", AuditOutcome.Succeeded, source), ct);
        return new CreatedApiToken(token, secret);
    }

    /// <summary>Registers a token whose secret comes from configuration (first deployment automation).</summary>
    public async Task EnsureBootstrapTokenAsync(string secret, CancellationToken ct = default)
    {
        var hash = Hash(secret);
        if (await store.FindByHashAsync(hash, ct) is not null) return;
        var now = clock.GetUtcNow().UtcDateTime;
        await store.AddAsync(new ApiToken
        {
            Id = Guid.NewGuid(),
            Name = "bootstrap (configuration)",
            Role = PortalRoles.Admin,
            TokenHash = hash,
            Prefix = secret.Length > 10 ? secret[..4] : "",
            CreatedBy = "system",
            CreatedAt = now,
        }, ct);
        await audit.RecordAsync(new AuditEvent("system", "api-token.bootstrap", "bootstrap (configuration)", AuditOutcome.Succeeded, null), ct);
    }

    public async Task<TokenValidation> ValidateAsync(string secret, CancellationToken ct = default)
    {
        var token = await store.FindByHashAsync(Hash(secret), ct);
        if (token is null) return new(TokenCheck.Unknown, null);
        var now = clock.GetUtcNow().UtcDateTime;
        switch (token.StateAt(now))
        {
            case ApiTokenState.Revoked: return new(TokenCheck.Revoked, token);
            case ApiTokenState.Expired: return new(TokenCheck.Expired, token);
        }
        // Last-use time is informational: write it at most once a minute per token.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
            await store.TouchAsync(token.Id, now, ct);
        return new(TokenCheck.Valid, token);
    }

    public Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken ct = default) => store.ListAsync(ct);

    public async Task<bool> RevokeAsync(Guid id, string actor, string? source, CancellationToken ct = default)
    {
        var revoked = await store.RevokeAsync(id, clock.GetUtcNow().UtcDateTime, ct);
        await audit.RecordAsync(new AuditEvent(actor, "api-token.revoke", id.ToString(),
            revoked ? AuditOutcome.Succeeded : AuditOutcome.Failed, source, revoked ? null : "No such token."), ct);
        return revoked;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
