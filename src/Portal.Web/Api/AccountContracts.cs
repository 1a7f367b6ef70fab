using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Sync;

namespace Portal.Web.Api;

public sealed record SyncPolicyDto(IReadOnlyList<string>? Regions, bool IncludeNewRegions = false, int HostSyncMinutes = 60, int ResourceSyncMinutes = 360, int HealthCheckMinutes = 60, int AgentlessMinutes = 1440)
{
    public SyncPolicy ToPolicy() => new()
    {
        Regions = Regions?.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length > 0).Distinct().ToList(),
        IncludeNewRegions = IncludeNewRegions,
        HostSyncMinutes = HostSyncMinutes,
        ResourceSyncMinutes = ResourceSyncMinutes,
        HealthCheckMinutes = HealthCheckMinutes,
        AgentlessMinutes = AgentlessMinutes,
    };

    public static SyncPolicyDto From(SyncPolicy p) => new(p.Regions, p.IncludeNewRegions, p.HostSyncMinutes, p.ResourceSyncMinutes, p.HealthCheckMinutes, p.AgentlessMinutes);
}

public sealed record CreateAccountRequest(string? Name, CloudKind? Cloud, string? TenantId, string? ClientId, string? ClientSecret, DateTime? SecretExpiresOn,
    IReadOnlyList<string>? SubscriptionIds, IReadOnlyList<CloudFeature>? Features, SyncPolicyDto? SyncPolicy)
{
    // Request bodies end up in logs and exceptions by mistake: never with the secret.
    private bool PrintMembers(System.Text.StringBuilder b)
    {
        b.Append($"Name = {Name}, Cloud = {Cloud}, TenantId = {TenantId}, ClientId = {ClientId}, ClientSecret = {Secrets.Mask(ClientSecret)}, SecretExpiresOn = {SecretExpiresOn}, ");
        b.Append($"SubscriptionIds = [{string.Join(", ", SubscriptionIds ?? [])}], Features = [{string.Join(", ", Features ?? [])}], SyncPolicy = {SyncPolicy}");
        return true;
    }
}

public sealed record UpdateAccountRequest(string? Name, IReadOnlyList<CloudFeature>? Features, SyncPolicyDto? SyncPolicy, string? ClientSecret, DateTime? SecretExpiresOn)
{
    private bool PrintMembers(System.Text.StringBuilder b)
    {
        b.Append($"Name = {Name}, Features = [{string.Join(", ", Features ?? [])}], SyncPolicy = {SyncPolicy}, ClientSecret = {Secrets.Mask(ClientSecret)}, SecretExpiresOn = {SecretExpiresOn}");
        return true;
    }
}

public sealed record SyncRequest(string? Kind);

public sealed record FeatureResultDto(CloudFeature Feature, bool Ready, IReadOnlyList<string> MissingActions);

public sealed record AccountDto(
    Guid Id, string Name, CloudKind Cloud, string TenantId, string ClientId, IReadOnlyList<AccountSubscription> Subscriptions,
    IReadOnlyList<CloudFeature> Features, SyncPolicyDto SyncPolicy, AccountStatus Status, IReadOnlyList<FeatureResultDto> FeatureStatus,
    string? LastErrorCode, string? LastErrorMessage, DateTime? LastErrorAt,
    DateTime? LastHostSyncAt, DateTime? LastResourceSyncAt, DateTime? LastHealthCheckAt,
    IReadOnlyDictionary<string, DateTimeOffset?> NextRuns, DateTime? SecretExpiresOn, int? SecretDaysLeft, string SecretWarning,
    int HostCount, DateTime CreatedAt, string CreatedBy)
{
    public static AccountDto From(CloudAccount a, IReadOnlyDictionary<SyncKind, DateTimeOffset?> nextRuns, DateTime now) => new(
        a.Id, a.Name, a.Cloud, a.TenantId, a.ClientId, a.Subscriptions, a.Features, SyncPolicyDto.From(a.Policy), a.Status,
        a.Readiness.Select(r => new FeatureResultDto(r.Feature, r.Ready, r.MissingActions)).ToList(),
        a.LastErrorCode, a.LastErrorMessage, a.LastErrorAt, a.LastHostSyncAt, a.LastResourceSyncAt, a.LastHealthCheckAt,
        nextRuns.ToDictionary(k => KindName(k.Key), v => v.Value), a.SecretExpiresOn, a.SecretDaysLeft(now), a.SecretWarning(now).ToString(),
        a.HostCount, a.CreatedAt, a.CreatedBy);

    public static string KindName(SyncKind kind) => kind switch
    {
        SyncKind.Hosts => "hosts",
        SyncKind.Resources => "resources",
        SyncKind.Agentless => "agentless",
        _ => "healthCheck",
    };
}

public sealed record CreatedAccountDto(AccountDto Account, IReadOnlyList<FeatureResultDto> Features, IReadOnlyList<SubscriptionCheckDto> Subscriptions);

public sealed record SubscriptionCheckDto(string SubscriptionId, string DisplayName, int VmCount, IReadOnlyList<string> Regions, string? LeastPrivilegeRole);

public sealed record HostDto(Guid Id, Guid AccountId, string Name, string ResourceId, string SubscriptionId, string ResourceGroup, string Location,
    string? VmSize, string? OsType, string PowerState, IReadOnlyList<string> PrivateIps, IReadOnlyList<string> PublicIps, IReadOnlyList<string> NicIds,
    IReadOnlyList<string> NsgIds, IReadOnlyDictionary<string, string> Tags, DateTime FirstSeen, DateTime LastSeen, bool Removed, DateTime? RemovedAt)
{
    public static HostDto From(Portal.Domain.Inventory.Host h) => new(h.Id, h.AccountId, h.Name, h.ResourceId, h.SubscriptionId, h.ResourceGroup, h.Location, h.VmSize, h.OsType,
        h.PowerState, h.PrivateIps, h.PublicIps, h.NicIds, h.NsgIds, h.Tags, h.FirstSeen, h.LastSeen, h.Removed, h.RemovedAt);
}
