namespace Portal.Cspm.Checks.Storage;

public sealed class StorageDefaultNetworkDeny : SettingCheck
{
    protected override string Path => "properties.networkAcls.defaultAction";
    protected override bool Compliant(string? v) => v.Is("Deny");
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-default-network-deny", "Storage account default network access rule is Allow", Severity.High, "Storage",
        ResourceTypes.StorageAccount,
        "properties.networkAcls.defaultAction must be Deny so only selected networks, IPs and trusted services can connect.",
        "With default action Allow, the data plane accepts connections from any network.",
        "Storage accounts > select the account > Networking > Firewalls and virtual networks > 'Enabled from selected virtual networks and IP addresses' > add the needed networks > Save.",
        "az storage account update -g <resource-group> -n <account> --default-action Deny",
        "4.7");
}
