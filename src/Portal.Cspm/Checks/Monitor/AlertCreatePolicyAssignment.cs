using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

public sealed class AlertCreatePolicyAssignment : ActivityLogAlertCheck
{
    public override string OperationName => "Microsoft.Authorization/policyAssignments/write";
    protected override CheckMetadata Build() => Meta("azure-monitor-alert-create-policy-assignment", "No activity log alert for Create Policy Assignment", Severity.Medium, "Monitor",
        ResourceTypes.ActivityLogAlert, $"An activity log alert on {OperationName} must exist for the subscription.",
        "Policy assignments that weaken guardrails (e.g. audit instead of deny) go unnoticed.", Portal, Cli, "6.2.1");
}
