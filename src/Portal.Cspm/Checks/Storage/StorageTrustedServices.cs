namespace Portal.Cspm.Checks.Storage;

public sealed class StorageTrustedServices : SettingCheck
{
    protected override string Path => "properties.networkAcls.bypass";
    protected override bool Compliant(string? v) => v is not null && v.Split(',', StringSplitOptions.TrimEntries).Any(x => x.Is("AzureServices"));
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-trusted-services", "Storage account does not allow trusted Azure services", Severity.Low, "Storage",
        ResourceTypes.StorageAccount,
        "properties.networkAcls.bypass must include AzureServices so trusted Microsoft services (Backup, Monitor, Defender) keep working behind the firewall.",
        "Without the bypass, teams loosen the firewall (default Allow) to make logging/backup work.",
        "Storage accounts > select the account > Networking > Exceptions > tick 'Allow Azure services on the trusted services list to access this storage account' > Save.",
        "az storage account update -g <resource-group> -n <account> --bypass AzureServices",
        "4.8");
}
