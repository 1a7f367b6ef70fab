using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

public sealed class AlertCreateUpdateSqlFirewallRule : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Sql/servers/firewallRules/write";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-create-update-sql-firewall-rule", "No activity log alert for Create or Update SQL Server Firewall Rule", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "A firewall rule opening a database server to the Internet goes unnoticed.", Portal, Cli, "6.2.7");
}
