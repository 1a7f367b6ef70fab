namespace Portal.Cspm.Checks.Storage;

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
