namespace Portal.Cspm.Checks.AppService;

public sealed class AppHttpLogs : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-app-http-logs", "App Service HTTP logs are not sent to a diagnostic destination", Severity.Low, "AppService",
        ResourceTypes.WebSite,
        "The app must have a diagnostic setting with a destination that enables AppServiceHTTPLogs (or the allLogs group).",
        "Without HTTP logs, attacks against the application (scans, injection attempts, credential stuffing) cannot be investigated.",
        "App Services > select the app > Monitoring > Diagnostic settings > + Add diagnostic setting > tick HTTP logs > send to a Log Analytics workspace > Save.",
        "az monitor diagnostic-settings create -n app-http-logs --resource <app-id> --workspace <workspace-id> --logs '[{\"category\":\"AppServiceHTTPLogs\",\"enabled\":true}]'",
        "6.1.6");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.DiagnosticSetting };

    protected override Outcome? Evaluate(ResourceConfig site, IResourceSet resources)
    {
        var settings = DiagnosticSettings.For(site.Id, resources).Where(DiagnosticSettings.HasDestination).ToList();
        var ok = settings.FirstOrDefault(s => DiagnosticSettings.LogEnabled(s, "AppServiceHTTPLogs", "allLogs"));
        return ok is not null ? Outcome.Pass($"diagnostic setting '{ok.Name}' logs {string.Join(", ", DiagnosticSettings.EnabledLogs(ok))}")
            : Outcome.Fail(settings.Count == 0 ? "no diagnostic setting with a destination on the app" : $"diagnostic setting '{settings[0].Name}' does not enable AppServiceHTTPLogs");
    }
}
