namespace Portal.Cspm.Checks.Storage;

public sealed class StorageQueueLogging : StorageServiceLoggingCheck
{
    protected override string Service => "queueServices";
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-queue-logging", "Storage Queue service logging (read, write, delete) is not enabled", Severity.Low, "Storage",
        ResourceTypes.StorageAccount, "The queue service must send StorageRead, StorageWrite and StorageDelete logs to a diagnostic destination.",
        "Without queue logs, message tampering or data access through leaked keys cannot be investigated.", Portal("queue"), Cli("queueServices"), "4.12");
}
