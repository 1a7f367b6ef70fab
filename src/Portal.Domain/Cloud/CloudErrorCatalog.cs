namespace Portal.Domain.Cloud;

/// <summary>Meaning and fix for each Entra/ARM error an onboarding or sync can hit.</summary>
public static class CloudErrorCatalog
{
    public sealed record Entry(string Code, string Meaning, string Fix, bool Transient = false, bool Credential = false);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.OrdinalIgnoreCase);

    static CloudErrorCatalog()
    {
        void Add(Entry e) => Entries[e.Code] = e;
        Add(new(CloudErrorCodes.InvalidClientSecret,
            "Microsoft Entra ID rejected the client secret: it is wrong or has been deleted, or the Secret ID was copied instead of the secret's Value.",
            "In the app registration open Certificates & secrets, create a new client secret and copy its Value (shown only once, not the Secret ID), then paste it here.",
            Credential: true));
        Add(new(CloudErrorCodes.ClientSecretExpired,
            "The client secret has expired.",
            "In the app registration open Certificates & secrets, create a new client secret, copy its Value, and update this account (record the new expiry date).",
            Credential: true));
        Add(new(CloudErrorCodes.ApplicationNotFound,
            "No application with this client ID exists in this tenant: the client ID or the tenant ID is wrong (or they belong to different directories).",
            "Open the app registration's Overview page and copy both the Application (client) ID and the Directory (tenant) ID again.",
            Credential: true));
        Add(new(CloudErrorCodes.TenantNotFound,
            "Microsoft Entra ID has no tenant with this ID or domain in the selected cloud.",
            "Check the Directory (tenant) ID on the app registration's Overview page, and check the cloud: Azure global and Azure China (21Vianet) are separate.",
            Credential: true));
        Add(new(CloudErrorCodes.InvalidTenantIdentifier,
            "The tenant ID is neither a valid GUID nor a valid domain name.",
            "Copy the Directory (tenant) ID from the app registration's Overview page.",
            Credential: true));
        Add(new(CloudErrorCodes.MissingSecret,
            "No client secret was sent.",
            "Paste the client secret's Value.",
            Credential: true));
        Add(new(CloudErrorCodes.ResourceNotFoundInTenant,
            "The tenant does not know Azure Resource Manager for this cloud: the selected cloud is probably wrong.",
            "Choose the cloud the tenant lives in (Azure global or Azure China).",
            Credential: true));
        Add(new(CloudErrorCodes.AuthorizationFailed,
            "The app signed in, but has no role that allows this action on this scope.",
            "In the subscription's Access control (IAM), assign the app the role each chosen feature needs (Reader for inventory and CSPM; Virtual Machine Contributor and Network Contributor, or the generated custom role, for response; Disk Snapshot Contributor for agentless scanning). Role assignments can take a few minutes to apply."));
        Add(new(CloudErrorCodes.LinkedAuthorizationFailed,
            "The app may perform the action, but lacks a permission on a linked resource it touches.",
            "Grant the action named in the message on the linked scope (for example the NSG's join action, or Microsoft.Compute/disks/beginGetAccess/action on the source disk of a snapshot, which Disk Snapshot Contributor carries), or use the generated custom role."));
        Add(new(CloudErrorCodes.SubscriptionNotFound,
            "Azure does not know this subscription ID: it is wrong, the subscription is in another tenant or cloud, or the app's role is assigned on a different subscription.",
            "Re-check the subscription ID (Subscriptions blade), make sure it belongs to the tenant and cloud entered, and that the role is assigned on this subscription."));
        Add(new(CloudErrorCodes.InvalidSubscriptionId,
            "The subscription ID is not a GUID.",
            "Copy the Subscription ID from the Subscriptions blade (a GUID like 4f9d2c1a-7b3e-4a8d-9c6f-1e2b3d4c5a6b)."));
        Add(new(CloudErrorCodes.WrongTenant,
            "The subscription belongs to a different tenant than the one the app signed in to.",
            "Use the Directory (tenant) ID of the directory that owns the subscription, with an app registered there."));
        Add(new(CloudErrorCodes.InvalidToken,
            "Azure Resource Manager rejected the access token.",
            "Check the cloud selection (Azure global or Azure China) and try again.",
            Credential: true));
        Add(new("ExpiredAuthenticationToken",
            "The access token expired before Azure Resource Manager checked it (often a clock difference).",
            "Check the portal server's clock and try again.",
            Transient: true));
        Add(new(CloudErrorCodes.NetworkFailure,
            "The portal could not reach Microsoft Entra ID or Azure Resource Manager.",
            "Check the portal server's outbound network: DNS, proxy and firewall rules for login.microsoftonline.com and management.azure.com (login.chinacloudapi.cn and management.chinacloudapi.cn for Azure China).",
            Transient: true));
        Add(new(CloudErrorCodes.Timeout,
            "Azure did not answer in time.",
            "Try again; if it persists, check the portal server's outbound network.",
            Transient: true));
        Add(new(CloudErrorCodes.Throttled,
            "Azure Resource Manager is throttling this app on this subscription (too many requests), and the retries did not get through.",
            "Wait and try again, or lower the sync frequency; other tools using the same app registration share the same limit.",
            Transient: true));
        Add(new(CloudErrorCodes.ServiceUnavailable,
            "Microsoft Entra ID or Azure Resource Manager answered with a server error or said it is temporarily unavailable.",
            "Try again in a few minutes; check Azure status if it persists.",
            Transient: true));
        Add(new(CloudErrorCodes.NoSubscriptions,
            "The app signed in, but has no role on any subscription, so it sees none.",
            "Assign the app a role (at least Reader) on the subscription in the subscription's Access control (IAM)."));
        Add(new(CloudErrorCodes.InvalidInput,
            "The request was not valid.",
            "Check the values entered."));
        Add(new(CloudErrorCodes.NotSupported,
            "This connector cannot do that.",
            "Use a connector that supports the operation."));
        Add(new(CloudErrorCodes.UntrustedLink,
            "Azure Resource Manager pointed the portal to another host for the rest of a list or an operation; the portal sends its Azure token only to the cloud's own ARM endpoint, so it stopped there.",
            "Check the cloud's ARM endpoint in the portal's configuration and any proxy between the portal and Azure; a genuine ARM never links to another host."));
        Add(new(CloudErrorCodes.Unexpected,
            "Azure returned an error the portal does not recognise.",
            "Check the message for details and try again; contact support if it persists."));
        Add(new("ResourceGroupNotFound",
            "The resource group does not exist (or the app cannot see it).",
            "Check the resource group name and the app's role assignments."));
        Add(new(CloudErrorCodes.ResourceNotFound,
            "The resource does not exist (it may have been deleted), or its resource group or parent is gone.",
            "Refresh the inventory."));
        AddResponseErrors(Add);
        AddAgentlessErrors(Add);
    }

    /// <summary>Errors of agentless detection: snapshots, read access (SAS URLs), custom images.</summary>
    private static void AddAgentlessErrors(Action<Entry> add)
    {
        add(new(CloudErrorCodes.SnapshotAccessRefused,
            "Azure Storage refused the snapshot's SAS URL: the read access was revoked (endGetAccess) or has expired, or the URL was altered.",
            "Grant read access to the snapshot again (beginGetAccess) and read it before the access expires; make sure nothing else revokes it meanwhile."));
        add(new(CloudErrorCodes.SnapshotReadFailed,
            "Azure Storage answered a read of the snapshot's SAS URL with an error.",
            "Try the scan again; if it persists, check the snapshot in the portal (its export state) and the Azure status page."));
        add(new(CloudErrorCodes.QuotaExceeded,
            "A quota of the subscription or region is used up (for example the number of snapshots or the total snapshot size).",
            "Delete snapshots that are no longer needed (the sweeper removes the portal's own leftovers), lower the disks scanned at once, or request a quota increase for the region."));
        add(new("SnapshotQuotaExceeded",
            "The subscription has reached its snapshot quota in this region.",
            "Delete unneeded snapshots or request a quota increase for the region; the portal's sweeper removes its own leftovers."));
        add(new("InvalidParameter",
            "Azure rejected a value of the request (for a snapshot: the source, location or a name Azure does not accept).",
            "Read the message for the parameter; a snapshot must be in the same region as its source disk."));
    }

    /// <summary>Errors of the response (containment) writes: NSGs, security rules, NIC associations, VM power.</summary>
    private static void AddResponseErrors(Action<Entry> add)
    {
        add(new(CloudErrorCodes.PreconditionFailed,
            "Someone changed the resource after the portal read it (its etag no longer matches), so Azure refused the write to avoid overwriting that change.",
            "Read the resource again and repeat the change on the current version; the portal does this itself once."));
        add(new(CloudErrorCodes.SecurityRuleConflict,
            "Another rule of this network security group already has the same priority and direction; Azure allows only one rule per priority and direction.",
            "Choose a priority no other rule of the NSG uses in that direction (100-4096), or change the other rule."));
        add(new("SecurityRuleInvalidPriority",
            "The rule's priority is outside Azure's range: custom rules take 100 to 4096.",
            "Choose a priority from 100 to 4096 that no other rule of the NSG uses in that direction."));
        add(new(CloudErrorCodes.SecurityRulesLimitReached,
            "The network security group already holds the most security rules Azure allows per NSG.",
            "Remove or merge rules (one rule can carry many address prefixes), or put the rule on another NSG."));
        add(new("SecurityRuleInvalidAddressPrefix",
            "An address prefix of the rule is not an IP address, CIDR or service tag Azure accepts (or a service tag or '*' was mixed with other prefixes).",
            "Give IPv4/IPv6 addresses or CIDRs such as 203.0.113.7 or 198.51.100.0/24, or one service tag on its own."));
        add(new("SecurityRuleInvalidPortRange",
            "A port range of the rule is not a port (0-65535), a range such as 1000-2000, or '*'.",
            "Correct the port or range."));
        add(new("SecurityRuleParameterContainsMutuallyExclusiveValues",
            "The rule sets both the single and the list form of a prefix or port field, which Azure forbids.",
            "Send either the single value or the list, not both."));
        add(new("InvalidResourceName",
            "The name is not valid for this Azure resource (rule names: up to 80 letters, digits, '.', '-', '_', starting with a letter or digit).",
            "Use a shorter name made of letters, digits, '.', '-' and '_'."));
        add(new("CannotModifyDefaultSecurityRule",
            "Azure's default security rules (priority 65000 and above) cannot be changed or deleted.",
            "Add a custom rule with a lower priority number to override a default rule."));
        add(new(CloudErrorCodes.NsgInUse,
            "Azure refuses to delete a network security group while a network interface or subnet still uses it.",
            "Remove the NSG from the network interfaces and subnets named in the message first, then delete it."));
        add(new("InvalidResourceReference",
            "The network security group referred to does not exist, or is in another region than the network interface or subnet.",
            "Use an NSG in the same region as the network interface (create one there if needed)."));
        add(new("ParentResourceNotFound",
            "The parent resource (for a security rule: its network security group) does not exist.",
            "Refresh the inventory; the NSG may have been deleted."));
        add(new(CloudErrorCodes.OperationNotAllowed,
            "Azure does not allow this operation on the resource in its current state (for example restarting a VM that is not running, a VM busy with another operation, or exporting a disk that is attached to a running VM).",
            "Wait for the resource's current operation to finish and check its state: start a stopped VM instead of restarting it; export a disk through a snapshot of it instead of the disk itself."));
        add(new("AnotherOperationInProgress",
            "Azure is still applying another change to this resource.",
            "Try again in a few seconds.",
            Transient: true));
        add(new(CloudErrorCodes.OperationFailed,
            "Azure accepted the change but the long-running operation ended in failure or was cancelled.",
            "Read the resource to see its current state, then try again; check the Azure activity log if it persists."));
    }

    /// <summary>All known codes, with their meaning and fix.</summary>
    public static IReadOnlyCollection<Entry> All => Entries.Values;

    public static Entry? Find(string code) => Entries.GetValueOrDefault(code);

    /// <summary>Builds an error carrying the catalog's meaning and fix for <paramref name="code"/> (or a generic one).</summary>
    public static CloudError Create(string code, string message)
    {
        if (Entries.TryGetValue(code, out var e)) return new CloudError(e.Code, message, e.Meaning, e.Fix);
        if (code.StartsWith("AADSTS", StringComparison.OrdinalIgnoreCase))
            return new CloudError(code, message,
                "Microsoft Entra ID refused to issue a token for the app.",
                "Look the code up in Microsoft's AADSTS error reference; check the tenant ID, client ID, secret and the app's consent.");
        var u = Entries[CloudErrorCodes.Unexpected];
        return new CloudError(code, message, u.Meaning, u.Fix);
    }

    public static bool IsTransient(string code) => Entries.TryGetValue(code, out var e) && e.Transient;

    public static bool IsCredentialProblem(string code) =>
        Entries.TryGetValue(code, out var e) ? e.Credential : code.StartsWith("AADSTS", StringComparison.OrdinalIgnoreCase);
}
