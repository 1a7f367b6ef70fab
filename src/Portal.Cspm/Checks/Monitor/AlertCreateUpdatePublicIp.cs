using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

public sealed class AlertCreateUpdatePublicIp : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Network/publicIPAddresses/write";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-create-update-public-ip", "No activity log alert for Create or Update Public IP Address", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "New public IPs (new Internet exposure) appear without review.", Portal, Cli, "6.2.9");
}
