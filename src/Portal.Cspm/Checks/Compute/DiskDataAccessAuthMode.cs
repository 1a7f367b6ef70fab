namespace Portal.Cspm.Checks.Compute;

public sealed class DiskDataAccessAuthMode : SettingCheck
{
    protected override string Path => "properties.dataAccessAuthMode";
    protected override bool Compliant(string? v) => v.Is("AzureActiveDirectory");
    public override CheckMetadata Metadata { get; } = Meta("azure-disk-data-access-auth", "Disk export/upload does not require Entra ID authorization", Severity.Medium, "Compute",
        ResourceTypes.Disk,
        "properties.dataAccessAuthMode must be AzureActiveDirectory so SAS export/upload URLs additionally require an authorized Entra identity.",
        "Anyone holding a disk SAS URL can download the disk without any identity check.",
        "Disks > select the disk > Settings > Disk export > tick 'Enable data access authentication mode' > Save.",
        "az disk update -g <resource-group> -n <disk> --data-access-auth-mode AzureActiveDirectory",
        "8.6");
}
