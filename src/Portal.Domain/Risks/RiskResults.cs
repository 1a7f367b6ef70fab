using Portal.Cspm;

namespace Portal.Domain.Risks;

/// <summary>The latest result of one check on one resource for an account (replaced as a whole by each scan).</summary>
public sealed class RiskResult
{
    public long Id { get; set; }
    public Guid AccountId { get; set; }
    public string CheckId { get; set; } = "";
    /// <summary>Lower-cased ARM id of the resource (or "/subscriptions/{id}" for subscription-level checks).</summary>
    public string ResourceId { get; set; } = "";
    public CheckStatus Status { get; set; }
    public string Evidence { get; set; } = "";
    public DateTime EvaluatedAt { get; set; }

    public static RiskResult From(Guid accountId, CheckResult r, DateTime at) => new()
    {
        AccountId = accountId,
        CheckId = r.CheckId,
        ResourceId = r.ResourceId.TrimEnd('/').ToLowerInvariant(),
        Status = r.Status,
        Evidence = r.Evidence,
        EvaluatedAt = at,
    };
}

/// <summary>The posture of one account at one scan: failed results (whitelisted ones excluded, as at scan time) by severity and service.</summary>
public sealed class RiskTrendPoint
{
    public long Id { get; set; }
    public Guid AccountId { get; set; }
    public DateTime At { get; set; }
    public int Resources { get; set; }
    public int Failed { get; set; }
    public int Passed { get; set; }
    public int Whitelisted { get; set; }
    /// <summary>Failed results per severity name ("Critical", "High", "Medium", "Low").</summary>
    public Dictionary<string, int> FailedBySeverity { get; set; } = [];
    /// <summary>Failed results per catalog service name.</summary>
    public Dictionary<string, int> FailedByService { get; set; } = [];
}

public sealed record ResultCount(string CheckId, CheckStatus Status, int Count);

public interface IRiskStore
{
    /// <summary>Replaces every stored result of the account with <paramref name="results"/> and appends <paramref name="trend"/>,
    /// in one transaction: readers see the previous scan or this one, never a mix.</summary>
    Task ReplaceResultsAsync(Guid accountId, IReadOnlyList<RiskResult> results, RiskTrendPoint trend, CancellationToken ct = default);
    /// <summary>Latest results, optionally of one account, some checks and/or one status only.</summary>
    Task<IReadOnlyList<RiskResult>> ListResultsAsync(Guid? accountId = null, IReadOnlyCollection<string>? checkIds = null, CancellationToken ct = default,
        CheckStatus? status = null);
    /// <summary>Number of latest results per check and status (counted by the database), optionally of one account and/or some checks.</summary>
    Task<IReadOnlyList<ResultCount>> CountAsync(Guid? accountId = null, IReadOnlyCollection<string>? checkIds = null, CancellationToken ct = default);
    /// <summary>Trend points in time order, optionally of one account and within [from, to].</summary>
    Task<IReadOnlyList<RiskTrendPoint>> TrendAsync(Guid? accountId = null, DateTime? from = null, DateTime? to = null, CancellationToken ct = default);
}
