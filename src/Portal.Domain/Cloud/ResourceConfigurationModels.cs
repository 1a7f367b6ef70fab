using System.Text.Json;

namespace Portal.Domain.Cloud;

/// <summary>
/// The configuration of a subscription's cloud resources as ARM returned it, for the configuration-risk (CSPM) checks.
/// </summary>
/// <param name="SubscriptionId">The subscription that was read.</param>
/// <param name="Resources">Each item is a whole ARM object exactly as a GET (or list) returned it, with its own ARM id: the
/// subscription itself, top-level resources, their child configurations (e.g. <c>…/servers/s/firewallRules/r</c>,
/// <c>…/sites/a/config/web</c>) and extension resources (<c>…/providers/Microsoft.Insights/diagnosticSettings/d</c>,
/// <c>/subscriptions/x/providers/Microsoft.Security/pricings/p</c>). Ids are distinct (case-insensitive).</param>
/// <param name="Warnings">Types that could not be read (no permission, not found, provider not available): one error per type
/// and cause, naming the type and how many of its reads failed. Everything else still came back.</param>
/// <param name="ArmRequests">HTTP requests sent to ARM for this read (retries included).</param>
public sealed record ResourceConfigurationSnapshot(
    string SubscriptionId,
    IReadOnlyList<JsonElement> Resources,
    IReadOnlyList<CloudError> Warnings,
    int ArmRequests,
    TimeSpan Elapsed)
{
    /// <summary>The reads (named by type, e.g. <c>Microsoft.Sql/servers/firewallRules</c>, or for extension resources
    /// <c>Microsoft.Insights/diagnosticSettings on Microsoft.KeyVault/vaults</c>) of which at least one was refused or not found,
    /// so a consumer can tell "not configured" from "not readable". Empty when <see cref="IsComplete"/>.</summary>
    public IReadOnlyList<string> UnreadTypes { get; init; } = [];

    /// <summary>Types that do not exist in this subscription's cloud or whose resource provider is not registered
    /// (MissingSubscriptionRegistration, InvalidResourceType, ...): no resource of them can exist, so they are not warnings.</summary>
    public IReadOnlyList<string> UnavailableTypes { get; init; } = [];

    /// <summary>When the read finished (UTC).</summary>
    public DateTimeOffset ReadAt { get; init; } = DateTimeOffset.UtcNow;

    public bool IsComplete => Warnings.Count == 0;
}
