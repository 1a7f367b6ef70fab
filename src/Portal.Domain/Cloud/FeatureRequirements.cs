using System.Text.Json;

namespace Portal.Domain.Cloud;

/// <summary>What the portal can do with an account; each needs its own Azure permissions.</summary>
public enum CloudFeature
{
    /// <summary>Host (VM) inventory.</summary>
    Hosts,

    /// <summary>Configuration risk scanning.</summary>
    Cspm,

    /// <summary>Automated response: block an IP, isolate a VM, power a VM on or off.</summary>
    Response,

    /// <summary>Agentless detection: snapshot a VM's disks and scan them.</summary>
    Agentless,
}

/// <summary>The control-plane actions one feature needs, and the built-in roles that grant them.</summary>
public sealed record FeatureRequirement(CloudFeature Feature, string Title, IReadOnlyList<string> Actions, IReadOnlyList<string> BuiltInRoles, string Why);

/// <summary>Whether a feature can work with the permissions Azure reported, and what is missing if not.</summary>
public sealed record FeatureReadiness(CloudFeature Feature, bool Ready, IReadOnlyList<string> MissingActions);

/// <summary>
/// Per-feature permission requirements, their evaluation against the caller's effective permissions,
/// and a least-privilege custom role that grants what is missing.
/// </summary>
public static class FeatureRequirements
{
    private static readonly string[] HostReads =
    [
        "Microsoft.Compute/virtualMachines/read",
        "Microsoft.Network/networkInterfaces/read",
        "Microsoft.Network/publicIPAddresses/read",
        "Microsoft.Network/virtualNetworks/read",
        "Microsoft.Network/networkSecurityGroups/read",
    ];

    public static FeatureRequirement Hosts { get; } = new(
        CloudFeature.Hosts, "Host inventory",
        HostReads,
        ["Reader"],
        "List VMs with their power state, network interfaces, IP addresses and NSGs.");

    public static FeatureRequirement Cspm { get; } = new(
        CloudFeature.Cspm, "Configuration risk scanning (CSPM)",
        [
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Authorization/roleAssignments/read",
            "Microsoft.Authorization/roleDefinitions/read",
            "Microsoft.Compute/virtualMachines/read",
            "Microsoft.Compute/disks/read",
            "Microsoft.Network/networkSecurityGroups/read",
            "Microsoft.Network/networkInterfaces/read",
            "Microsoft.Network/publicIPAddresses/read",
            "Microsoft.Network/virtualNetworks/read",
            "Microsoft.Network/networkWatchers/read",
            "Microsoft.Network/networkWatchers/flowLogs/read",
            "Microsoft.Storage/storageAccounts/read",
            "Microsoft.Storage/storageAccounts/blobServices/read",
            "Microsoft.KeyVault/vaults/read",
            "Microsoft.Sql/servers/read",
            "Microsoft.Sql/servers/firewallRules/read",
            "Microsoft.Sql/servers/auditingSettings/read",
            "Microsoft.Sql/servers/administrators/read",
            "Microsoft.Sql/servers/encryptionProtector/read",
            "Microsoft.Sql/servers/databases/read",
            "Microsoft.Sql/servers/databases/transparentDataEncryption/read",
            "Microsoft.Web/sites/read",
            "Microsoft.Web/sites/config/read",
            "Microsoft.Insights/activityLogAlerts/read",
            "Microsoft.Insights/diagnosticSettings/read",
            "Microsoft.Security/pricings/read",
            "Microsoft.Security/securityContacts/read",
            "Microsoft.Security/autoProvisioningSettings/read",
        ],
        ["Reader"],
        "Read the configuration of compute, network, storage, key vault, SQL, web, monitor, Defender and IAM resources.");

    public static FeatureRequirement Response { get; } = new(
        CloudFeature.Response, "Automated response",
        [
            "Microsoft.Compute/virtualMachines/read",
            "Microsoft.Compute/virtualMachines/start/action",
            "Microsoft.Compute/virtualMachines/powerOff/action",
            "Microsoft.Compute/virtualMachines/deallocate/action",
            "Microsoft.Compute/virtualMachines/restart/action",
            "Microsoft.Network/networkSecurityGroups/read",
            "Microsoft.Network/networkSecurityGroups/write",
            "Microsoft.Network/networkSecurityGroups/delete",
            "Microsoft.Network/networkSecurityGroups/join/action",
            "Microsoft.Network/networkSecurityGroups/securityRules/read",
            "Microsoft.Network/networkSecurityGroups/securityRules/write",
            "Microsoft.Network/networkSecurityGroups/securityRules/delete",
            "Microsoft.Network/networkInterfaces/read",
            "Microsoft.Network/networkInterfaces/write",
            // Updating a NIC re-submits its IP configurations; ARM checks the linked join actions on them.
            "Microsoft.Network/virtualNetworks/subnets/join/action",
            "Microsoft.Network/publicIPAddresses/join/action",
        ],
        ["Virtual Machine Contributor", "Network Contributor"],
        "Power VMs on and off, add and remove NSG deny rules, and attach an isolation NSG to a VM's network interface.");

