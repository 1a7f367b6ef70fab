namespace Portal.Cspm.Checks.Storage;

public sealed class StorageTableLogging : StorageServiceLoggingCheck
{
    protected override string Service => "tableServices";
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-table-logging", "Storage Table service logging (read, write, delete) is not enabled", Severity.Low, "Storage",
        ResourceTypes.StorageAccount, "The table service must send StorageRead, StorageWrite and StorageDelete logs to a diagnostic destination.",
        "Without table logs, access to table data cannot be investigated.", Portal("table"), Cli("tableServices"), "4.14");
}
