using Portal.Domain.Cloud;
using Portal.Domain.Sync;

namespace Portal.Domain.Accounts;

public enum AccountStatus
{
    /// <summary>Onboarded; the first health check or sync has not finished yet.</summary>
    Pending,
    Healthy,
    /// <summary>Works, but some chosen feature lacks permissions (see the readiness list).</summary>
    Degraded,
    /// <summary>The credential or the subscription fails (see the last error).</summary>
    Unhealthy,
}

/// <summary>Which regions to sync and how often each kind of work runs (0 minutes = off).</summary>
public sealed record SyncPolicy
{
    /// <summary>Regions to sync; null means every region of the subscription.</summary>
    public IReadOnlyList<string>? Regions { get; init; }
    /// <summary>With an explicit region list: also sync regions the subscription gains later.</summary>
    public bool IncludeNewRegions { get; init; }
    public int HostSyncMinutes { get; init; } = 60;
    public int ResourceSyncMinutes { get; init; } = 360;
    public int HealthCheckMinutes { get; init; } = 60;
    /// <summary>Agentless detection (snapshot and read every VM's disks): daily by default, as Defender for Cloud; 0 = off.</summary>
    public int AgentlessMinutes { get; init; } = 1440;

    public static readonly int[] AllowedMinutes = [0, 5, 15, 30, 60, 120, 360, 720, 1440];

    public SyncSchedule Schedule => new(HostSyncMinutes, ResourceSyncMinutes, HealthCheckMinutes, AgentlessMinutes);

    /// <summary>True when a VM in <paramref name="location"/> belongs in the inventory.</summary>
    public bool Covers(string location, IReadOnlyCollection<string> regionsKnownAtOnboarding)
    {
        if (Regions is null) return true;
        if (Regions.Contains(location, StringComparer.OrdinalIgnoreCase)) return true;
        return IncludeNewRegions && !regionsKnownAtOnboarding.Contains(location, StringComparer.OrdinalIgnoreCase);
    }

    public IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[] { ("hostSyncMinutes", HostSyncMinutes), ("resourceSyncMinutes", ResourceSyncMinutes), ("healthCheckMinutes", HealthCheckMinutes) })
            if (value < 0 || value > 10080)
                yield return $"'{name}' must be between 0 (off) and 10080 minutes (one week); it is {value}.";
            else if (value is > 0 and < 5)
                yield return $"'{name}' must be 0 (off) or at least 5 minutes, to stay inside Azure's request limits; it is {value}.";
        // Each scan snapshots every disk in scope: more often than hourly would mostly pay for snapshots.
        if (AgentlessMinutes < 0 || AgentlessMinutes > 10080)
            yield return $"'agentlessMinutes' must be between 0 (off) and 10080 minutes (one week); it is {AgentlessMinutes}.";
        else if (AgentlessMinutes is > 0 and < 60)
            yield return $"'agentlessMinutes' must be 0 (off) or at least 60 minutes: every scan snapshots each disk; it is {AgentlessMinutes}.";
        if (Regions is { Count: 0 })
            yield return "'regions' is empty: list at least one region, or send null for every region.";
    }
}

public sealed record AccountSubscription(string SubscriptionId, string DisplayName);

/// <summary>An onboarded Entra app registration with the subscriptions it covers.</summary>
public sealed class CloudAccount
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public CloudKind Cloud { get; set; }
    public string TenantId { get; set; } = "";
    public string ClientId { get; set; } = "";
    /// <summary>The client secret as <see cref="Security.ISecretProtector"/> encrypted it; never the clear text.</summary>
    public string ProtectedClientSecret { get; set; } = "";
    public DateTime? SecretExpiresOn { get; set; }
    public List<AccountSubscription> Subscriptions { get; set; } = [];
    public List<CloudFeature> Features { get; set; } = [];
    public SyncPolicy Policy { get; set; } = new();
    /// <summary>Regions the subscriptions had when onboarded (to recognise regions added later).</summary>
    public List<string> KnownRegions { get; set; } = [];

    public AccountStatus Status { get; set; }
    public List<FeatureReadiness> Readiness { get; set; } = [];
    public string? LastErrorCode { get; set; }
    public string? LastErrorMessage { get; set; }
    public DateTime? LastErrorAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime? LastHostSyncAt { get; set; }
    public DateTime? LastResourceSyncAt { get; set; }
    public DateTime? LastHealthCheckAt { get; set; }
    public int HostCount { get; set; }

    public bool Has(CloudFeature feature) => Features.Contains(feature);

    /// <summary>A sync or check failed: the account is unhealthy with that error until a later run succeeds.</summary>
    public void RecordFailure(string code, string message, DateTime at)
    {
        Status = AccountStatus.Unhealthy;
        LastErrorCode = code;
        LastErrorMessage = message;
        LastErrorAt = at;
    }

    /// <summary>A run that started after the last error succeeded: the error is gone (the permissions verdict stays).</summary>
    public void ClearFailureBefore(DateTime runStarted)
    {
        if (Status != AccountStatus.Unhealthy || LastErrorCode is null || LastErrorAt > runStarted) return;
        Status = Readiness.All(r => r.Ready) ? AccountStatus.Healthy : AccountStatus.Degraded;
        LastErrorCode = LastErrorMessage = null;
        LastErrorAt = null;
    }

    /// <summary>Days until the secret expires (negative when expired); null when no expiry was given.</summary>
    public int? SecretDaysLeft(DateTime now) => SecretExpiresOn is { } e ? (int)Math.Floor((e - now).TotalDays) : null;

    public SecretExpiryWarning SecretWarning(DateTime now) => SecretDaysLeft(now) switch
    {
        null => SecretExpiryWarning.None,
        < 0 => SecretExpiryWarning.Expired,
        <= 7 => SecretExpiryWarning.Critical,
        <= 30 => SecretExpiryWarning.Soon,
        _ => SecretExpiryWarning.None,
    };
}

public enum SecretExpiryWarning { None, Soon, Critical, Expired }
