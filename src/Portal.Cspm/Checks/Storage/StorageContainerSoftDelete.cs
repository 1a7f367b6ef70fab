namespace Portal.Cspm.Checks.Storage;

public sealed class StorageContainerSoftDelete : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-container-soft-delete", "Storage account container soft delete is disabled", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "The blob service (blobServices/default) must have containerDeleteRetentionPolicy.enabled = true.",
        "A deleted container and all its blobs are lost at once, whether by mistake or by an attacker.",
        "Storage accounts > select the account > Data management > Data protection > 'Enable soft delete for containers' (7 days or more) > Save.",
        "az storage account blob-service-properties update -g <resource-group> --account-name <account> --enable-container-delete-retention true --container-delete-retention-days 7",
        "4.10");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.BlobService };

    protected override Outcome? Evaluate(ResourceConfig r, IResourceSet resources)
    {
        if (!Kinds.HasBlobs(r)) return null;
        var blob = BlobServiceOf.Get(r, resources);
        if (blob is null) return Outcome.Fail("blobServices/default not in the synced configuration: container soft delete not shown as enabled");
        return Outcome.When(blob.Json.Bool("properties.containerDeleteRetentionPolicy.enabled") == true, blob.Show("properties.containerDeleteRetentionPolicy.enabled"));
    }
}
