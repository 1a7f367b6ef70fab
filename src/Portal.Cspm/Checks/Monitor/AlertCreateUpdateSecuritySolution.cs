using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

public sealed class AlertCreateUpdateSecuritySolution : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Security/securitySolutions/write";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-create-update-security-solution", "No activity log alert for Create or Update Security Solution", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Changes to security solutions (e.g. disabling a WAF or EDR integration) go unnoticed.", Portal, Cli, "6.2.5");
}
