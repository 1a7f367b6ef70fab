namespace Portal.Cspm.Checks.Monitor;

public sealed class SubscriptionDiagnosticCategories : SubscriptionCheck
{
    public static readonly string[] Required = { "Administrative", "Alert", "Policy", "Security" };

    public override CheckMetadata Metadata { get; } = Meta("azure-monitor-diagnostic-setting-categories", "Subscription diagnostic setting does not capture Administrative, Alert, Policy and Security", Severity.Medium, "Monitor",
        ResourceTypes.DiagnosticSetting,
        "A subscription diagnostic setting with a destination must enable the Administrative, Alert, Policy and Security categories.",
        "Missing categories leave control-plane changes, policy denials or Defender alerts out of the exported audit trail.",
        "Monitor > Activity log > Export Activity Logs > edit the diagnostic setting > tick Administrative, Alert, Policy and Security > Save.",
        "az monitor diagnostic-settings subscription create -n activity-log --location <region> --workspace <workspace-id> --logs '[{\"category\":\"Administrative\",\"enabled\":true},{\"category\":\"Alert\",\"enabled\":true},{\"category\":\"Policy\",\"enabled\":true},{\"category\":\"Security\",\"enabled\":true}]'",
        "6.1.2");

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var settings = DiagnosticSettings.For(ArmId.SubscriptionScope(sub), resources).Where(DiagnosticSettings.HasDestination).ToList();
        if (settings.Count == 0) return Outcome.Fail("no subscription diagnostic setting with a destination");
        foreach (var s in settings)
            if (Required.All(c => DiagnosticSettings.LogEnabled(s, c, "allLogs")))
                return Outcome.Pass($"diagnostic setting '{s.Name}' enables {string.Join(", ", DiagnosticSettings.EnabledLogs(s))}");
        var missing = Required.Where(c => !DiagnosticSettings.LogEnabled(settings[0], c, "allLogs"));
        return Outcome.Fail($"diagnostic setting '{settings[0].Name}' does not enable {string.Join(", ", missing)}");
    }
}
