namespace Portal.Cspm.Checks.Storage;

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
