namespace Portal.Cspm.Checks.Storage;

public sealed class StoragePrivateEndpoint : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-private-endpoint", "Storage account has no approved private endpoint", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.privateEndpointConnections must contain at least one connection whose privateLinkServiceConnectionState.status is Approved.",
        "Without a private endpoint, traffic to the account crosses public endpoints and the account cannot be closed to public networks.",
        "Storage accounts > select the account > Security + networking > Networking > Private endpoint connections > + Private endpoint.",
        "az network private-endpoint create -g <resource-group> -n <pe> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <storage-account-id> --group-id blob --connection-name <name>",
        "4.9");

    protected override Outcome? Evaluate(ResourceConfig r, IResourceSet resources) => PrivateLinks.Evaluate(r);
}

internal static class BlobServiceOf
{
    public static ResourceConfig? Get(ResourceConfig account, IResourceSet resources) =>
        resources.ChildrenOf(account.Id, ResourceTypes.BlobService).FirstOrDefault();
}

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

internal static class Kinds
{
    /// <summary>FileStorage accounts have no blob service.</summary>
    public static bool HasBlobs(ResourceConfig account) => !(account.Json.Str("kind")).Is("FileStorage");
}

public sealed class StorageCmkForCriticalData : ResourceCheck
{
    /// <summary>Tag names and values that mark an account as holding critical data (the "where required" of CIS 4.11).</summary>
    public static readonly string[] ClassificationTags = { "data-classification", "dataclassification", "classification", "criticality", "data-criticality" };
    public static readonly string[] CriticalValues = { "critical", "confidential", "highly-confidential", "highlyconfidential", "restricted", "secret", "high" };

    public override CheckMetadata Metadata { get; } = Meta("azure-storage-cmk-critical-data", "Storage account holding critical data is not encrypted with a customer-managed key", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "Accounts tagged as holding critical data (tag data-classification/classification/criticality = critical, confidential, restricted, secret or high) must use properties.encryption.keySource = Microsoft.Keyvault. Untagged accounts are not evaluated.",
        "With Microsoft-managed keys the organisation cannot revoke access to, rotate or audit use of the key protecting its most sensitive data.",
        "Storage accounts > select the account > Security + networking > Encryption > Encryption type = Customer-managed keys > select the key vault and key > Save.",
        "az storage account update -g <resource-group> -n <account> --encryption-key-source Microsoft.Keyvault --encryption-key-vault <vault-uri> --encryption-key-name <key> --identity-type SystemAssigned",
        "4.11");

    protected override Outcome? Evaluate(ResourceConfig r, IResourceSet resources)
    {
        var tag = r.Tags.FirstOrDefault(t => ClassificationTags.Contains(t.Key, StringComparer.OrdinalIgnoreCase) && CriticalValues.Contains(t.Value.Trim(), StringComparer.OrdinalIgnoreCase));
        if (tag.Key is null) return null;
        var ks = r.Json.Str("properties.encryption.keySource");
        return Outcome.When(ks.Is("Microsoft.Keyvault"), $"tag {tag.Key} = {tag.Value}; properties.encryption.keySource = {ks ?? "(absent)"}");
    }
}

public sealed class StorageKeysRegenerated : ResourceCheck
{
    private readonly TimeProvider _clock;
    public StorageKeysRegenerated() : this(TimeProvider.System) { }
    public StorageKeysRegenerated(TimeProvider clock) => _clock = clock;
    public const int MaxAgeDays = 90;

    public override CheckMetadata Metadata { get; } = Meta("azure-storage-keys-regenerated", "Storage account access keys have not been regenerated in 90 days", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.keyCreationTime.key1 and key2 must be younger than 90 days (accounts with shared key access disabled are skipped).",
        "Long-lived account keys accumulate in scripts, CI variables and laptops; every copy stays valid until the key is rotated.",
        "Storage accounts > select the account > Security + networking > Access keys > 'Rotate key' for key1 and key2 (update the consumers first).",
        "az storage account keys renew -g <resource-group> -n <account> --key primary; az storage account keys renew -g <resource-group> -n <account> --key secondary",
        "4.4");

    protected override Outcome? Evaluate(ResourceConfig r, IResourceSet resources)
    {
        if (r.Json.Str("properties.allowSharedKeyAccess").Is("false")) return null;
        var now = _clock.GetUtcNow();
        var old = new List<string>();
        var seen = new List<string>();
        foreach (var k in new[] { "key1", "key2" })
        {
            var s = r.Json.Str("properties.keyCreationTime." + k);
            if (s is null || !DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)) continue;
            seen.Add($"{k} created {t:yyyy-MM-dd}");
            if ((now - t).TotalDays > MaxAgeDays) old.Add($"properties.keyCreationTime.{k} = {s} ({(int)(now - t).TotalDays} days old)");
        }
        if (seen.Count == 0) return Outcome.Fail("properties.keyCreationTime = (absent): key age unknown, keys never shown as rotated");
        return old.Count > 0 ? Outcome.Fail(string.Join("; ", old)) : Outcome.Pass(string.Join("; ", seen));
    }
}
