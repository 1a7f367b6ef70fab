namespace Portal.Domain.Inventory;

/// <summary>An Azure VM as the portal last saw it.</summary>
public sealed class Host
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>ARM resource id, lower-cased for matching (Azure ids are case-insensitive).</summary>
    public string ResourceId { get; set; } = "";
    public string Name { get; set; } = "";
    public string SubscriptionId { get; set; } = "";
    public string ResourceGroup { get; set; } = "";
    public string Location { get; set; } = "";
    public string? VmSize { get; set; }
    public string? OsType { get; set; }
    public string PowerState { get; set; } = "unknown";
    public List<string> PrivateIps { get; set; } = [];
    public List<string> PublicIps { get; set; } = [];
    public List<string> NicIds { get; set; } = [];
    public List<string> NsgIds { get; set; } = [];
    public Dictionary<string, string> Tags { get; set; } = [];
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }
    /// <summary>True when the VM is gone from Azure; kept with the time it was last seen.</summary>
    public bool Removed { get; set; }
    public DateTime? RemovedAt { get; set; }
}

public sealed record HostQuery
{
    public Guid? AccountId { get; init; }
    /// <summary>Matches name, resource group, resource id or an IP address.</summary>
    public string? Search { get; init; }
    public string? Region { get; init; }
    public string? PowerState { get; init; }
    /// <summary>"key" or "key=value".</summary>
    public string? Tag { get; init; }
    public bool IncludeRemoved { get; init; }
    public string SortBy { get; init; } = "name";
    public bool Descending { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

public sealed record HostCounts(int Total, IReadOnlyDictionary<string, int> ByRegion, IReadOnlyDictionary<string, int> ByPowerState);

/// <summary>What one sync changed.</summary>
public sealed record HostSyncOutcome(int Seen, int Added, int Updated, int Removed);

public interface IHostStore
{
    Task<Auditing.PagedResult<Host>> QueryAsync(HostQuery query, CancellationToken ct = default);
    Task<Host?> GetAsync(Guid id, CancellationToken ct = default);
    Task<HostCounts> CountAsync(Guid? accountId = null, CancellationToken ct = default);
    /// <summary>Replaces the account's view of one subscription with <paramref name="seen"/>: new hosts are added, known ones
    /// updated, and hosts of that subscription not seen any more are marked removed (never deleted). One transaction.</summary>
    Task<HostSyncOutcome> ApplySyncAsync(Guid accountId, string subscriptionId, IReadOnlyList<Host> seen, DateTime now, CancellationToken ct = default);
}
