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

public sealed class StorageQueueLogging : StorageServiceLoggingCheck
{
    protected override string Service => "queueServices";
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-queue-logging", "Storage Queue service logging (read, write, delete) is not enabled", Severity.Low, "Storage",
        ResourceTypes.StorageAccount, "The queue service must send StorageRead, StorageWrite and StorageDelete logs to a diagnostic destination.",
        "Without queue logs, message tampering or data access through leaked keys cannot be investigated.", Portal("queue"), Cli("queueServices"), "4.12");
}

public sealed class StorageBlobLogging : StorageServiceLoggingCheck
{
    protected override string Service => "blobServices";
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-blob-logging", "Storage Blob service logging (read, write, delete) is not enabled", Severity.Low, "Storage",
        ResourceTypes.StorageAccount, "The blob service must send StorageRead, StorageWrite and StorageDelete logs to a diagnostic destination.",
        "Without blob logs, data exfiltration or deletion through leaked keys or SAS tokens cannot be investigated.", Portal("blob"), Cli("blobServices"), "4.13");
}

public sealed class StorageTableLogging : StorageServiceLoggingCheck
{
    protected override string Service => "tableServices";
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-table-logging", "Storage Table service logging (read, write, delete) is not enabled", Severity.Low, "Storage",
        ResourceTypes.StorageAccount, "The table service must send StorageRead, StorageWrite and StorageDelete logs to a diagnostic destination.",
        "Without table logs, access to table data cannot be investigated.", Portal("table"), Cli("tableServices"), "4.14");
}

public sealed class ActivityLogStorageCmk : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-activity-log-cmk", "Storage account holding the activity log is not encrypted with a customer-managed key", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "A storage account that is the destination (storageAccountId) of a subscription diagnostic setting must use properties.encryption.keySource = Microsoft.Keyvault. Other accounts are not evaluated.",
        "The activity log is the audit trail of the control plane; with Microsoft-managed keys its confidentiality cannot be controlled or revoked by the organisation.",
        "Storage accounts > select the activity-log account > Security + networking > Encryption > Customer-managed keys > select vault and key > Save.",
        "az storage account update -g <resource-group> -n <account> --encryption-key-source Microsoft.Keyvault --encryption-key-vault <vault-uri> --encryption-key-name <key> --identity-type SystemAssigned",
        "6.1.3");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.DiagnosticSetting };

    public override IEnumerable<CheckResult> Evaluate(IResourceSet resources)
    {
        var destinations = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var sub in resources.SubscriptionIds)
            foreach (var s in DiagnosticSettings.For(ArmId.SubscriptionScope(sub), resources))
                if (s.Json.Str("properties.storageAccountId") is { } id) destinations.Add(id);
        if (destinations.Count == 0) yield break;
        foreach (var r in resources.OfType(Metadata.ResourceType))
            if (destinations.Contains(r.Id) && Evaluate(r, resources) is { } o) yield return Result(r.Id, o);
    }

    protected override Outcome? Evaluate(ResourceConfig r, IResourceSet resources)
    {
        var ks = r.Json.Str("properties.encryption.keySource");
        return Outcome.When(ks.Is("Microsoft.Keyvault"), $"activity log destination; properties.encryption.keySource = {ks ?? "(absent)"}");
    }
}
