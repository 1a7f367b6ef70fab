namespace Portal.Domain.Cloud;

/// <summary>A subscription the app can see.</summary>
public sealed record SubscriptionInfo(string SubscriptionId, string DisplayName, string State, string? TenantId)
{
    public bool IsEnabled => string.Equals(State, "Enabled", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A region (location) available to a subscription.</summary>
public sealed record RegionInfo(string Name, string DisplayName, string? RegionalDisplayName, string? GeographyGroup, string? PairedRegion);

/// <summary>Who the credential signed in as (read from the token Entra issued).</summary>
public sealed record CredentialIdentity(string? TenantId, string? ClientId, string? ObjectId, string? AppDisplayName, DateTimeOffset TokenExpiresOn);

/// <summary>A network interface of a VM, joined with its public IPs and NSGs.</summary>
public sealed record VmNicInfo(
    string Id,
    bool Primary,
    IReadOnlyList<string> PrivateIps,
    IReadOnlyList<string> PublicIps,
    IReadOnlyList<string> PublicIpIds,
    string? NsgId,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> SubnetNsgIds);

/// <summary>A virtual machine ("host") with its power state and network attachments.</summary>
/// <param name="PowerState">running, stopped, deallocated, starting, stopping, deallocating, or unknown.</param>
/// <param name="NsgIds">NSGs on the VM's NICs first, then NSGs on their subnets; distinct.</param>
public sealed record VmInfo(
    string Id,
    string Name,
    string SubscriptionId,
    string ResourceGroup,
    string Location,
    string? VmSize,
    string? OsType,
    string PowerState,
    IReadOnlyList<string> PrivateIps,
    IReadOnlyList<string> PublicIps,
    IReadOnlyList<string> NicIds,
    IReadOnlyList<string> NsgIds,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Azure's unique VM id (properties.vmId); changes when a VM of the same name is recreated.</summary>
    public string? VmId { get; init; }
    public string? ProvisioningState { get; init; }
    public IReadOnlyList<string> Zones { get; init; } = [];
    public IReadOnlyList<VmNicInfo> Nics { get; init; } = [];
}

/// <summary>The VMs of one subscription and what listing them took.</summary>
/// <param name="Warnings">Parts that could not be read (e.g. no permission to list public IPs): the VMs are there, those details are missing.</param>
/// <param name="ArmRequests">HTTP requests sent to ARM for this listing (retries included).</param>
public sealed record VmInventory(string SubscriptionId, IReadOnlyList<VmInfo> Vms, IReadOnlyList<CloudError> Warnings, int ArmRequests, TimeSpan Elapsed)
{
    public bool IsComplete => Warnings.Count == 0;
}

/// <summary>One security rule of an NSG (prefix and port lists merge Azure's singular and plural fields).</summary>
/// <param name="Direction">Inbound or Outbound.</param>
/// <param name="Access">Allow or Deny.</param>
/// <param name="Protocol">Tcp, Udp, Icmp, Esp, Ah or *.</param>
public sealed record NsgRuleInfo(
    string Name,
    int Priority,
    string Direction,
    string Access,
    string Protocol,
    IReadOnlyList<string> SourceAddressPrefixes,
    IReadOnlyList<string> SourcePortRanges,
    IReadOnlyList<string> DestinationAddressPrefixes,
    IReadOnlyList<string> DestinationPortRanges,
    bool IsDefault)
{
    public string? Description { get; init; }
    public IReadOnlyList<string> SourceApplicationSecurityGroupIds { get; init; } = [];
    public IReadOnlyList<string> DestinationApplicationSecurityGroupIds { get; init; } = [];
    /// <summary>Azure's etag of the rule when read from Azure (for conditional writes); ignored when writing.</summary>
    public string? Etag { get; init; }
}

/// <summary>A network security group with its rules (custom and default, each ordered by direction then priority) and where it is attached.</summary>
public sealed record NsgInfo(
    string Id,
    string Name,
    string SubscriptionId,
    string ResourceGroup,
    string Location,
    IReadOnlyList<NsgRuleInfo> Rules,
    IReadOnlyList<NsgRuleInfo> DefaultRules,
    IReadOnlyList<string> NicIds,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>Azure's etag of the NSG when read from Azure.</summary>
    public string? Etag { get; init; }
}

/// <summary>What the portal needs to create an NSG (e.g. to isolate a VM whose NIC has none).</summary>
public sealed record NsgCreateSpec(string SubscriptionId, string ResourceGroup, string Name, string Location, IReadOnlyDictionary<string, string> Tags);

/// <summary>The VM power operations Azure offers (start, powerOff, deallocate, restart).</summary>
public enum VmPowerAction { Start, PowerOff, Deallocate, Restart }
