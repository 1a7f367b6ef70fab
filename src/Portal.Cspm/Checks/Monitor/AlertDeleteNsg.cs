using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

public sealed class AlertDeleteNsg : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Network/networkSecurityGroups/delete";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-delete-nsg", "No activity log alert for Delete Network Security Group", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Deleting an NSG removes all filtering of the subnets/NICs it protected, unnoticed.", Portal, Cli, "6.2.4");
}
