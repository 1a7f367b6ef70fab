using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>
/// Agentless detection: a VM's disks (SKU, size, encryption), snapshots of them (createOption Copy), read access to a
/// snapshot (beginGetAccess → SAS URL, endGetAccess), delete, the portal's leftover snapshots by tag, and custom images.
/// Snapshots go through the Compute SDK, which follows each long-running operation to its end; images and galleries
/// are read as raw JSON lists on the same pipeline. The SAS URL is a secret: it is returned once and never logged.
/// </summary>
public sealed partial class AzureCloudConnector
{
    private const string SnapshotType = "Microsoft.Compute/snapshots";
    private const string DiskType = "Microsoft.Compute/disks";
    private const long GiB = 1024L * 1024 * 1024;

    public Task<CloudResult<IReadOnlyList<VmDiskInfo>>> ListVmDisksAsync(CloudCredential credential, string vmId, CancellationToken cancellationToken = default) =>
        RunOnResourceAsync<IReadOnlyList<VmDiskInfo>>(credential, vmId, VmType, async (_, id) =>
        {
            var c = GetClients(credential);
            var vm = (await c.Arm.GetVirtualMachineResource(id).GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.Data;
            var sp = vm.StorageProfile;
            var location = vm.Location.Name;
            var rg = id.ResourceGroupName!;
            var osType = sp?.OSDisk?.OSType?.ToString();
            var planned = new List<(string? ManagedId, string Name, bool IsOs, int? Lun, int? SizeGb, string? Vhd, bool VmAde, string? VmSku)>();
            if (sp?.OSDisk is { } os)
                planned.Add((os.ManagedDisk?.Id?.ToString(), os.Name ?? "osdisk", true, null, os.DiskSizeGB, os.VhdUri?.ToString(),
                    os.EncryptionSettings?.Enabled == true, os.ManagedDisk?.StorageAccountType?.ToString()));
            foreach (var d in sp?.DataDisks ?? [])
                planned.Add((d.ManagedDisk?.Id?.ToString(), d.Name ?? $"lun{d.Lun}", false, d.Lun, d.DiskSizeGB, d.VhdUri?.ToString(), false, d.ManagedDisk?.StorageAccountType?.ToString()));

            // one GET per managed disk, in parallel (bounded by the connector's ARM gate): SKU, exact size, ADE
            var disks = await Task.WhenAll(planned.Select(async p =>
            {
                if (p.ManagedId == null)
                    return new VmDiskInfo(p.Vhd ?? p.Name, p.Name, p.IsOs, p.Lun, (p.SizeGb ?? 0) * GiB, p.VmSku, location, rg, Managed: false, p.VmAde, p.IsOs ? osType : null);
                ManagedDiskData? data = null;
                try
                {
                    data = (await c.Arm.GetManagedDiskResource(new ResourceIdentifier(p.ManagedId)).GetAsync(cancellationToken).ConfigureAwait(false)).Value.Data;
                }
                catch (RequestFailedException rfe) when (rfe.Status == 404)
                {
                    // a VM pointing at a disk that is gone: report what the VM says, the planner skips it on snapshot
                }
                var diskRg = new ResourceIdentifier(p.ManagedId).ResourceGroupName ?? rg;
                var size = data?.DiskSizeBytes ?? (long)(data?.DiskSizeGB ?? p.SizeGb ?? 0) * GiB;
                var ade = p.VmAde || data?.EncryptionSettingsGroup?.Enabled == true;
                return new VmDiskInfo(data?.Id?.ToString() ?? p.ManagedId, data?.Name ?? p.Name, p.IsOs, p.Lun, size,
                    data?.Sku?.Name.ToString() ?? p.VmSku, data?.Location.Name ?? location, diskRg, Managed: true, ade,
                    data?.OSType?.ToString() ?? (p.IsOs ? osType : null));
            })).ConfigureAwait(false);
            return disks;
        }, cancellationToken);

    public Task<CloudResult<SnapshotInfo>> CreateSnapshotAsync(CloudCredential credential, SnapshotCreateSpec spec, CancellationToken cancellationToken = default)
    {
        if (spec is null || string.IsNullOrWhiteSpace(spec.ResourceGroup) || string.IsNullOrWhiteSpace(spec.Location) || !ValidSnapshotName(spec.Name))
            return Task.FromResult(CloudResult<SnapshotInfo>.Fail(CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput,
                "A snapshot needs a subscription, resource group, location and a name of 1-80 letters, digits, '_', '.' or '-'.")));
        if (ParseId(spec.SourceResourceId, DiskType) is null && ParseId(spec.SourceResourceId, SnapshotType) is null)
            return Task.FromResult(CloudResult<SnapshotInfo>.Fail(CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput,
                $"'{spec.SourceResourceId}' is not a managed disk or snapshot id.")));
        var id = $"/subscriptions/{spec.SubscriptionId}/resourceGroups/{spec.ResourceGroup}/providers/{SnapshotType}/{spec.Name}";
        return RunOnResourceAsync(credential, id, SnapshotType, async (_, rid) =>
        {
            var c = GetClients(credential);
            var rg = c.Arm.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(spec.SubscriptionId, spec.ResourceGroup));
            var data = new SnapshotData(new AzureLocation(spec.Location))
            {
                CreationData = new DiskCreationData(DiskCreateOption.Copy) { SourceResourceId = new ResourceIdentifier(spec.SourceResourceId) },
                // a full copy: Azure only exports incremental snapshots after their background copy completes
                Incremental = false,
            };
            foreach (var (k, v) in spec.Tags ?? new Dictionary<string, string>()) data.Tags[k] = v;
            var op = await rg.GetSnapshots().CreateOrUpdateAsync(WaitUntil.Completed, spec.Name, data, cancellationToken).ConfigureAwait(false);
            if (!op.HasCompleted) throw new ListingFailedException(CloudErrorCatalog.Create(CloudErrorCodes.Timeout, "Azure did not finish creating the snapshot."));
            var snap = op.Value.Data;
            if (!string.Equals(snap.ProvisioningState, "Succeeded", StringComparison.OrdinalIgnoreCase))
                snap = (await c.Arm.GetSnapshotResource(rid).GetAsync(cancellationToken).ConfigureAwait(false)).Value.Data;
            return ToSnapshotInfo(snap);
        }, cancellationToken);
    }

    public Task<CloudResult<DiskAccessGrant>> GrantSnapshotReadAsync(CloudCredential credential, string snapshotId, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var seconds = (int)Math.Ceiling(duration.TotalSeconds);
        if (seconds <= 0 || seconds > 5 * 24 * 3600)
            return Task.FromResult(CloudResult<DiskAccessGrant>.Fail(CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, "Read access lasts from 1 second to 5 days.")));
        return RunOnResourceAsync(credential, snapshotId, SnapshotType, async (_, id) =>
        {
            var snap = GetClients(credential).Arm.GetSnapshotResource(id);
            var requested = DateTimeOffset.UtcNow;
            // beginGetAccess is a long-running operation; its result (final state via Location) carries accessSAS
            var op = await snap.GrantAccessAsync(WaitUntil.Completed, new GrantAccessData(AccessLevel.Read, seconds), cancellationToken).ConfigureAwait(false);
            var sas = op.HasValue ? op.Value.AccessSas : null;
            if (string.IsNullOrEmpty(sas) || !Uri.TryCreate(sas, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
                throw new ListingFailedException(CloudErrorCatalog.Create(CloudErrorCodes.Unexpected, "Azure granted access but returned no usable SAS URL."));
            return new DiskAccessGrant(url, requested + TimeSpan.FromSeconds(seconds));
        }, cancellationToken);
    }

    public Task<CloudResult<bool>> RevokeSnapshotReadAsync(CloudCredential credential, string snapshotId, CancellationToken cancellationToken = default) =>
        RunOnResourceAsync(credential, snapshotId, SnapshotType, async (_, id) =>
        {
            var op = await GetClients(credential).Arm.GetSnapshotResource(id).RevokeAccessAsync(WaitUntil.Completed, cancellationToken).ConfigureAwait(false);
            return op.HasCompleted;
        }, cancellationToken);

    public async Task<CloudResult<bool>> DeleteSnapshotAsync(CloudCredential credential, string snapshotId, CancellationToken cancellationToken = default)
    {
        var result = await RunOnResourceAsync(credential, snapshotId, SnapshotType, async (_, id) =>
        {
            var snap = GetClients(credential).Arm.GetSnapshotResource(id);
            var op = await snap.DeleteAsync(WaitUntil.Completed, cancellationToken).ConfigureAwait(false);
            // Azure answers 204 for a snapshot that was not there
            return op.GetRawResponse().Status != 204;
        }, cancellationToken).ConfigureAwait(false);
        // a cleanup path deleting what is already gone has nothing to do
        if (!result.IsSuccess && result.Error.Code == CloudErrorCodes.ResourceNotFound && result.Error.AzureCode != "ResourceGroupNotFound")
            return CloudResult<bool>.Ok(false);
        return result;
    }

    public Task<CloudResult<IReadOnlyList<SnapshotInfo>>> ListSnapshotsByTagAsync(CloudCredential credential, string subscriptionId, string tagName, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(tagName))
            return Task.FromResult(CloudResult<IReadOnlyList<SnapshotInfo>>.Fail(CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, "A tag name is needed.")));
        return RunAsync<IReadOnlyList<SnapshotInfo>>(credential, async c =>
        {
            var sub = c.Arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(subscriptionId));
            var list = new List<SnapshotInfo>();
            // the snapshot list has no tag filter: page through it and keep the tagged ones
            await foreach (var s in sub.GetSnapshotsAsync(cancellationToken).ConfigureAwait(false))
                if (s.Data.Tags.Keys.Any(k => k.Equals(tagName, StringComparison.OrdinalIgnoreCase)))
                    list.Add(ToSnapshotInfo(s.Data));
            return list;
        }, cancellationToken, subscriptionId);
    }

    public Task<CloudResult<IReadOnlyList<CustomImageInfo>>> ListCustomImagesAsync(CloudCredential credential, string subscriptionId, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<CustomImageInfo>>(credential, async c =>
        {
            var images = new List<CustomImageInfo>();
            var imagePath = $"/subscriptions/{subscriptionId}/providers/Microsoft.Compute/images?api-version={_options.ComputeApiVersion}";
            await foreach (var item in ListRawAsync(c, imagePath, cancellationToken).ConfigureAwait(false))
                images.Add(ReadManagedImage(item));
            var byId = images.ToDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);

            var result = new List<CustomImageInfo>(images);
            var galleryPath = $"/subscriptions/{subscriptionId}/providers/Microsoft.Compute/galleries?api-version={_options.GalleryApiVersion}";
            await foreach (var gallery in ListRawAsync(c, galleryPath, cancellationToken).ConfigureAwait(false))
            {
                if (Str(gallery, "id") is not { } gid) continue;
                await foreach (var def in ListRawAsync(c, $"{gid}/images?api-version={_options.GalleryApiVersion}", cancellationToken).ConfigureAwait(false))
                {
                    if (Str(def, "id") is not { } did) continue;
                    var osType = def.TryGetProperty("properties", out var dp) ? Str(dp, "osType") : null;
                    await foreach (var ver in ListRawAsync(c, $"{did}/versions?api-version={_options.GalleryApiVersion}", cancellationToken).ConfigureAwait(false))
                        result.Add(ReadGalleryVersion(ver, def, osType, byId));
                }
            }
            return result;
        }, cancellationToken, subscriptionId);

    // ------------------------------------------------------------------------------------------ reading

    private static SnapshotInfo ToSnapshotInfo(SnapshotData s)
    {
        var id = s.Id?.ToString() ?? "";
        return new SnapshotInfo(id, s.Name, s.Id?.ResourceGroupName ?? "", s.Location.Name, s.CreationData?.SourceResourceId?.ToString(),
            s.DiskSizeBytes ?? (long)(s.DiskSizeGB ?? 0) * GiB, s.ProvisioningState ?? "Unknown", s.TimeCreated,
            new Dictionary<string, string>(s.Tags, StringComparer.OrdinalIgnoreCase));
    }

    private static CustomImageInfo ReadManagedImage(JsonElement item)
    {
        var id = Str(item, "id") ?? "";
        var sources = new List<CustomImageSource>();
        string? osType = null;
        if (item.TryGetProperty("properties", out var p) && p.TryGetProperty("storageProfile", out var sp))
        {
            if (sp.TryGetProperty("osDisk", out var os) && os.ValueKind == JsonValueKind.Object)
            {
                osType = Str(os, "osType");
                if (ImageDiskSource(os) is { } src) sources.Add(new CustomImageSource(src, true, null, Gb(os, "diskSizeGB")));
            }
            if (sp.TryGetProperty("dataDisks", out var dd) && dd.ValueKind == JsonValueKind.Array)
                foreach (var d in dd.EnumerateArray())
                    if (ImageDiskSource(d) is { } src) sources.Add(new CustomImageSource(src, false, Int(d, "lun"), Gb(d, "diskSizeGB")));
        }
        return new CustomImageInfo(id, Str(item, "name") ?? "", "ManagedImage", ResourceGroupOf(id), Str(item, "location") ?? "", osType, sources);
    }

    /// <summary>A managed image's disk: its snapshot, else its managed disk, else its VHD blob URI.</summary>
    private static string? ImageDiskSource(JsonElement disk) =>
        RefId(disk, "snapshot") ?? RefId(disk, "managedDisk") ?? Str(disk, "blobUri");

    private static CustomImageInfo ReadGalleryVersion(JsonElement ver, JsonElement definition, string? osType, Dictionary<string, CustomImageInfo> managedImages)
    {
        var id = Str(ver, "id") ?? "";
        var sources = new List<CustomImageSource>();
        if (ver.TryGetProperty("properties", out var p) && p.TryGetProperty("storageProfile", out var sp))
        {
            if (sp.TryGetProperty("osDiskImage", out var os) && os.ValueKind == JsonValueKind.Object && GallerySource(os) is { } osSrc)
                sources.Add(new CustomImageSource(osSrc, true, null, Gb(os, "sizeInGB")));
            if (sp.TryGetProperty("dataDiskImages", out var dd) && dd.ValueKind == JsonValueKind.Array)
                foreach (var d in dd.EnumerateArray())
                    if (GallerySource(d) is { } src) sources.Add(new CustomImageSource(src, false, Int(d, "lun"), Gb(d, "sizeInGB")));
            // captured from a managed image: its disks are the image's
            if (sources.Count == 0 && RefId(sp, "source") is { } whole && managedImages.TryGetValue(whole, out var img))
                sources.AddRange(img.Sources);
        }
        var name = $"{Str(definition, "name")}/{Str(ver, "name")}";
        return new CustomImageInfo(id, name, "GalleryImageVersion", ResourceGroupOf(id), Str(ver, "location") ?? "", osType, sources);
    }

    private static string? GallerySource(JsonElement diskImage) =>
        diskImage.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object ? Str(s, "id") ?? Str(s, "uri") : null;

    private static string? RefId(JsonElement e, string name) =>
        e.TryGetProperty(name, out var r) && r.ValueKind == JsonValueKind.Object ? Str(r, "id") : null;

    private static long Gb(JsonElement e, string name) => (Int(e, name) ?? 0) * GiB;

    private static int? Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static string ResourceGroupOf(string id)
    {
        var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < parts.Length; i++)
            if (parts[i].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)) return parts[i + 1];
        return "";
    }

    private static bool ValidSnapshotName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 80 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && name[^1] != '.';
}
