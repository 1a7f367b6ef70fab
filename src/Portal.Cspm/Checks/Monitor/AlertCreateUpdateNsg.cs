using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

public sealed class AlertCreateUpdateNsg : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Network/networkSecurityGroups/write";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-create-update-nsg", "No activity log alert for Create or Update Network Security Group", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "NSG changes that open ports to the Internet go unnoticed.", Portal, Cli, "6.2.3");
}
