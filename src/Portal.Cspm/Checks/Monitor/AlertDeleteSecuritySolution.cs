using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

public sealed class AlertDeleteSecuritySolution : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Security/securitySolutions/delete";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-delete-security-solution", "No activity log alert for Delete Security Solution", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Removal of a security solution goes unnoticed.", Portal, Cli, "6.2.6");
}
