namespace Portal.Domain.Cloud;

// Agentless detection's view of Azure: a VM's disks, snapshots of them, read access to a snapshot, custom images.

/// <summary>One disk attached to a VM (or an image's disk), as the scan planner needs it.</summary>
/// <param name="DiskId">Managed disk resource id; for an unmanaged (VHD in a storage account) disk, its VHD URI.</param>
/// <param name="Lun">Data disk LUN; null for the OS disk.</param>
/// <param name="SkuName">Standard_LRS, Premium_LRS, UltraSSD_LRS, PremiumV2_LRS, ...</param>
/// <param name="AdeEncrypted">Azure Disk Encryption (guest BitLocker/dm-crypt) is on: the bytes are unreadable out of band.</param>
public sealed record VmDiskInfo(
    string DiskId,
    string Name,
    bool IsOsDisk,
    int? Lun,
    long SizeBytes,
    string? SkuName,
    string Location,
    string ResourceGroup,
    bool Managed,
    bool AdeEncrypted,
    string? OsType);

/// <summary>A snapshot as Azure reports it.</summary>
public sealed record SnapshotInfo(
    string Id,
    string Name,
    string ResourceGroup,
    string Location,
    string? SourceResourceId,
    long SizeBytes,
    string ProvisioningState,
    DateTimeOffset? TimeCreated,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>What to snapshot: <c>createOption: Copy</c> of <paramref name="SourceResourceId"/> (a disk or a snapshot),
/// in the source's own resource group and region, with the portal's tags.</summary>
public sealed record SnapshotCreateSpec(
    string SubscriptionId,
    string ResourceGroup,
    string Name,
    string Location,
    string SourceResourceId,
    IReadOnlyDictionary<string, string> Tags);

/// <summary>Read access to a snapshot (beginGetAccess → accessSAS). The URL is a secret: never log it, store it or show it;
/// <see cref="ToString"/> hides it.</summary>
public sealed record DiskAccessGrant(Uri SasUrl, DateTimeOffset ExpiresOn)
{
    public override string ToString() => $"DiskAccessGrant {{ Host = {SasUrl.Host}, ExpiresOn = {ExpiresOn:O} }}";
}

/// <summary>A custom image the account can read: a managed image or a gallery image version, with the disks or snapshots
/// it is made of.</summary>
/// <param name="Kind">"ManagedImage" or "GalleryImageVersion".</param>
public sealed record CustomImageInfo(
    string Id,
    string Name,
    string Kind,
    string ResourceGroup,
    string Location,
    string? OsType,
    IReadOnlyList<CustomImageSource> Sources);

/// <summary>One disk of a custom image: the managed disk, snapshot (or, for an unmanaged image, blob URI) it was captured from.</summary>
public sealed record CustomImageSource(string SourceResourceId, bool IsOsDisk, int? Lun, long SizeBytes);
