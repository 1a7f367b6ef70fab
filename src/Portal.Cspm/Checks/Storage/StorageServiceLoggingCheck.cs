namespace Portal.Cspm.Checks.Storage;

/// <summary>Base for CIS 4.12-4.14: the storage sub-service (queueServices/default, blobServices/default, tableServices/default)
/// has a diagnostic setting with StorageRead, StorageWrite and StorageDelete enabled (or the allLogs group).</summary>
public abstract class StorageServiceLoggingCheck : ResourceCheck
{
    protected abstract string Service { get; } // "queueServices", "blobServices", "tableServices"
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.DiagnosticSetting };
    private static readonly string[] Categories = { "StorageRead", "StorageWrite", "StorageDelete" };

    protected override Outcome? Evaluate(ResourceConfig account, IResourceSet resources)
    {
        var kind = account.Json.Str("kind");
        if (kind.Is("FileStorage") || (kind.Is("BlobStorage") && Service != "blobServices") || kind.Is("BlockBlobStorage") && Service != "blobServices") return null;
        var scope = $"{account.Id}/{Service}/default";
        var settings = DiagnosticSettings.For(scope, resources).Where(DiagnosticSettings.HasDestination).ToList();
        if (settings.Count == 0) return Outcome.Fail($"no diagnostic setting on {Service}/default");
        foreach (var s in settings)
            if (Categories.All(c => DiagnosticSettings.LogEnabled(s, c, "allLogs")))
                return Outcome.Pass($"diagnostic setting '{s.Name}' on {Service}/default logs {string.Join(", ", DiagnosticSettings.EnabledLogs(s))}");
        var best = settings[0];
        var missing = Categories.Where(c => !DiagnosticSettings.LogEnabled(best, c, "allLogs"));
        return Outcome.Fail($"diagnostic setting '{best.Name}' on {Service}/default does not log {string.Join(", ", missing)}");
    }

    protected static string Portal(string svc) =>
        $"Storage accounts > select the account > Monitoring > Diagnostic settings > {svc} > + Add diagnostic setting > tick StorageRead, StorageWrite, StorageDelete > send to a Log Analytics workspace > Save.";
    protected static string Cli(string svc) =>
        $"az monitor diagnostic-settings create -n storage-logs --resource <storage-account-id>/{svc}/default --workspace <workspace-id> --logs '[{{\"category\":\"StorageRead\",\"enabled\":true}},{{\"category\":\"StorageWrite\",\"enabled\":true}},{{\"category\":\"StorageDelete\",\"enabled\":true}}]'";
}
