using System.Text.Json.Nodes;

namespace AzureSim.Seeds;

/// <summary>The seed file format (JSON, camelCase). See Seeds/README.md.</summary>
public sealed class SeedDocument
{
    public List<SeedTenant> Tenants { get; set; } = [];
    public List<SeedSubscription> Subscriptions { get; set; } = [];
    public List<SeedRole> CustomRoles { get; set; } = [];
    public List<SeedClient> Clients { get; set; } = [];
    public List<SeedGroup> ResourceGroups { get; set; } = [];
    public List<SeedNsg> NetworkSecurityGroups { get; set; } = [];
    public List<SeedVnet> VirtualNetworks { get; set; } = [];
    public List<SeedVm> Vms { get; set; } = [];
    public List<SeedResource> Resources { get; set; } = [];
}

public sealed class SeedTenant { public string Id { get; set; } = ""; public string DisplayName { get; set; } = ""; public string DefaultDomain { get; set; } = ""; }

public sealed class SeedSubscription
{
    public string Id { get; set; } = "";
    public string? TenantId { get; set; }
    public string DisplayName { get; set; } = "";
    public string State { get; set; } = "Enabled";
    public Dictionary<string, string> Tags { get; set; } = new();
}

public sealed class SeedRole
{
    public string Id { get; set; } = "";
    public string RoleName { get; set; } = "";
    public string Description { get; set; } = "";
    public List<string> Actions { get; set; } = [];
    public List<string> NotActions { get; set; } = [];
    public List<string> DataActions { get; set; } = [];
    public List<string> NotDataActions { get; set; } = [];
    /// <summary>"/subscriptions/{subscriptionId}" placeholders are replaced by the default subscription.</summary>
    public List<string> AssignableScopes { get; set; } = [];
}

public sealed class SeedClient
{
    public string ClientId { get; set; } = "";
    public string ObjectId { get; set; } = "";
    public string? TenantId { get; set; }
    public string DisplayName { get; set; } = "";
    public string Secret { get; set; } = "";
    /// <summary>Secret expiry; null = two years from start.</summary>
    public DateTimeOffset? SecretExpires { get; set; }
    public List<SeedAssignment> RoleAssignments { get; set; } = [];
}

public sealed class SeedAssignment
{
    /// <summary>Built-in role name, custom role name, or role definition GUID.</summary>
    public string Role { get; set; } = "";
    /// <summary>"/subscriptions/{subscriptionId}[/resourceGroups/x]"; the placeholder is replaced by the default subscription.</summary>
    public string Scope { get; set; } = "/subscriptions/{subscriptionId}";
}

public sealed class SeedGroup
{
    public string Name { get; set; } = "";
    public string Location { get; set; } = "eastus";
    public string? Subscription { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new();
}

public sealed class SeedRule
{
    public string Name { get; set; } = "";
    public int Priority { get; set; }
    public string Direction { get; set; } = "Inbound";
    public string Access { get; set; } = "Allow";
    public string Protocol { get; set; } = "Tcp";
    public string Source { get; set; } = "*";
    public string SourcePort { get; set; } = "*";
    public string Destination { get; set; } = "*";
    public string DestinationPort { get; set; } = "*";
    public List<string>? Sources { get; set; }
    public List<string>? DestinationPorts { get; set; }
    public string? Description { get; set; }
}

public sealed class SeedNsg
{
    public string Rg { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Location { get; set; }
    public List<SeedRule> Rules { get; set; } = [];
    public Dictionary<string, string> Tags { get; set; } = new();
}

public sealed class SeedSubnet { public string Name { get; set; } = ""; public string Prefix { get; set; } = ""; public string? Nsg { get; set; } }

public sealed class SeedVnet
{
    public string Rg { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Location { get; set; }
    public string AddressPrefix { get; set; } = "10.0.0.0/16";
    public List<SeedSubnet> Subnets { get; set; } = [];
}

public sealed class SeedVm
{
    public string Rg { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Location { get; set; }
    public string Size { get; set; } = "Standard_D2s_v5";
    public string Os { get; set; } = "Linux";
    /// <summary>ubuntu2204 | ubuntu2004 | rhel9 | debian12 | win2022 | win2019 | win2016 | win11</summary>
    public string? Image { get; set; }
    /// <summary>running | stopped | deallocated</summary>
    public string Power { get; set; } = "running";
    public string Vnet { get; set; } = "";
    /// <summary>Resource group of the VNet when it differs from the VM's.</summary>
    public string? VnetRg { get; set; }
    public string Subnet { get; set; } = "default";
    /// <summary>NSG (in the VM's resource group) attached to the NIC, or null.</summary>
    public string? Nsg { get; set; }
    public bool PublicIp { get; set; }
    public int DataDisks { get; set; }
    public int OsDiskSizeGb { get; set; } = 0;
    /// <summary>PlatformKey (default) | CustomerKey</summary>
    public string DiskEncryption { get; set; } = "PlatformKey";
    public bool PasswordAuth { get; set; }
    /// <summary>securityProfile.encryptionAtHost of the VM.</summary>
    public bool EncryptionAtHost { get; set; }
    /// <summary>true (default, Azure's default for a new disk): disk export open to any network (networkAccessPolicy AllowAll,
    /// publicNetworkAccess Enabled, no Entra ID data access auth); false: DenyAll, Disabled, dataAccessAuthMode AzureActiveDirectory.</summary>
    public bool DiskPublicAccess { get; set; } = true;
    /// <summary>What the OS disk holds: "builtin:&lt;name&gt;" (a shipped demo image), a path to a raw or .gz image file, or "none"
    /// (zeros). Null: the built-in image of the VM's <see cref="Image"/> (see Seeds/README.md, "Disk contents").</summary>
    public string? OsDiskContent { get; set; }
    /// <summary>SKU of the OS disk (Premium_LRS by default).</summary>
    public string? OsDiskSku { get; set; }
    /// <summary>SKU of the data disks (Premium_LRS by default; UltraSSD_LRS / PremiumV2_LRS cannot be snapshotted the usual way).</summary>
    public string? DataDiskSku { get; set; }
    /// <summary>Azure Disk Encryption (guest BitLocker / dm-crypt): encryptionSettingsCollection.enabled on the VM's disks.</summary>
    public bool AdeEncrypted { get; set; }
    /// <summary>The OS disk is an unmanaged VHD in a storage account (storageProfile.osDisk.vhd.uri), no managed disk resource.</summary>
    public bool UnmanagedOsDisk { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new();
}

public sealed class SeedResource
{
    public string Type { get; set; } = "";
    public string? Rg { get; set; }
    /// <summary>Name; for child types "parent/child" (one segment per level).</summary>
    public string Name { get; set; } = "";
    public string? Location { get; set; }
    /// <summary>null = resource group; "subscription" = subscription-level extension; "resource:&lt;type&gt;/&lt;name&gt;" = extension of a resource in Rg.</summary>
    public string? Scope { get; set; }
    public string? Kind { get; set; }
    public JsonObject? Sku { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
    public JsonObject? Properties { get; set; }
    /// <summary>The resource's managed identity ("identity": {"type": "SystemAssigned", ...}), as ARM returns it.</summary>
    public JsonObject? Identity { get; set; }
    /// <summary>For disks, snapshots and images: the content ("builtin:&lt;name&gt;" or an image file path) their export serves.</summary>
    public string? ContentImage { get; set; }
}
