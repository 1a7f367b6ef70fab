using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Text;
using Azure.Core.Diagnostics;
using Portal.DiskImages;
using Portal.Domain.Cloud;

namespace Portal.Azure.Tests;

/// <summary>
/// The agentless operations of the real connector over HTTPS against AzureSim: a VM's disks with the properties the
/// scan planner's skip rules need, snapshot → grant → ranged reads through <see cref="BlobSnapshotReaderFactory"/>
/// (Azure.Storage.Blobs) → revoke → delete, the sweeper's list by tag, custom images, errors, and no SAS URL in logs.
/// </summary>
public class AgentlessTests(SimFixture f) : IClassFixture<SimFixture>
{
    private const string DataRg = "rg-prod-data-eus";
    private string Sub => f.SubscriptionId;
    private string VmId(string rg, string name) => $"/subscriptions/{Sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}";

    private BlobSnapshotReaderFactory Factory(int blockSize = 512 * 1024, int blocks = 8)
    {
        var o = new AzureConnectorOptions { SnapshotReadBlockSize = blockSize, SnapshotReadCacheBlocks = blocks };
        o.BlobRetry = new AzureRetrySettings { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), NetworkTimeout = TimeSpan.FromSeconds(20) };
        o.EndpointOverrides[CloudKind.AzurePublic] = SimFixture.Endpoints(f.Host);
        return new BlobSnapshotReaderFactory(o);
    }

    private async Task<VmDiskInfo> OsDisk(string rg, string vm)
    {
        var disks = await f.Connector.ListVmDisksAsync(f.Credential(SimFixture.Responder), VmId(rg, vm));
        Assert.True(disks.IsSuccess, disks.IsSuccess ? "" : disks.Error.Message);
        return disks.Value.Single(d => d.IsOsDisk);
    }

    /// <summary>A content image with an MBR boot signature and a recognisable pattern, planted on the disk.</summary>
    private string Plant(string diskId, int length, int seed, out byte[] image)
    {
        image = new byte[length];
        new Random(seed).NextBytes(image);
        image[510] = 0x55;
        image[511] = 0xAA;
        var file = Path.Combine(Path.GetTempPath(), $"portal-azure-test-{Guid.NewGuid():N}.img");
        File.WriteAllBytes(file, image);
        f.Host.State.DiskContents.Set(diskId, file);
        return file;
    }

    [Fact]
    public async Task Lists_a_vms_disks_with_sku_size_encryption_and_region()
    {
        var cred = f.Credential(SimFixture.Reader);
        var sql = await f.Connector.ListVmDisksAsync(cred, VmId(DataRg, "sqlvm-eus-01"));
        Assert.True(sql.IsSuccess, sql.IsSuccess ? "" : sql.Error.Message);
        Assert.Equal(3, sql.Value.Count);
        var os = sql.Value.Single(d => d.IsOsDisk);
        Assert.Null(os.Lun);
        Assert.Equal("Windows", os.OsType);
        Assert.Equal(127L * 1024 * 1024 * 1024, os.SizeBytes);
        Assert.Equal("Premium_LRS", os.SkuName);
        Assert.True(os.Managed);
        Assert.False(os.AdeEncrypted);
        Assert.Equal("eastus", os.Location);
        Assert.Equal(DataRg, os.ResourceGroup);
        Assert.StartsWith($"/subscriptions/{Sub}/resourceGroups/{DataRg}/providers/Microsoft.Compute/disks/sqlvm-eus-01_OsDisk_1_", os.DiskId);
        var data = sql.Value.Where(d => !d.IsOsDisk).OrderBy(d => d.Lun).ToList();
        Assert.Equal([0, 1], data.Select(d => d.Lun!.Value).ToArray());
        Assert.All(data, d => Assert.Equal("UltraSSD_LRS", d.SkuName));
        Assert.All(data, d => Assert.Equal(128L * 1024 * 1024 * 1024, d.SizeBytes));

        var mongo = await f.Connector.ListVmDisksAsync(cred, VmId(DataRg, "mongo-eus-03"));
        Assert.Equal("PremiumV2_LRS", mongo.Value.Single(d => !d.IsOsDisk).SkuName);
        Assert.Equal("Linux", mongo.Value.Single(d => d.IsOsDisk).OsType);

        var ade = await f.Connector.ListVmDisksAsync(cred, VmId("rg-prod-app-eus", "app-eus-05"));
        Assert.True(ade.Value.Single(d => d.IsOsDisk).AdeEncrypted);
        var plain = await f.Connector.ListVmDisksAsync(cred, VmId("rg-prod-app-eus", "app-eus-03"));
        Assert.All(plain.Value, d => Assert.False(d.AdeEncrypted));

        var missing = await f.Connector.ListVmDisksAsync(cred, VmId(DataRg, "no-such-vm"));
        Assert.Equal(CloudErrorCodes.ResourceNotFound, missing.Error.Code);
        var bad = await f.Connector.ListVmDisksAsync(cred, "/subscriptions/x/whatever");
        Assert.Equal(CloudErrorCodes.InvalidInput, bad.Error.Code);
    }

    [Fact]
    public async Task Snapshot_grant_read_revoke_delete_through_the_blob_client()
    {
        var cred = f.Credential(SimFixture.Responder);
        var disk = await OsDisk(DataRg, "mongo-eus-01");
        Plant(disk.DiskId, 2 * 1024 * 1024 + 77, 11, out var image);

        var tags = new Dictionary<string, string> { ["security-portal-scan"] = "scan-1", ["security-portal-created"] = "2026-12-03T08:00:00Z" };
        var created = await f.Connector.CreateSnapshotAsync(cred, new SnapshotCreateSpec(Sub, DataRg, "portal-scan-mongo-eus-01-os", disk.Location, disk.DiskId, tags));
        Assert.True(created.IsSuccess, created.IsSuccess ? "" : created.Error.Message);
        var snap = created.Value;
        Assert.Equal("Succeeded", snap.ProvisioningState);
        Assert.Equal(disk.DiskId, snap.SourceResourceId, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(disk.SizeBytes, snap.SizeBytes);
        Assert.Equal("scan-1", snap.Tags["security-portal-scan"]);
        Assert.Equal(DataRg, snap.ResourceGroup);

        var grant = await f.Connector.GrantSnapshotReadAsync(cred, snap.Id, TimeSpan.FromMinutes(60));
        Assert.True(grant.IsSuccess, grant.IsSuccess ? "" : grant.Error.Message);
        Assert.Equal(f.Host.BlobEndpoint.Port, grant.Value.SasUrl.Port);
        Assert.DoesNotContain("sig", grant.Value.ToString());
        Assert.InRange(grant.Value.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));

        using var factory = Factory(blockSize: 512 * 1024, blocks: 4);
        var opened = await factory.OpenAsync(grant.Value);
        Assert.True(opened.IsSuccess, opened.IsSuccess ? "" : opened.Error.Message);
        using var reader = opened.Value;
        Assert.Equal(disk.SizeBytes + 512, reader.Length);
        Assert.Equal(1, reader.Requests); // HEAD

        // the first sector is the image's (MBR boot signature), read in one 512 KiB block
        var sector = new byte[512];
        Assert.Equal(512, reader.Read(0, sector));
        Assert.Equal(image[..512], sector);
        Assert.Equal(0x55, sector[510]);
        Assert.Equal(0xAA, sector[511]);
        Assert.Equal(2, reader.Requests);
        Assert.Equal(512 * 1024, reader.BytesFetched);
        // again from the cache: no request
        reader.Read(100, sector);
        Assert.Equal(2, reader.Requests);

        // a read across block boundaries and across the end of the image
        var buf = new byte[1024 * 1024];
        var at = image.Length - 300_000;
        Assert.Equal(buf.Length, reader.Read(at, buf));
        Assert.Equal(image.AsSpan(at).ToArray(), buf[..300_000]);
        Assert.True(buf.AsSpan(300_000).IndexOfAnyExcept((byte)0) < 0);

        // the VHD footer at the end of the 30 GiB disk (nothing in between is fetched)
        var footer = new byte[512];
        Assert.Equal(512, reader.Read(reader.Length - 512, footer));
        AssertFixedVhdFooter(footer, disk.SizeBytes);
        Assert.Equal(0, reader.Read(reader.Length, footer));
        Assert.True(reader.BytesFetched < 5 * 1024 * 1024, $"{reader.BytesFetched} bytes fetched");

        // revoke: reads of blocks not cached fail with the SAS error; opening again is refused
        var revoked = await f.Connector.RevokeSnapshotReadAsync(cred, snap.Id);
        Assert.True(revoked.IsSuccess && revoked.Value);
        var ex = Assert.Throws<DiskReadException>(() => reader.Read(10L * 1024 * 1024 * 1024, sector));
        Assert.Contains(CloudErrorCodes.SnapshotAccessRefused, ex.Message);
        Assert.Equal(CloudErrorCodes.SnapshotAccessRefused, ((BlobSnapshotReader)reader).LastError!.Code);
        Assert.Equal("AuthenticationFailed", ((BlobSnapshotReader)reader).LastError!.AzureCode);
        Assert.DoesNotContain("sig=", ex.Message);
        var again = await factory.OpenAsync(grant.Value);
        Assert.False(again.IsSuccess);
        Assert.Equal(CloudErrorCodes.SnapshotAccessRefused, again.Error.Code);
        Assert.Equal(403, again.Error.HttpStatus);
        Assert.Contains("revoked", again.Error.Meaning);
        Assert.DoesNotContain(grant.Value.SasUrl.Query, again.Error.Message);

        // delete; deleting again (a cleanup retry) is not an error
        var deleted = await f.Connector.DeleteSnapshotAsync(cred, snap.Id);
        Assert.True(deleted.IsSuccess && deleted.Value);
        Assert.Null(f.Host.State.GetResource(snap.Id));
        var twice = await f.Connector.DeleteSnapshotAsync(cred, snap.Id);
        Assert.True(twice.IsSuccess);
        Assert.False(twice.Value);
        var grantGone = await f.Connector.GrantSnapshotReadAsync(cred, snap.Id, TimeSpan.FromMinutes(5));
        Assert.Equal(CloudErrorCodes.ResourceNotFound, grantGone.Error.Code);
    }

    [Theory]
    [InlineData("rg-dev-wus2", "dev-wus2-05", "GPT")]     // Ubuntu 22.04 with the planted findings
    [InlineData("rg-prod-weu", "web-weu-01", "MBR")]      // Debian 12
    [InlineData("rg-prod-app-eus", "app-eus-03", "GPT")]  // RHEL 9 (LVM)
    [InlineData("rg-shared-eus", "jump-eus-01", "MBR")]   // Windows Server 2022
    public async Task A_demo_vms_os_disk_reads_as_its_image_behind_a_vhd_footer(string rg, string vm, string scheme)
    {
        var cred = f.Credential(SimFixture.Responder);
        var disk = await OsDisk(rg, vm);
        var snap = (await f.Connector.CreateSnapshotAsync(cred, new SnapshotCreateSpec(Sub, rg, $"demo-read-{vm}", disk.Location, disk.DiskId, new Dictionary<string, string> { ["security-portal-scan"] = "demo" }))).Value;
        try
        {
            var grant = (await f.Connector.GrantSnapshotReadAsync(cred, snap.Id, TimeSpan.FromMinutes(10))).Value;
            using var factory = Factory();
            using var reader = (await factory.OpenAsync(grant)).Value;
            Assert.Equal(disk.SizeBytes + 512, reader.Length);
            var head = new byte[1024];
            reader.Read(0, head);
            Assert.Equal(0x55, head[510]);
            Assert.Equal(0xAA, head[511]);
            if (scheme == "GPT")
            {
                Assert.Equal(0xEE, head[446 + 4]); // protective MBR
                Assert.Equal("EFI PART", Encoding.ASCII.GetString(head, 512, 8));
            }
            else
            {
                Assert.NotEqual(0xEE, head[446 + 4]);
                Assert.Contains(head[446 + 4], new byte[] { 0x83, 0x07 }); // Linux, NTFS
            }
            var footer = new byte[512];
            reader.Read(reader.Length - 512, footer);
            AssertFixedVhdFooter(footer, disk.SizeBytes);
            await f.Connector.RevokeSnapshotReadAsync(cred, snap.Id);
        }
        finally
        {
            await f.Connector.DeleteSnapshotAsync(cred, snap.Id);
        }
    }

    /// <summary>The footer checked against the VHD specification, independently of the simulator's code.</summary>
    private static void AssertFixedVhdFooter(byte[] footer, long diskSize)
    {
        Assert.Equal("conectix", Encoding.ASCII.GetString(footer, 0, 8));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(footer.AsSpan(60))); // fixed disk
        Assert.Equal((ulong)diskSize, BinaryPrimitives.ReadUInt64BigEndian(footer.AsSpan(48)));
        uint sum = 0;
        for (var i = 0; i < 512; i++) if (i is < 64 or > 67) sum += footer[i];
        Assert.Equal(~sum, BinaryPrimitives.ReadUInt32BigEndian(footer.AsSpan(64)));
    }

    [Fact]
    public async Task Sweeper_list_finds_only_snapshots_with_the_tag_across_pages()
    {
        var cred = f.Credential(SimFixture.Responder);
        var disk = await OsDisk(DataRg, "mongo-eus-02");
        var made = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var tags = i < 2 ? new Dictionary<string, string> { ["security-portal-scan"] = $"s{i}" } : new Dictionary<string, string> { ["owner"] = "dba-team" };
            var s = await f.Connector.CreateSnapshotAsync(cred, new SnapshotCreateSpec(Sub, DataRg, $"sweep-test-{i}", disk.Location, disk.DiskId, tags));
            Assert.True(s.IsSuccess, s.IsSuccess ? "" : s.Error.Message);
            made.Add(s.Value.Id);
        }
        var pageSize = f.Host.State.PageSize;
        f.Host.State.PageSize = 1; // every snapshot on its own page: the list must follow nextLink
        try
        {
            var found = await f.Connector.ListSnapshotsByTagAsync(cred, Sub, "security-portal-scan");
            Assert.True(found.IsSuccess, found.IsSuccess ? "" : found.Error.Message);
            Assert.Equal(["sweep-test-0", "sweep-test-1"], found.Value.Select(s => s.Name).OrderBy(n => n).ToArray());
            Assert.All(found.Value, s => Assert.NotNull(s.TimeCreated));
        }
        finally
        {
            f.Host.State.PageSize = pageSize;
        }
        foreach (var id in made) Assert.True((await f.Connector.DeleteSnapshotAsync(cred, id)).IsSuccess);
        var none = await f.Connector.ListSnapshotsByTagAsync(cred, Sub, "security-portal-scan");
        Assert.Empty(none.Value);
    }

    [Fact]
    public async Task Custom_images_are_listed_with_their_sources()
    {
        var images = await f.Connector.ListCustomImagesAsync(f.Credential(SimFixture.Reader), Sub);
        Assert.True(images.IsSuccess, images.IsSuccess ? "" : images.Error.Message);
        var golden = $"/subscriptions/{Sub}/resourceGroups/rg-shared-eus/providers/Microsoft.Compute/snapshots/snap-golden-web-ubuntu2204";
        var managed = Assert.Single(images.Value, i => i.Kind == "ManagedImage");
        Assert.Equal("img-golden-web-2024-09", managed.Name);
        Assert.Equal("Linux", managed.OsType);
        Assert.Equal("rg-shared-eus", managed.ResourceGroup);
        var src = Assert.Single(managed.Sources);
        Assert.True(src.IsOsDisk);
        Assert.Equal(golden, src.SourceResourceId, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(30L * 1024 * 1024 * 1024, src.SizeBytes);
        var versions = images.Value.Where(i => i.Kind == "GalleryImageVersion").OrderBy(i => i.Name).ToList();
        Assert.Equal(["web-ubuntu/1.0.0", "web-ubuntu/1.1.0"], versions.Select(v => v.Name).ToArray());
        // 1.0.0 from the snapshot, 1.1.0 from the managed image (whose disk is the same snapshot)
        Assert.All(versions, v => Assert.Equal(golden, Assert.Single(v.Sources).SourceResourceId, StringComparer.OrdinalIgnoreCase));
        Assert.All(versions, v => Assert.Equal("Linux", v.OsType));
    }

    [Fact]
    public async Task Errors_are_translated_with_meaning_and_the_missing_action()
    {
        var disk = await OsDisk(DataRg, "mongo-eus-01");
        var reader = await f.Connector.CreateSnapshotAsync(f.Credential(SimFixture.Reader), new SnapshotCreateSpec(Sub, DataRg, "reader-snap", disk.Location, disk.DiskId, new Dictionary<string, string>()));
        Assert.Equal(CloudErrorCodes.AuthorizationFailed, reader.Error.Code);
        Assert.Contains("Microsoft.Compute/snapshots/write", reader.Error.Message);
        Assert.Contains("Disk Snapshot Contributor", reader.Error.Fix);
        Assert.Equal(403, reader.Error.HttpStatus);

        var grant = await f.Connector.GrantSnapshotReadAsync(f.Credential(SimFixture.Reader),
            $"/subscriptions/{Sub}/resourceGroups/{DataRg}/providers/Microsoft.Compute/snapshots/snap-sqlvm-eus-01-predeploy", TimeSpan.FromMinutes(5));
        Assert.Equal(CloudErrorCodes.AuthorizationFailed, grant.Error.Code);
        Assert.Contains("Microsoft.Compute/snapshots/beginGetAccess/action", grant.Error.Message);

        var responder = f.Credential(SimFixture.Responder);
        var noDisk = await f.Connector.CreateSnapshotAsync(responder, new SnapshotCreateSpec(Sub, DataRg, "no-source", "eastus",
            $"/subscriptions/{Sub}/resourceGroups/{DataRg}/providers/Microsoft.Compute/disks/no-such-disk", new Dictionary<string, string>()));
        Assert.Equal(CloudErrorCodes.ResourceNotFound, noDisk.Error.Code);
        var wrongRegion = await f.Connector.CreateSnapshotAsync(responder, new SnapshotCreateSpec(Sub, DataRg, "wrong-region", "westeurope", disk.DiskId, new Dictionary<string, string>()));
        Assert.Equal("InvalidParameter", wrongRegion.Error.Code);
        Assert.Contains("same region", wrongRegion.Error.Fix);
        var badName = await f.Connector.CreateSnapshotAsync(responder, new SnapshotCreateSpec(Sub, DataRg, "bad/name", "eastus", disk.DiskId, new Dictionary<string, string>()));
        Assert.Equal(CloudErrorCodes.InvalidInput, badName.Error.Code);
        var badDuration = await f.Connector.GrantSnapshotReadAsync(responder, $"/subscriptions/{Sub}/resourceGroups/{DataRg}/providers/Microsoft.Compute/snapshots/x", TimeSpan.Zero);
        Assert.Equal(CloudErrorCodes.InvalidInput, badDuration.Error.Code);

        // the reader factory only takes an HTTPS SAS URL
        using var factory = Factory();
        var opened = await factory.OpenAsync(new DiskAccessGrant(new Uri("http://127.0.0.1/x?sig=1"), DateTimeOffset.UtcNow));
        Assert.Equal(CloudErrorCodes.InvalidInput, opened.Error.Code);
    }

    [Fact]
    public async Task Throttled_snapshot_writes_are_retried_after_Retry_After()
    {
        var cred = f.Credential(SimFixture.Responder);
        var disk = await OsDisk(DataRg, "mongo-eus-02");
        f.Host.State.ThrottleNext(1, "/snapshots/throttled-snap");
        var before = f.Connector.Metrics.ThrottledResponses;
        var s = await f.Connector.CreateSnapshotAsync(cred, new SnapshotCreateSpec(Sub, DataRg, "throttled-snap", disk.Location, disk.DiskId, new Dictionary<string, string>()));
        Assert.True(s.IsSuccess, s.IsSuccess ? "" : s.Error.Message);
        Assert.Equal(before + 1, f.Connector.Metrics.ThrottledResponses);
        // every retry throttled: the error says so, transient
        f.Host.State.ThrottleNext(10, "/snapshots/throttled-snap/beginGetAccess");
        var g = await f.Connector.GrantSnapshotReadAsync(cred, s.Value.Id, TimeSpan.FromMinutes(5));
        Assert.Equal(CloudErrorCodes.Throttled, g.Error.Code);
        Assert.True(g.Error.IsTransient);
        f.Host.State.ClearQueuedFaults();
        Assert.True((await f.Connector.DeleteSnapshotAsync(cred, s.Value.Id)).IsSuccess);
    }

    [Fact]
    public async Task Blob_server_errors_are_retried_then_reported()
    {
        var cred = f.Credential(SimFixture.Responder);
        var disk = await OsDisk("rg-prod-app-eus", "app-eus-03");
        var snap = (await f.Connector.CreateSnapshotAsync(cred, new SnapshotCreateSpec(Sub, "rg-prod-app-eus", "blob-faults", disk.Location, disk.DiskId, new Dictionary<string, string>()))).Value;
        try
        {
            var grant = (await f.Connector.GrantSnapshotReadAsync(cred, snap.Id, TimeSpan.FromMinutes(5))).Value;
            using var factory = Factory();
            using var reader = (await factory.OpenAsync(grant)).Value;
            var account = grant.SasUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[0];
            var sector = new byte[512];
            f.Host.State.FailNext(1, 500, "/" + account + "/");
            Assert.Equal(512, reader.Read(0, sector)); // one 500, retried by the blob client
            Assert.Equal(0x55, sector[510]);
            f.Host.State.FailNext(10, 503, "/" + account + "/");
            var ex = Assert.Throws<DiskReadException>(() => reader.Read(64L * 1024 * 1024, sector));
            Assert.Equal(CloudErrorCodes.ServiceUnavailable, ((BlobSnapshotReader)reader).LastError!.Code);
            Assert.Equal("ServerBusy", ((BlobSnapshotReader)reader).LastError!.AzureCode);
            Assert.Contains("ServiceUnavailable", ex.Message);
        }
        finally
        {
            f.Host.State.ClearQueuedFaults();
            await f.Connector.RevokeSnapshotReadAsync(cred, snap.Id);
            await f.Connector.DeleteSnapshotAsync(cred, snap.Id);
        }
    }

    [Fact]
    public async Task No_sas_url_reaches_the_sdk_logs()
    {
        var lines = new ConcurrentQueue<string>();
        using var listener = new AzureEventSourceListener((e, message) => lines.Enqueue(message + " " + string.Join(" ", e.Payload ?? [])), EventLevel.Verbose);
        var cred = f.Credential(SimFixture.Responder);
        var disk = await OsDisk(DataRg, "mongo-eus-03");
        Plant(disk.DiskId, 600_000, 21, out _);
        var snap = (await f.Connector.CreateSnapshotAsync(cred, new SnapshotCreateSpec(Sub, DataRg, "log-test", disk.Location, disk.DiskId, new Dictionary<string, string>()))).Value;
        var grant = (await f.Connector.GrantSnapshotReadAsync(cred, snap.Id, TimeSpan.FromMinutes(10))).Value;
        using var factory = Factory();
        using (var reader = (await factory.OpenAsync(grant)).Value)
            reader.Read(0, new byte[4096]);
        await f.Connector.RevokeSnapshotReadAsync(cred, snap.Id);
        var refused = await factory.OpenAsync(grant);
        Assert.Equal(CloudErrorCodes.SnapshotAccessRefused, refused.Error.Code);
        await f.Connector.DeleteSnapshotAsync(cred, snap.Id);

        var sig = System.Web.HttpUtility.ParseQueryString(grant.SasUrl.Query)["sig"]!;
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains(grant.SasUrl.AbsolutePath, StringComparison.Ordinal)); // the blob requests were logged...
        Assert.DoesNotContain(lines, l => l.Contains(sig, StringComparison.Ordinal) || l.Contains(Uri.EscapeDataString(sig), StringComparison.Ordinal)); // ...without the signature
        Assert.DoesNotContain(lines, l => l.Contains("accessSAS", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>The demo seed with an unmanaged OS disk on one VM and a planted image file (seed option osDiskContent) on another.</summary>
public sealed class SeedOptionsSimFixture : SimFixture
{
    private string? _seedPath;
    public string ImagePath { get; } = Path.Combine(Path.GetTempPath(), $"portal-azure-seed-image-{Guid.NewGuid():N}.img");
    public byte[] Image { get; } = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();

    protected override AzureSim.AzureSimOptions SimOptions => new() { Seed = _seedPath!, RandomSeed = 5 };

    public override async Task InitializeAsync()
    {
        await File.WriteAllBytesAsync(ImagePath, Image);
        var doc = AzureSim.Seeds.SeedLoader.Resolve("demo");
        doc.Vms.Single(v => v.Name == "legacy-ftp-uks-01").UnmanagedOsDisk = true;
        doc.Vms.Single(v => v.Name == "dev-wus2-01").OsDiskContent = ImagePath;
        _seedPath = Path.Combine(Path.GetTempPath(), $"portal-azure-tests-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(_seedPath, System.Text.Json.JsonSerializer.Serialize(doc, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_seedPath != null) File.Delete(_seedPath);
        File.Delete(ImagePath);
    }
}

public class AgentlessSeedOptionTests(SeedOptionsSimFixture f) : IClassFixture<SeedOptionsSimFixture>
{
    [Fact]
    public async Task An_unmanaged_os_disk_is_reported_with_its_vhd_uri()
    {
        var vmId = $"/subscriptions/{f.SubscriptionId}/resourceGroups/rg-legacy-uks/providers/Microsoft.Compute/virtualMachines/legacy-ftp-uks-01";
        var disks = await f.Connector.ListVmDisksAsync(f.Credential(SimFixture.Reader), vmId);
        Assert.True(disks.IsSuccess, disks.IsSuccess ? "" : disks.Error.Message);
        var os = Assert.Single(disks.Value);
        Assert.False(os.Managed);
        Assert.StartsWith("https://strglegacyuksvhds.blob.core.windows.net/vhds/", os.DiskId);
        Assert.EndsWith(".vhd", os.DiskId);
        Assert.Equal(127L * 1024 * 1024 * 1024, os.SizeBytes);
    }

    [Fact]
    public async Task A_seeded_image_file_is_what_the_disk_export_serves()
    {
        var cred = f.Credential(SimFixture.Responder);
        var vmId = $"/subscriptions/{f.SubscriptionId}/resourceGroups/rg-dev-wus2/providers/Microsoft.Compute/virtualMachines/dev-wus2-01";
        var disk = (await f.Connector.ListVmDisksAsync(cred, vmId)).Value.Single(d => d.IsOsDisk);
        var snap = (await f.Connector.CreateSnapshotAsync(cred, new SnapshotCreateSpec(f.SubscriptionId, "rg-dev-wus2", "seeded-image", disk.Location, disk.DiskId, new Dictionary<string, string>()))).Value;
        var grant = (await f.Connector.GrantSnapshotReadAsync(cred, snap.Id, TimeSpan.FromMinutes(5))).Value;
        var o = new AzureConnectorOptions();
        o.EndpointOverrides[CloudKind.AzurePublic] = SimFixture.Endpoints(f.Host);
        using var factory = new BlobSnapshotReaderFactory(o);
        using var reader = (await factory.OpenAsync(grant)).Value;
        var buf = new byte[f.Image.Length + 16];
        reader.Read(0, buf);
        Assert.Equal(f.Image, buf[..f.Image.Length]);
        Assert.All(buf[f.Image.Length..], b => Assert.Equal(0, b));
        await f.Connector.RevokeSnapshotReadAsync(cred, snap.Id);
        await f.Connector.DeleteSnapshotAsync(cred, snap.Id);
    }
}