    public static FeatureRequirement Agentless { get; } = new(
        CloudFeature.Agentless, "Agentless detection",
        [
            "Microsoft.Compute/virtualMachines/read",
            "Microsoft.Compute/disks/read",
            "Microsoft.Compute/disks/beginGetAccess/action",
            "Microsoft.Compute/snapshots/read",
            "Microsoft.Compute/snapshots/write",
            "Microsoft.Compute/snapshots/delete",
            "Microsoft.Compute/snapshots/beginGetAccess/action",
            "Microsoft.Compute/snapshots/endGetAccess/action",
        ],
        ["Reader", "Disk Snapshot Contributor"],
        "Snapshot a VM's disks in its region, read the snapshot, then revoke access and delete it.");

    public static IReadOnlyList<FeatureRequirement> All { get; } = [Hosts, Cspm, Response, Agentless];

    public static FeatureRequirement For(CloudFeature feature) => feature switch
    {
        CloudFeature.Hosts => Hosts,
        CloudFeature.Cspm => Cspm,
        CloudFeature.Response => Response,
        CloudFeature.Agentless => Agentless,
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, null),
    };

    public static FeatureReadiness Evaluate(CloudFeature feature, PermissionSet permissions)
    {
        var missing = permissions.Missing(For(feature).Actions);
        return new FeatureReadiness(feature, missing.Count == 0, missing);
    }

    /// <summary>Evaluates each feature (all four when <paramref name="features"/> is null).</summary>
    public static IReadOnlyList<FeatureReadiness> Evaluate(PermissionSet permissions, IEnumerable<CloudFeature>? features = null) =>
        (features ?? All.Select(r => r.Feature)).Distinct().Select(f => Evaluate(f, permissions)).ToList();

    /// <summary>
    /// A custom role definition in Azure's format (as <c>az role definition create --role-definition</c> and the
    /// portal's JSON import take it) granting exactly the actions the given evaluations found missing.
    /// </summary>
    public static string LeastPrivilegeRoleJson(IEnumerable<FeatureReadiness> readiness, string subscriptionId, string? roleName = null)
    {
        var list = readiness.ToList();
        var actions = list.SelectMany(r => r.MissingActions).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var features = list.Where(r => !r.Ready).Select(r => For(r.Feature).Title).ToList();
        var description = features.Count == 0
            ? "Grants nothing: every selected feature already has the permissions it needs."
            : $"Least-privilege permissions the security portal still needs for: {string.Join(", ", features)}.";
        return RoleJson(roleName ?? "Security Portal Connector (least privilege)", description, actions, subscriptionId);
    }

    /// <summary>A custom role definition granting everything the given features need (whether already granted or not).</summary>
    public static string RoleJsonFor(IEnumerable<CloudFeature> features, string subscriptionId, string? roleName = null)
    {
        var reqs = features.Distinct().Select(For).ToList();
        var actions = reqs.SelectMany(r => r.Actions).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return RoleJson(roleName ?? "Security Portal Connector", $"Permissions the security portal needs for: {string.Join(", ", reqs.Select(r => r.Title))}.", actions, subscriptionId);
    }

    private static string RoleJson(string name, string description, IReadOnlyList<string> actions, string subscriptionId)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("Name", name);
            w.WriteBoolean("IsCustom", true);
            w.WriteString("Description", description);
            w.WriteStartArray("Actions");
            foreach (var a in actions) w.WriteStringValue(a);
            w.WriteEndArray();
            w.WriteStartArray("NotActions");
            w.WriteEndArray();
            w.WriteStartArray("DataActions");
            w.WriteEndArray();
            w.WriteStartArray("NotDataActions");
            w.WriteEndArray();
            w.WriteStartArray("AssignableScopes");
            w.WriteStringValue($"/subscriptions/{subscriptionId}");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }
}
