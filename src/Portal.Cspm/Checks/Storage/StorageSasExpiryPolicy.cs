namespace Portal.Cspm.Checks.Storage;

public sealed class StorageSasExpiryPolicy : ResourceCheck
{
    public static readonly TimeSpan MaxSasLifetime = TimeSpan.FromHours(1);

    public override CheckMetadata Metadata { get; } = Meta("azure-storage-sas-expiry-policy", "Storage account does not enforce a SAS expiration of one hour or less", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.sasPolicy.sasExpirationPeriod must be at most 0.01:00:00 (1 hour) with expirationAction = Block. Issued SAS tokens themselves are signed client-side and are not visible to ARM; the policy is what can be read and enforced.",
        "Long-lived SAS tokens leak into logs, tickets and code and grant access until the signing key is rotated.",
        "Storage accounts > select the account > Settings > Configuration > 'Allow recommended upper limit for shared access signature (SAS) expiry interval' = Enabled, 0 days 1 hour, action Block > Save.",
        "az storage account update -g <resource-group> -n <account> --sas-expiration-period 0.01:00:00   # then set sasPolicy.expirationAction=Block: az resource update --ids <account-id> --set properties.sasPolicy.expirationAction=Block",
        "4.5");

    protected override Outcome? Evaluate(ResourceConfig r, IResourceSet resources)
    {
        if (r.Json.Str("properties.allowSharedKeyAccess").Is("false")) return Outcome.Pass("properties.allowSharedKeyAccess = false: account-key SAS tokens cannot be used");
        var period = r.Json.Str("properties.sasPolicy.sasExpirationPeriod");
        var action = r.Json.Str("properties.sasPolicy.expirationAction");
        var ok = period is not null && TimeSpan.TryParse(period, System.Globalization.CultureInfo.InvariantCulture, out var t) && t <= MaxSasLifetime && action.Is("Block");
        return Outcome.When(ok, $"properties.sasPolicy.sasExpirationPeriod = {period ?? "(absent)"}, expirationAction = {action ?? "(absent: Log)"}");
    }
}
