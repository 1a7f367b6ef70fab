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

    // ---- Response (containment). Writes follow Azure's long-running operation to its end before returning.
    // Defaults answer NotSupported so test doubles written before them keep compiling.

    /// <summary>One NSG with its rules, attachments and etag (NotFound when it is gone).</summary>
    Task<CloudResult<NsgInfo>> GetNetworkSecurityGroupAsync(CloudCredential credential, string nsgId, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<NsgInfo>.Fail(NotSupported(nameof(GetNetworkSecurityGroupAsync))));

    /// <summary>Creates (or returns, when one of that id exists) an empty NSG in the given resource group and region.</summary>
    Task<CloudResult<NsgInfo>> CreateNetworkSecurityGroupAsync(CloudCredential credential, NsgCreateSpec spec, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<NsgInfo>.Fail(NotSupported(nameof(CreateNetworkSecurityGroupAsync))));

    /// <summary>Deletes an NSG (false when it was not there). Azure refuses while a NIC or subnet still uses it.</summary>
    Task<CloudResult<bool>> DeleteNetworkSecurityGroupAsync(CloudCredential credential, string nsgId, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<bool>.Fail(NotSupported(nameof(DeleteNetworkSecurityGroupAsync))));

    /// <summary>Creates or replaces one security rule. With <paramref name="ifMatchEtag"/> Azure refuses (PreconditionFailed)
    /// when the rule changed since it was read, so two writers never lose each other's prefixes; "*" means "must exist",
    /// null means unconditional. Returns the rule as Azure stored it, with its new etag.</summary>
    Task<CloudResult<NsgRuleInfo>> PutSecurityRuleAsync(CloudCredential credential, string nsgId, NsgRuleInfo rule, string? ifMatchEtag = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<NsgRuleInfo>.Fail(NotSupported(nameof(PutSecurityRuleAsync))));

    /// <summary>Deletes one security rule (false when it was not there).</summary>
    Task<CloudResult<bool>> DeleteSecurityRuleAsync(CloudCredential credential, string nsgId, string ruleName, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<bool>.Fail(NotSupported(nameof(DeleteSecurityRuleAsync))));

    /// <summary>One VM, live: power state, NICs with their NSG, subnets and the subnets' NSGs (as in the inventory listing).</summary>
    Task<CloudResult<VmInfo>> GetVirtualMachineAsync(CloudCredential credential, string vmId, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<VmInfo>.Fail(NotSupported(nameof(GetVirtualMachineAsync))));

    /// <summary>Associates <paramref name="nsgId"/> with the NIC, or removes its association when null (read-modify-write of the
    /// NIC with its etag). Returns the NIC as Azure stored it.</summary>
    Task<CloudResult<VmNicInfo>> SetNetworkInterfaceNsgAsync(CloudCredential credential, string nicId, string? nsgId, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<VmNicInfo>.Fail(NotSupported(nameof(SetNetworkInterfaceNsgAsync))));

    /// <summary>Starts, powers off, deallocates or restarts the VM and waits for the operation to end; returns the VM's power
    /// state afterwards (running, stopped, deallocated). Azure's refusals (e.g. OperationNotAllowed) come back as errors.</summary>
    Task<CloudResult<string>> RunPowerActionAsync(CloudCredential credential, string vmId, VmPowerAction action, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<string>.Fail(NotSupported(nameof(RunPowerActionAsync))));

    // ---- Agentless detection (snapshots). Writes follow Azure's long-running operation to its end before returning.

    /// <summary>The VM's OS and data disks (managed or not) with SKU, size, encryption and region, read live.</summary>
    Task<CloudResult<IReadOnlyList<VmDiskInfo>>> ListVmDisksAsync(CloudCredential credential, string vmId, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<IReadOnlyList<VmDiskInfo>>.Fail(NotSupported(nameof(ListVmDisksAsync))));

    /// <summary>Creates a snapshot (createOption Copy) and waits until it has succeeded.</summary>
    Task<CloudResult<SnapshotInfo>> CreateSnapshotAsync(CloudCredential credential, SnapshotCreateSpec spec, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<SnapshotInfo>.Fail(NotSupported(nameof(CreateSnapshotAsync))));

    /// <summary>Grants read access (beginGetAccess, access Read) for <paramref name="duration"/>; the SAS URL comes back once.</summary>
    Task<CloudResult<DiskAccessGrant>> GrantSnapshotReadAsync(CloudCredential credential, string snapshotId, TimeSpan duration, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<DiskAccessGrant>.Fail(NotSupported(nameof(GrantSnapshotReadAsync))));

    /// <summary>Revokes the SAS (endGetAccess); true also when no access was granted.</summary>
    Task<CloudResult<bool>> RevokeSnapshotReadAsync(CloudCredential credential, string snapshotId, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<bool>.Fail(NotSupported(nameof(RevokeSnapshotReadAsync))));

    /// <summary>Deletes a snapshot (false when it was not there).</summary>
    Task<CloudResult<bool>> DeleteSnapshotAsync(CloudCredential credential, string snapshotId, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<bool>.Fail(NotSupported(nameof(DeleteSnapshotAsync))));

    /// <summary>Every snapshot of the subscription that carries tag <paramref name="tagName"/> (paged list, filtered by tag),
    /// so the sweeper finds the portal's own leftovers and nothing else.</summary>
    Task<CloudResult<IReadOnlyList<SnapshotInfo>>> ListSnapshotsByTagAsync(CloudCredential credential, string subscriptionId, string tagName, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<IReadOnlyList<SnapshotInfo>>.Fail(NotSupported(nameof(ListSnapshotsByTagAsync))));

    /// <summary>Managed images and gallery image versions of the subscription, with their source disks/snapshots.</summary>
    Task<CloudResult<IReadOnlyList<CustomImageInfo>>> ListCustomImagesAsync(CloudCredential credential, string subscriptionId, CancellationToken cancellationToken = default) =>
        Task.FromResult(CloudResult<IReadOnlyList<CustomImageInfo>>.Fail(NotSupported(nameof(ListCustomImagesAsync))));

    private CloudError NotSupported(string operation) => CloudError.From(CloudErrorCodes.NotSupported, $"{GetType().Name} does not implement {operation}.");
}
