namespace Portal.Cspm.Checks.Storage;

public sealed class StorageBlobLogging : StorageServiceLoggingCheck
{
    protected override string Service => "blobServices";
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-blob-logging", "Storage Blob service logging (read, write, delete) is not enabled", Severity.Low, "Storage",
        ResourceTypes.StorageAccount, "The blob service must send StorageRead, StorageWrite and StorageDelete logs to a diagnostic destination.",
        "Without blob logs, data exfiltration or deletion through leaked keys or SAS tokens cannot be investigated.", Portal("blob"), Cli("blobServices"), "4.13");
}
