using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

/// <summary>Base for CIS 6.2.x: an enabled activity log alert scoped to the whole subscription whose condition matches the
/// operation name (category Administrative or unspecified, not narrowed to one resource or resource group) and that notifies
/// at least one action group. Reported once per subscription; Failed when no alert matches.</summary>
public abstract class ActivityLogAlertCheck : SubscriptionCheck
{
    public abstract string OperationName { get; }
    private CheckMetadata? _metadata;
    public sealed override CheckMetadata Metadata => _metadata ??= Build();
    protected abstract CheckMetadata Build();

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var scope = ArmId.SubscriptionScope(sub);
        string? silent = null;
        foreach (var alert in resources.OfType(ResourceTypes.ActivityLogAlert))
        {
            if (alert.Json.Bool("properties.enabled") == false) continue;
            if (!alert.Json.Strs("properties.scopes").Any(s => ("/" + s.Trim('/')).Is(scope))) continue;
            if (!Matches(alert.Json)) continue;
            if (!alert.Json.Arr("properties.actions.actionGroups").Any()) { silent = alert.Name; continue; }
            return Outcome.Pass($"activity log alert '{alert.Name}' on operationName = {OperationName}");
        }
        return Outcome.Fail(silent is not null
            ? $"activity log alert '{silent}' matches {OperationName} but has no action group"
            : $"no enabled subscription-wide activity log alert with operationName = {OperationName}");
    }

    private bool Matches(JsonElement alert)
    {
        var conditions = alert.Arr("properties.condition.allOf").ToList();
        var op = false;
        foreach (var c in conditions)
        {
            var field = c.Str("field");
            if (field.Is("operationName")) op |= Equals(c);
            else if (field.Is("category") && !c.Str("equals").Is("Administrative")) return false;
            else if (field.Is("resourceId") || field.Is("resourceGroup")) return false;
            else if (field is null && c.At("anyOf") is not null)
                op |= c.Arr("anyOf").Any(a => a.Str("field").Is("operationName") && Equals(a));
        }
        return op;
    }

    private bool Equals(JsonElement c) =>
        c.Str("equals").Is(OperationName) || c.Strs("containsAny").Any(x => x.Is(OperationName));

    protected string Portal => $"Monitor > Alerts > + Create > Alert rule > Scope = the subscription > Condition: signal 'Activity log' / operation '{OperationName}' > Actions: select an action group > Create.";
    protected string Cli => $"az monitor activity-log alert create -g <resource-group> -n <alert-name> --scope /subscriptions/<subscription-id> --condition category=Administrative and operationName={OperationName} --action-group <action-group-id>";
}

public sealed class AlertCreatePolicyAssignment : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Authorization/policyAssignments/write";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-create-policy-assignment", "No activity log alert for Create Policy Assignment", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Policy assignments that weaken guardrails (e.g. audit instead of deny) go unnoticed.", Portal, Cli, "6.2.1");
}

public sealed class AlertDeletePolicyAssignment : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Authorization/policyAssignments/delete";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-delete-policy-assignment", "No activity log alert for Delete Policy Assignment", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Removal of security policies (a typical step before an attack) goes unnoticed.", Portal, Cli, "6.2.2");
}

public sealed class AlertCreateUpdateNsg : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Network/networkSecurityGroups/write";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-create-update-nsg", "No activity log alert for Create or Update Network Security Group", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "NSG changes that open ports to the Internet go unnoticed.", Portal, Cli, "6.2.3");
}

public sealed class AlertDeleteNsg : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Network/networkSecurityGroups/delete";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-delete-nsg", "No activity log alert for Delete Network Security Group", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Deleting an NSG removes all filtering of the subnets/NICs it protected, unnoticed.", Portal, Cli, "6.2.4");
}

public sealed class AlertCreateUpdateSecuritySolution : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Security/securitySolutions/write";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-create-update-security-solution", "No activity log alert for Create or Update Security Solution", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Changes to security solutions (e.g. disabling a WAF or EDR integration) go unnoticed.", Portal, Cli, "6.2.5");
}

public sealed class AlertDeleteSecuritySolution : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Security/securitySolutions/delete";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-delete-security-solution", "No activity log alert for Delete Security Solution", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Removal of a security solution goes unnoticed.", Portal, Cli, "6.2.6");
}

public sealed class AlertCreateUpdateSqlFirewallRule : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Sql/servers/firewallRules/write";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-create-update-sql-firewall-rule", "No activity log alert for Create or Update SQL Server Firewall Rule", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "A firewall rule opening a database server to the Internet goes unnoticed.", Portal, Cli, "6.2.7");
}

public sealed class AlertDeleteSqlFirewallRule : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Sql/servers/firewallRules/delete";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-delete-sql-firewall-rule", "No activity log alert for Delete SQL Server Firewall Rule", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Firewall rule deletions (availability impact, or cleanup of an attacker's rule) go unnoticed.", Portal, Cli, "6.2.8");
}

public sealed class AlertCreateUpdatePublicIp : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Network/publicIPAddresses/write";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-create-update-public-ip", "No activity log alert for Create or Update Public IP Address", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "New public IPs (new Internet exposure) appear without review.", Portal, Cli, "6.2.9");
}

public sealed class AlertDeletePublicIp : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Network/publicIPAddresses/delete";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-delete-public-ip", "No activity log alert for Delete Public IP Address", Severity.Low, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Public IP deletions (service outage, or IP released for takeover) go unnoticed.", Portal, Cli, "6.2.10");
}
