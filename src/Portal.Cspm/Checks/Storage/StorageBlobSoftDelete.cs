namespace Portal.Cspm.Checks.Storage;

public sealed class StorageBlobSoftDelete : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-blob-soft-delete", "Storage account blob soft delete is disabled", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "The blob service (blobServices/default) must have deleteRetentionPolicy.enabled = true (7+ days recommended).",
        "Deleted or overwritten blobs cannot be recovered after an accident or a destructive attack.",
        "Storage accounts > select the account > Data management > Data protection > 'Enable soft delete for blobs' (7 days or more) > Save.",
        "az storage account blob-service-properties update -g <resource-group> --account-name <account> --enable-delete-retention true --delete-retention-days 7",
        "4.10");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.BlobService };

    protected override Outcome? Evaluate(ResourceConfig r, IResourceSet resources)
    {
        if (!Kinds.HasBlobs(r)) return null;
        var blob = BlobServiceOf.Get(r, resources);
        if (blob is null) return Outcome.Fail("blobServices/default not in the synced configuration: soft delete not shown as enabled");
        return Outcome.When(blob.Json.Bool("properties.deleteRetentionPolicy.enabled") == true, blob.Show("properties.deleteRetentionPolicy.enabled") + ", days = " + (blob.Json.Str("properties.deleteRetentionPolicy.days") ?? "(absent)"));
    }
}
