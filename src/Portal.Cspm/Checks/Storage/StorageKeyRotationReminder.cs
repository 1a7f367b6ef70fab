namespace Portal.Cspm.Checks.Storage;

public sealed class StorageKeyRotationReminder : SettingCheck
{
    protected override string Path => "properties.keyPolicy.keyExpirationPeriodInDays";
    protected override bool Compliant(string? v) => int.TryParse(v, out var d) && d > 0 && d <= 90;
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-key-rotation-reminder", "Storage account key rotation reminder is not set (<= 90 days)", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.keyPolicy.keyExpirationPeriodInDays must be set (1-90) so Azure reminds to rotate the access keys.",
        "Access keys that are never rotated stay valid for ever once leaked.",
        "Storage accounts > select the account > Security + networking > Access keys > 'Set rotation reminder' > every 90 days.",
        "az storage account update -g <resource-group> -n <account> --key-exp-days 90",
        "4.3");
}
