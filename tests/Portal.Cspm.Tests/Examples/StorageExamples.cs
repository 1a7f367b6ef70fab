using System.Text.Json.Nodes;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public static partial class Examples
{
    public const string StorageId = SubScope + "/resourceGroups/res9407/providers/Microsoft.Storage/storageAccounts/sto8596";

    /// <summary>StorageAccountGetProperties.json with its placeholder subscription replaced.</summary>
    public static JsonNode Storage0() => Body("storage/StorageAccountGetProperties.json").With("id", StorageId);

    private static Example StorageSetting(string checkId, string path, object good, object? bad) => Ex(checkId, StorageId,
        () => Set(Storage0().With(path, good)), () => Set(Storage0().With(path, bad)));

    public static JsonNode BlobService(bool blobSoftDelete, bool containerSoftDelete) => Parse($$$"""
        {"id":"{{{StorageId}}}/blobServices/default","name":"default","type":"Microsoft.Storage/storageAccounts/blobServices",
         "properties":{"deleteRetentionPolicy":{"enabled":{{{(blobSoftDelete ? "true" : "false")}}},"days":7},
                       "containerDeleteRetentionPolicy":{"enabled":{{{(containerSoftDelete ? "true" : "false")}}},"days":7} } }
        """);

    /// <summary>A diagnostic setting (DiagnosticSettings_Get shape) on <paramref name="scope"/>.</summary>
    public static JsonNode Diag(string scope, string name, params string[] categories)
    {
        var logs = new JsonArray(categories.Select(c => (JsonNode?)(c.StartsWith("group:")
            ? new JsonObject { ["categoryGroup"] = c[6..], ["enabled"] = true }
            : new JsonObject { ["category"] = c, ["enabled"] = true })).ToArray());
        return Parse($$$"""
            {"id":"{{{scope}}}/providers/microsoft.insights/diagnosticSettings/{{{name}}}","name":"{{{name}}}","type":"Microsoft.Insights/diagnosticSettings",
             "properties":{"workspaceId":"{{{Rg}}}/providers/Microsoft.OperationalInsights/workspaces/law","metrics":[]}}
            """).With("properties.logs", logs);
    }

    private static Example StorageLogging(string checkId, string service) => Ex(checkId, StorageId,
        () => Set(Storage0(), Diag($"{StorageId}/{service}/default", "logs", "StorageRead", "StorageWrite", "StorageDelete")),
        () => Set(Storage0(), Diag($"{StorageId}/{service}/default", "logs", "StorageWrite")), "StorageRead");

    private static IEnumerable<Example> Storage()
    {
        // The official example itself has supportsHttpsTrafficOnly = false and networkAcls.defaultAction = Allow.
        yield return Ex("azure-storage-secure-transfer", StorageId, () => Set(Storage0().With("properties.supportsHttpsTrafficOnly", true)), () => Set(Storage0()), "false");
        yield return StorageSetting("azure-storage-infrastructure-encryption", "properties.encryption.requireInfrastructureEncryption", true, null);
        yield return StorageSetting("azure-storage-key-rotation-reminder", "properties.keyPolicy.keyExpirationPeriodInDays", 90, 365);
        yield return StorageSetting("azure-storage-public-network-access", "properties.publicNetworkAccess", "Disabled", "Enabled");
        yield return Ex("azure-storage-default-network-deny", StorageId, () => Set(Storage0().With("properties.networkAcls.defaultAction", "Deny")), () => Set(Storage0()), "Allow");
        yield return StorageSetting("azure-storage-trusted-services", "properties.networkAcls.bypass", "Logging, AzureServices", "None");
        yield return StorageSetting("azure-storage-min-tls", "properties.minimumTlsVersion", "TLS1_2", "TLS1_0");
        yield return StorageSetting("azure-storage-cross-tenant-replication", "properties.allowCrossTenantReplication", false, true);
        yield return StorageSetting("azure-storage-blob-public-access", "properties.allowBlobPublicAccess", false, true);
        yield return StorageSetting("azure-storage-shared-key-access", "properties.allowSharedKeyAccess", false, null);
        yield return Ex("azure-storage-private-endpoint", StorageId,
            () => Set(Storage0().With("properties.privateEndpointConnections", Parse("""[{"id":"x/privateEndpointConnections/pe1","name":"pe1","properties":{"privateEndpoint":{"id":"pe"},"privateLinkServiceConnectionState":{"status":"Approved"}}}]"""))),
            () => Set(Storage0().With("properties.privateEndpointConnections", Parse("""[{"id":"x/privateEndpointConnections/pe1","name":"pe1","properties":{"privateEndpoint":{"id":"pe"},"privateLinkServiceConnectionState":{"status":"Pending"}}}]"""))));
        yield return Ex("azure-storage-blob-soft-delete", StorageId, () => Set(Storage0(), BlobService(true, false)), () => Set(Storage0(), BlobService(false, true)));
        yield return Ex("azure-storage-container-soft-delete", StorageId, () => Set(Storage0(), BlobService(false, true)), () => Set(Storage0()), "not in the synced configuration");
        yield return Ex("azure-storage-cmk-critical-data", StorageId,
            () => Set(Storage0().With("tags.data-classification", "Confidential").With("properties.encryption.keySource", "Microsoft.Keyvault")),
            () => Set(Storage0().With("tags.data-classification", "Confidential")), "Microsoft.Storage");
        yield return StorageLogging("azure-storage-queue-logging", "queueServices");
        yield return StorageLogging("azure-storage-blob-logging", "blobServices");
        yield return StorageLogging("azure-storage-table-logging", "tableServices");
        // keyCreationTime in the example is 2021: older than 90 days at any time these tests run.
        yield return Ex("azure-storage-keys-regenerated", StorageId,
            () => Set(Storage0().With("properties.keyCreationTime", Parse($$$"""{"key1":"{{{DateTime.UtcNow.AddDays(-10):O}}}","key2":"{{{DateTime.UtcNow.AddDays(-20):O}}}"}"""))),
            () => Set(Storage0()), "key1");
        yield return Ex("azure-storage-sas-expiry-policy", StorageId,
            () => Set(Storage0().With("properties.sasPolicy", Parse("""{"sasExpirationPeriod":"0.01:00:00","expirationAction":"Block"}"""))),
            () => Set(Storage0().With("properties.sasPolicy", Parse("""{"sasExpirationPeriod":"7.00:00:00","expirationAction":"Log"}"""))));
        var subDiag = Diag(SubScope, "activity", "Administrative").With("properties.storageAccountId", StorageId);
        yield return Ex("azure-storage-activity-log-cmk", StorageId,
            () => Set(Storage0().With("properties.encryption.keySource", "Microsoft.Keyvault"), subDiag),
            () => Set(Storage0(), subDiag), "keySource = Microsoft.Storage");
    }
}
