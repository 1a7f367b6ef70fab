using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

public sealed class AlertDeletePublicIp : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Network/publicIPAddresses/delete";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-delete-public-ip", "No activity log alert for Delete Public IP Address", Severity.Low, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Public IP deletions (service outage, or IP released for takeover) go unnoticed.", Portal, Cli, "6.2.10");
}
