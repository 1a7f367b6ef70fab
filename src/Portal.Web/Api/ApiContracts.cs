using Portal.Domain.ApiTokens;
using Portal.Domain.Auditing;

namespace Portal.Web.Api;

public sealed record MeResponse(string Name, string Role, string AuthenticatedBy);

public sealed record CreateApiTokenRequest(string? Name, string? Role, DateTime? ExpiresOn);

public sealed record ApiTokenResponse(Guid Id, string Name, string Role, string Prefix, string CreatedBy, DateTime CreatedAt,
    DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt, string State)
{
    public static ApiTokenResponse From(ApiToken t, DateTime now) =>
        new(t.Id, t.Name, t.Role, t.Prefix, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.StateAt(now).ToString());
}

/// <summary>The only response that carries a token's secret: the one that created it.</summary>
public sealed record CreatedApiTokenResponse(ApiTokenResponse Token, string Secret)
{
    private bool PrintMembers(System.Text.StringBuilder b)
    {
        b.Append($"Token = {Token}, Secret = {Portal.Domain.Cloud.Secrets.Mask(Secret)}");
        return true;
    }
}

public sealed record AuditEntryResponse(long Id, DateTime OccurredAt, string Actor, string Action, string? Target, string Outcome, string? Source, string? Detail)
{
    public static AuditEntryResponse From(AuditEntry e) => new(e.Id, e.OccurredAt, e.Actor, e.Action, e.Target, e.Outcome.ToString(), e.Source, e.Detail);
}

public sealed record PageResponse<T>(int Total, IReadOnlyList<T> Items);
