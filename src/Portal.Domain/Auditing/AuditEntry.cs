namespace Portal.Domain.Auditing;

public enum AuditOutcome { Succeeded, Failed, Denied }

/// <summary>One append-only audit record: who did what to which target, when, from where, and how it ended.</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }
    public DateTime OccurredAt { get; init; }
    /// <summary>User name, or "api-token:NAME", or "system" for scheduled work.</summary>
    public required string Actor { get; init; }
    /// <summary>Dotted action name, e.g. "auth.sign-in", "api-token.create".</summary>
    public required string Action { get; init; }
    public string? Target { get; init; }
    public AuditOutcome Outcome { get; init; }
    /// <summary>Remote address of the caller, or null for scheduled work.</summary>
    public string? Source { get; init; }
    public string? Detail { get; init; }
}

/// <summary>What an operator is doing, written by services: the store stamps id and time.</summary>
public sealed record AuditEvent(string Actor, string Action, string? Target, AuditOutcome Outcome, string? Source, string? Detail = null);

public sealed record AuditQuery
{
    public string? Actor { get; init; }
    public string? Action { get; init; }
    public string? Target { get; init; }
    public AuditOutcome? Outcome { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    /// <summary>Free text matched against actor, action, target and detail.</summary>
    public string? Search { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

public sealed record PagedResult<T>(int Total, IReadOnlyList<T> Items);

public interface IAuditLog
{
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
    Task<PagedResult<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
