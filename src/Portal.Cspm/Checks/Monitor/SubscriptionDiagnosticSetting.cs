namespace Portal.Cspm.Checks.Monitor;

public sealed class SubscriptionDiagnosticSetting : SubscriptionCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-monitor-subscription-diagnostic-setting", "No diagnostic setting exports the subscription activity log", Severity.Medium, "Monitor",
        ResourceTypes.DiagnosticSetting,
        "The subscription must have a diagnostic setting (/subscriptions/{id}/providers/Microsoft.Insights/diagnosticSettings) with a destination (workspace, storage account or event hub).",
        "The activity log is kept for only 90 days and cannot be queried or alerted on centrally; control-plane attacks leave no lasting trail.",
        "Monitor > Activity log > Export Activity Logs > select the subscription > + Add diagnostic setting > tick the categories > send to a Log Analytics workspace > Save.",
        "az monitor diagnostic-settings subscription create -n activity-log --location <region> --workspace <workspace-id> --logs '[{\"category\":\"Administrative\",\"enabled\":true},{\"category\":\"Security\",\"enabled\":true},{\"category\":\"Policy\",\"enabled\":true},{\"category\":\"Alert\",\"enabled\":true}]'",
        "6.1.1");

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var settings = DiagnosticSettings.For(ArmId.SubscriptionScope(sub), resources).ToList();
        var ok = settings.FirstOrDefault(DiagnosticSettings.HasDestination);
        return ok is not null ? Outcome.Pass($"diagnostic setting '{ok.Name}' exports the activity log")
            : Outcome.Fail(settings.Count == 0 ? "no subscription diagnostic setting" : $"diagnostic setting '{settings[0].Name}' has no destination");
    }
}
