using System.Text.RegularExpressions;

namespace AzureSim;

/// <summary>A role definition (built-in or custom) with Azure's permission model.</summary>
public sealed class SimRoleDefinition
{
    public required string Id { get; init; }            // GUID
    public required string RoleName { get; init; }
    public string Type { get; init; } = "BuiltInRole";  // BuiltInRole | CustomRole
    public string Description { get; init; } = "";
    public IReadOnlyList<string> Actions { get; init; } = [];
    public IReadOnlyList<string> NotActions { get; init; } = [];
    public IReadOnlyList<string> DataActions { get; init; } = [];
    public IReadOnlyList<string> NotDataActions { get; init; } = [];
    public IReadOnlyList<string> AssignableScopes { get; init; } = ["/"];

    public bool Allows(string action) =>
        Actions.Any(a => Rbac.Matches(a, action)) && !NotActions.Any(a => Rbac.Matches(a, action));
}

/// <summary>A role assignment of a principal at a scope.</summary>
public sealed class SimRoleAssignment
{
    public required string Id { get; init; }             // GUID (name)
    public required string PrincipalId { get; init; }    // object id
    public required string RoleDefinitionId { get; init; } // GUID
    public required string Scope { get; init; }
    public DateTimeOffset CreatedOn { get; init; } = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
}

