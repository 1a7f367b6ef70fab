using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

public sealed class AlertDeletePolicyAssignment : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Authorization/policyAssignments/delete";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-delete-policy-assignment", "No activity log alert for Delete Policy Assignment", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Removal of security policies (a typical step before an attack) goes unnoticed.", Portal, Cli, "6.2.2");
}
