namespace Portal.Cspm.Checks.Compute;

public sealed class DiskNetworkAccess : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-disk-public-network-access", "Disk allows import/export from public networks", Severity.Medium, "Compute",
        ResourceTypes.Disk,
        "properties.networkAccessPolicy must be DenyAll or AllowPrivate (with a disk access resource), and properties.publicNetworkAccess not Enabled; absent means AllowAll.",
        "A disk export SAS URL can be generated and used from any network to download the whole disk.",
        "Disks > select the disk > Settings > Networking > 'Disable public access and enable private access' (or 'Disable public and private access') > Save.",
        "az disk update -g <resource-group> -n <disk> --network-access-policy DenyAll --public-network-access Disabled",
        "8.5");

    protected override Outcome? Evaluate(ResourceConfig disk, IResourceSet resources)
    {
        var nap = disk.Json.Str("properties.networkAccessPolicy");
        var pna = disk.Json.Str("properties.publicNetworkAccess");
        return Outcome.When((nap.Is("DenyAll") || nap.Is("AllowPrivate")) && !pna.Is("Enabled"),
            $"properties.networkAccessPolicy = {nap ?? "(absent: AllowAll)"}, properties.publicNetworkAccess = {pna ?? "(absent)"}");
    }
}
