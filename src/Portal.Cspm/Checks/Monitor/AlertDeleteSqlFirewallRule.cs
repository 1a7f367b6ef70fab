using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

public sealed class AlertDeleteSqlFirewallRule : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Sql/servers/firewallRules/delete";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-delete-sql-firewall-rule", "No activity log alert for Delete SQL Server Firewall Rule", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Firewall rule deletions (availability impact, or cleanup of an attacker's rule) go unnoticed.", Portal, Cli, "6.2.8");
}
