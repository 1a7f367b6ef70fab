namespace Portal.Cspm.Checks.Storage;

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