internal static class Rbac
{
    private static readonly Dictionary<string, Regex> Cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Azure action wildcard matching: '*' matches any characters (including '/'); case-insensitive.</summary>
    public static bool Matches(string pattern, string action)
    {
        Regex? rx;
        lock (Cache)
        {
            if (!Cache.TryGetValue(pattern, out rx))
            {
                rx = new Regex("^" + Regex.Escape(pattern).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                Cache[pattern] = rx;
            }
        }
        return rx.IsMatch(action);
    }

    /// <summary>True when <paramref name="scope"/> is <paramref name="parent"/> or below it (segment-wise, case-insensitive).</summary>
    public static bool IsAtOrBelow(string scope, string parent)
    {
        var p = parent.TrimEnd('/');
        if (p.Length == 0) return true; // root "/"
        var s = scope.TrimEnd('/');
        return s.Equals(p, StringComparison.OrdinalIgnoreCase)
            || s.StartsWith(p + "/", StringComparison.OrdinalIgnoreCase);
    }

    public const string OwnerId = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    public const string ContributorId = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    public const string ReaderId = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
    public const string VmContributorId = "9980e02c-c2be-4d73-94e8-173b1dc7cf3c";
    public const string NetworkContributorId = "4d97b98b-1d4f-4787-a291-c67834d212e7";
    public const string DiskSnapshotContributorId = "7efff54f-a5b4-42b5-a1c5-5411624893ce";
    public const string SecurityReaderId = "39bc4728-0917-49c7-9d2c-d95423bc2eb4";
    public const string StorageAccountContributorId = "17d1049b-9a84-46fb-8f53-869881c3d3ab";

    /// <summary>Built-in roles with their action lists as published by Azure (the parts relevant to the simulated providers, plus the rest verbatim where short).</summary>
    public static IReadOnlyList<SimRoleDefinition> BuiltIns { get; } =
    [
        new()
        {
            Id = OwnerId, RoleName = "Owner",
            Description = "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
            Actions = ["*"],
        },
        new()
        {
            Id = ContributorId, RoleName = "Contributor",
            Description = "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
            Actions = ["*"],
            NotActions =
            [
                "Microsoft.Authorization/*/Delete",
                "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/elevateAccess/Action",
                "Microsoft.Blueprint/blueprintAssignments/write",
                "Microsoft.Blueprint/blueprintAssignments/delete",
                "Microsoft.Compute/galleries/share/action",
                "Microsoft.Purview/consents/write",
                "Microsoft.Purview/consents/delete",
                "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
                "Microsoft.Subscription/cancel/action",
                "Microsoft.Subscription/enable/action",
            ],
        },
        new()
        {
            Id = ReaderId, RoleName = "Reader",
            Description = "View all resources, but does not allow you to make any changes.",
            Actions = ["*/read"],
        },
        new()
        {
            Id = VmContributorId, RoleName = "Virtual Machine Contributor",
            Description = "Create and manage virtual machines, manage disks, install and run software, reset password of the root user of the virtual machine using VM extensions, and manage local user accounts using VM extensions. This role does not grant you management access to the virtual network or storage account the virtual machines are connected to. This role does not allow you to assign roles in Azure RBAC.",
            Actions =
            [
                "Microsoft.Authorization/*/read",
                "Microsoft.Compute/availabilitySets/*",
                "Microsoft.Compute/locations/*",
                "Microsoft.Compute/virtualMachines/*",
                "Microsoft.Compute/virtualMachineScaleSets/*",
                "Microsoft.Compute/cloudServices/*",
                "Microsoft.Compute/disks/write",
                "Microsoft.Compute/disks/read",
                "Microsoft.Compute/disks/delete",
                "Microsoft.DevTestLab/schedules/*",
                "Microsoft.Insights/alertRules/*",
                "Microsoft.Network/applicationGateways/backendAddressPools/join/action",
                "Microsoft.Network/loadBalancers/backendAddressPools/join/action",
                "Microsoft.Network/loadBalancers/inboundNatPools/join/action",
                "Microsoft.Network/loadBalancers/inboundNatRules/join/action",
                "Microsoft.Network/loadBalancers/probes/join/action",
                "Microsoft.Network/loadBalancers/read",
                "Microsoft.Network/locations/*",
                "Microsoft.Network/networkInterfaces/*",
                "Microsoft.Network/networkSecurityGroups/join/action",
                "Microsoft.Network/networkSecurityGroups/read",
                "Microsoft.Network/publicIPAddresses/join/action",
                "Microsoft.Network/publicIPAddresses/read",
                "Microsoft.Network/virtualNetworks/read",
                "Microsoft.Network/virtualNetworks/subnets/join/action",
                "Microsoft.RecoveryServices/locations/*",
                "Microsoft.RecoveryServices/Vaults/backupFabrics/backupProtectionIntent/write",
                "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/*/read",
                "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/read",
                "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/write",
                "Microsoft.RecoveryServices/Vaults/backupPolicies/read",
                "Microsoft.RecoveryServices/Vaults/backupPolicies/write",
                "Microsoft.RecoveryServices/Vaults/read",
                "Microsoft.RecoveryServices/Vaults/usages/read",
                "Microsoft.RecoveryServices/Vaults/write",
                "Microsoft.ResourceHealth/availabilityStatuses/read",
                "Microsoft.Resources/deployments/*",
                "Microsoft.Resources/subscriptions/resourceGroups/read",
                "Microsoft.SerialConsole/serialPorts/connect/action",
                "Microsoft.SqlVirtualMachine/*",
                "Microsoft.Storage/storageAccounts/listKeys/action",
                "Microsoft.Storage/storageAccounts/read",
                "Microsoft.Support/*",
            ],
        },
        new()
        {
            Id = NetworkContributorId, RoleName = "Network Contributor",
            Description = "Lets you manage networks, but not access to them.",
            Actions =
            [
                "Microsoft.Authorization/*/read",
                "Microsoft.Insights/alertRules/*",
                "Microsoft.Network/*",
                "Microsoft.ResourceHealth/availabilityStatuses/read",
                "Microsoft.Resources/deployments/*",
                "Microsoft.Resources/subscriptions/resourceGroups/read",
                "Microsoft.Support/*",
            ],
        },
        new()
        {
            Id = DiskSnapshotContributorId, RoleName = "Disk Snapshot Contributor",
            Description = "Provides permission to backup vault to manage disk snapshots.",
            Actions =
            [
                "Microsoft.Authorization/*/read",
                "Microsoft.Compute/snapshots/delete",
                "Microsoft.Compute/snapshots/write",
                "Microsoft.Compute/snapshots/read",
                "Microsoft.Compute/snapshots/beginGetAccess/action",
                "Microsoft.Compute/snapshots/endGetAccess/action",
                "Microsoft.Compute/disks/beginGetAccess/action",
                "Microsoft.Resources/subscriptions/resourceGroups/read",
                "Microsoft.Storage/storageAccounts/listkeys/action",
                "Microsoft.Storage/storageAccounts/write",
                "Microsoft.Storage/storageAccounts/read",
            ],
        },
        new()
        {
            Id = SecurityReaderId, RoleName = "Security Reader",
            Description = "Security Reader Role",
            Actions =
            [
                "Microsoft.Authorization/*/read",
                "Microsoft.Insights/alertRules/read",
                "Microsoft.operationalInsights/workspaces/*/read",
                "Microsoft.Resources/deployments/*/read",
                "Microsoft.Resources/subscriptions/resourceGroups/read",
                "Microsoft.Security/*/read",
                "Microsoft.IoTSecurity/*/read",
                "Microsoft.Support/*/read",
                "Microsoft.Security/iotDefenderSettings/packageDownloads/action",
                "Microsoft.Security/iotDefenderSettings/downloadManagerActivation/action",
                "Microsoft.Security/iotSensors/downloadResetPassword/action",
                "Microsoft.IoTSecurity/defenderSettings/packageDownloads/action",
                "Microsoft.IoTSecurity/defenderSettings/downloadManagerActivation/action",
                "Microsoft.Management/managementGroups/read",
            ],
        },
        new()
        {
            Id = StorageAccountContributorId, RoleName = "Storage Account Contributor",
            Description = "Lets you manage storage accounts, including accessing storage account keys which provide full access to storage account data.",
            Actions =
            [
                "Microsoft.Authorization/*/read",
                "Microsoft.Insights/alertRules/*",
                "Microsoft.Insights/diagnosticSettings/*",
                "Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action",
                "Microsoft.ResourceHealth/availabilityStatuses/read",
                "Microsoft.Resources/deployments/*",
                "Microsoft.Resources/subscriptions/resourceGroups/read",
                "Microsoft.Storage/storageAccounts/*",
                "Microsoft.Support/*",
            ],
        },
    ];
}
