namespace Portal.Domain.Cloud;

/// <summary>
/// The portal's only door to a cloud's control plane. Every method returns a <see cref="CloudResult{T}"/>:
/// Entra and ARM failures come back as a <see cref="CloudError"/> with meaning and fix, never as an SDK exception.
/// Only cancellation through <c>cancellationToken</c> throws (<see cref="OperationCanceledException"/>).
/// Implementations are thread-safe and meant to be singletons; they cache clients (and so tokens) per credential.
/// </summary>
public interface ICloudConnector
{
    /// <summary>Asks Entra ID for an ARM token with the credential; on success tells who it signed in as.</summary>
    Task<CloudResult<CredentialIdentity>> ValidateCredentialAsync(CloudCredential credential, CancellationToken cancellationToken = default);

    /// <summary>The subscriptions the app holds a role on (empty when none).</summary>
    Task<CloudResult<IReadOnlyList<SubscriptionInfo>>> ListSubscriptionsAsync(CloudCredential credential, CancellationToken cancellationToken = default);

    /// <summary>One subscription (SubscriptionNotFound / AuthorizationFailed when the app cannot see it).</summary>
    Task<CloudResult<SubscriptionInfo>> GetSubscriptionAsync(CloudCredential credential, string subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>The physical regions available to the subscription.</summary>
    Task<CloudResult<IReadOnlyList<RegionInfo>>> ListRegionsAsync(CloudCredential credential, string subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every VM of the subscription with power state, NICs, private and public IPs and NSGs, in a bounded number of
    /// requests (list VMs with status, list NICs, list public IPs, list virtual networks: paged, then joined), never
    /// one call per VM. <paramref name="progress"/> receives the number of VMs listed so far.
    /// </summary>
    Task<CloudResult<VmInventory>> ListVirtualMachinesAsync(CloudCredential credential, string subscriptionId, IProgress<int>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>The app's effective control-plane permissions on the subscription (Microsoft.Authorization/permissions).</summary>
    Task<CloudResult<PermissionSet>> GetPermissionsAsync(CloudCredential credential, string subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every NSG of the subscription with its rules and attachments (one paged list), for a host's network path.
    /// Has a default so that test doubles written before it keep compiling.
    /// </summary>
    Task<CloudResult<IReadOnlyList<NsgInfo>>> ListNetworkSecurityGroupsAsync(CloudCredential credential, string subscriptionId, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<IReadOnlyList<NsgInfo>>.Fail(CloudError.From(CloudErrorCodes.NotSupported, $"{GetType().Name} does not list network security groups.")));

    /// <summary>
    /// The configuration of the subscription's cloud resources for the configuration-risk checks: every resource of the
    /// types the checks read (paged lists per type, never one call per resource of a type without children), the child
    /// configurations they need per parent (firewall rules, auditing, TDE, site config, blob services, keys and secrets,
    /// diagnostic settings, ...) and the subscription-level settings (Defender pricings, activity log alerts, diagnostic
    /// settings, role assignments and custom role definitions). A type the app may not read (403) or that is not there (404)
    /// becomes a warning and the rest still comes back; any other failure (throttling after retries, network, outage)
    /// fails the call, so a sync keeps its last good data. <paramref name="progress"/> receives the number of resources read so far.
    /// Has a default so that test doubles written before it keep compiling.
    /// </summary>
    Task<CloudResult<ResourceConfigurationSnapshot>> ListResourceConfigurationsAsync(CloudCredential credential, string subscriptionId, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<ResourceConfigurationSnapshot>.Fail(CloudError.From(CloudErrorCodes.NotSupported, $"{GetType().Name} does not read resource configurations.")));
}
