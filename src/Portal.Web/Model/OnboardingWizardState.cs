using Portal.Domain.Accounts;
using Portal.Domain.Cloud;

namespace Portal.Web.Model;

public enum WizardStep { Features = 1, Credentials = 2, Validate = 3, Policy = 4, Review = 5 }

/// <summary>
/// What the onboarding wizard has gathered. Saved in the browser's session storage (encrypted by the server) so a
/// reload keeps it, except the client secret, which never goes back to the browser.
/// </summary>
public sealed class OnboardingWizardState
{
    public Guid? EditingAccountId { get; set; }
    public WizardStep Step { get; set; } = WizardStep.Features;
    public HashSet<CloudFeature> Features { get; set; } = [CloudFeature.Hosts];
    public string Name { get; set; } = "";
    public CloudKind Cloud { get; set; } = CloudKind.AzurePublic;
    public string TenantId { get; set; } = "";
    public string ClientId { get; set; } = "";
    public DateTime? SecretExpiresOn { get; set; }
    public List<SubscriptionInfo> VisibleSubscriptions { get; set; } = [];
    public HashSet<string> SelectedSubscriptions { get; set; } = [];
    public List<string> AvailableRegions { get; set; } = [];
    /// <summary>Null = every region.</summary>
    public HashSet<string>? SelectedRegions { get; set; }
    public bool IncludeNewRegions { get; set; } = true;
    public int HostSyncMinutes { get; set; } = 60;
    public int ResourceSyncMinutes { get; set; } = 360;
    public int HealthCheckMinutes { get; set; } = 60;
    public int AgentlessMinutes { get; set; } = 1440;

    /// <summary>In memory only: never serialized.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Secret { get; set; } = "";

    public SyncPolicy Policy => new()
    {
        Regions = SelectedRegions?.OrderBy(r => r).ToList(),
        IncludeNewRegions = IncludeNewRegions,
        HostSyncMinutes = HostSyncMinutes,
        ResourceSyncMinutes = ResourceSyncMinutes,
        HealthCheckMinutes = HealthCheckMinutes,
        AgentlessMinutes = AgentlessMinutes,
    };

    public OnboardingRequest ToRequest() => new()
    {
        Name = Name,
        Cloud = Cloud,
        TenantId = TenantId,
        ClientId = ClientId,
        ClientSecret = Secret,
        SecretExpiresOn = SecretExpiresOn is { } d ? DateTime.SpecifyKind(d.Date, DateTimeKind.Utc) : null,
        SubscriptionIds = SelectedSubscriptions.ToList(),
        Features = Features.OrderBy(f => f).ToList(),
        Policy = Policy,
    };

    public static OnboardingWizardState FromAccount(CloudAccount a) => new()
    {
        EditingAccountId = a.Id,
        Features = [.. a.Features],
        Name = a.Name,
        Cloud = a.Cloud,
        TenantId = a.TenantId,
        ClientId = a.ClientId,
        SecretExpiresOn = a.SecretExpiresOn,
        VisibleSubscriptions = a.Subscriptions.Select(s => new SubscriptionInfo(s.SubscriptionId, s.DisplayName, "Enabled", a.TenantId)).ToList(),
        SelectedSubscriptions = [.. a.Subscriptions.Select(s => s.SubscriptionId)],
        AvailableRegions = [.. a.KnownRegions.Order()],
        SelectedRegions = a.Policy.Regions is null ? null : [.. a.Policy.Regions],
        IncludeNewRegions = a.Policy.IncludeNewRegions,
        HostSyncMinutes = a.Policy.HostSyncMinutes,
        ResourceSyncMinutes = a.Policy.ResourceSyncMinutes,
        HealthCheckMinutes = a.Policy.HealthCheckMinutes,
        AgentlessMinutes = a.Policy.AgentlessMinutes,
    };

    public static string Frequency(int minutes) => minutes switch
    {
        0 => "Off",
        < 60 => $"Every {minutes} minutes",
        60 => "Every hour",
        < 1440 => $"Every {minutes / 60} hours",
        1440 => "Every day",
        _ => $"Every {minutes / 1440} days",
    };
}
