using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Azure.ResourceManager.Resources;

namespace AzureSim.Tests;

/// <summary>
/// Disk export as Azure Storage serves it: snapshot (Copy) → beginGetAccess → a SAS URL to a page blob on the simulator's
/// blob port (IP-style, as Azurite) → ranged GET / HEAD / 416 / 403 AuthenticationFailed after revoke, expiry or tampering.
/// The blob is the disk as a fixed VHD: the content image, zeros up to the provisioned size, and a valid conectix footer.
/// </summary>
public class DiskExportTests(SimFixture f) : IClassFixture<SimFixture>
{
    private const string Api = "2025-01-02";
    private const string Rg = "rg-prod-data-eus";

    private HttpClient Blob() => new(f.Host.CreateTrustingHandler()) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A snapshot of mongo-eus-01's OS disk whose content is <paramref name="image"/> and whose size is shrunk to <paramref name="size"/> bytes.</summary>
    private async Task<(string SnapId, string Sas)> SnapshotWithContent(string name, byte[] image, long size, int seconds = 600)
    {
        var p = f.Pipeline(SimFixture.Responder);
        var disk = f.Host.State.ListResources("Microsoft.Compute/disks").Single(d => ((string)d["name"]!).StartsWith("mongo-eus-01_OsDisk"));
        var diskId = (string)disk["id"]!;
        var file = Path.Combine(Path.GetTempPath(), $"azsim-test-{Guid.NewGuid():N}.img");
        await File.WriteAllBytesAsync(file, image);
        f.Host.State.DiskContents.Set(diskId, file);
        var snapId = $"{f.RgId(Rg)}/providers/Microsoft.Compute/snapshots/{name}";
        var put = await f.SendAsync(p, "PUT", $"{snapId}?api-version={Api}",
            $"{{\"location\":\"eastus\",\"tags\":{{\"purpose\":\"test\"}},\"properties\":{{\"creationData\":{{\"createOption\":\"Copy\",\"sourceResourceId\":\"{diskId}\"}}}}}}");
        Assert.Equal(202, put.Status);
        // shrink the provisioned size so a whole-blob GET stays small
        var snap = f.Host.State.GetResource(snapId)!;
        snap["properties"]!["diskSizeBytes"] = size;
        f.Host.State.PutResource(snap);
        var grant = await f.SendAsync(p, "POST", $"{snapId}/beginGetAccess?api-version={Api}", $"{{\"access\":\"Read\",\"durationInSeconds\":{seconds}}}");
        Assert.Equal(202, grant.Status);
        var loc = grant.Raw.Headers.TryGetValue("Location", out var l) ? l : throw new Xunit.Sdk.XunitException("no Location");
        var result = await f.SendAsync(p, "GET", new Uri(loc!).PathAndQuery);
        Assert.Equal(200, result.Status);
        return (snapId, (string)result.Body!["accessSAS"]!);
    }

    private static byte[] Pattern(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    [Fact]
    public async Task Sas_url_is_ip_style_on_the_blob_port_and_serves_the_disk_as_a_fixed_vhd()
    {
        var image = Pattern(3 * 1024 * 1024 + 123, 1);
        const long size = 8L * 1024 * 1024;
        var (snapId, sas) = await SnapshotWithContent("export-vhd", image, size);
        var url = new Uri(sas);
        Assert.Equal("127.0.0.1", url.Host);
        Assert.Equal(f.Host.BlobEndpoint.Port, url.Port);
        Assert.NotEqual(f.Host.ArmEndpoint.Port, url.Port);
        var segs = url.AbsolutePath.Trim('/').Split('/');
        Assert.Equal(3, segs.Length);
        Assert.StartsWith("md-", segs[0]);
        foreach (var k in new[] { "sv=", "sr=b", "sp=r", "se=", "sig=" }) Assert.Contains(k, url.Query);

        using var http = Blob();
        // HEAD: the length of the VHD (disk + footer), page blob headers, no body
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(size + 512, head.Content.Headers.ContentLength);
        Assert.Equal("PageBlob", head.Headers.GetValues("x-ms-blob-type").Single());
        Assert.Equal("bytes", head.Headers.AcceptRanges.Single());
        Assert.NotNull(head.Headers.ETag);

        // ranged GET inside the image: 206 with Content-Range and the image's bytes
        var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.Add("x-ms-range", "bytes=1000-525287");
        req.Headers.Add("x-ms-version", "2025-11-05");
        using var part = await http.SendAsync(req);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 1000-525287/{size + 512}", part.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal("2025-11-05", part.Headers.GetValues("x-ms-version").Single());
        Assert.Equal("PageBlob", part.Headers.GetValues("x-ms-blob-type").Single());
        Assert.Equal(image.AsSpan(1000, 524288).ToArray(), await part.Content.ReadAsByteArrayAsync());

        // a range across the end of the image reads the image, then zeros (bytes beyond the content are never stored)
        var across = new HttpRequestMessage(HttpMethod.Get, url);
        across.Headers.Range = new RangeHeaderValue(image.Length - 10, image.Length + 9);
        var bytes = await (await http.SendAsync(across)).Content.ReadAsByteArrayAsync();
        Assert.Equal(image.AsSpan(image.Length - 10).ToArray(), bytes[..10]);
        Assert.All(bytes[10..], b => Assert.Equal(0, b));

        // a whole GET: 200, the full VHD, ending in a footer a VHD reader accepts
        using var whole = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        var all = await whole.Content.ReadAsByteArrayAsync();
        Assert.Equal(size + 512, all.Length);
        Assert.Equal(image, all[..image.Length]);
        Assert.True(all.AsSpan(image.Length, (int)size - image.Length).IndexOfAnyExcept((byte)0) < 0);
        AssertValidFixedVhdFooter(all.AsSpan((int)size), size);

        // past the end: 416 InvalidRange
        var past = new HttpRequestMessage(HttpMethod.Get, url);
        past.Headers.Add("x-ms-range", $"bytes={size + 512}-{size + 1024}");
        using var r416 = await http.SendAsync(past);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, r416.StatusCode);
        Assert.Equal("InvalidRange", r416.Headers.GetValues("x-ms-error-code").Single());
        Assert.Equal($"bytes */{size + 512}", r416.Content.Headers.GetValues("Content-Range").Single());

        await Revoke(snapId);
    }

    /// <summary>The footer, checked field by field against the VHD specification (independent of the simulator's code).</summary>
    internal static void AssertValidFixedVhdFooter(ReadOnlySpan<byte> footer, long diskSize)
    {
        Assert.Equal(512, footer.Length);
        Assert.Equal("conectix", Encoding.ASCII.GetString(footer[..8]));
        Assert.Equal(0x00010000u, BinaryPrimitives.ReadUInt32BigEndian(footer[12..]));
        Assert.Equal(ulong.MaxValue, BinaryPrimitives.ReadUInt64BigEndian(footer[16..]));
        Assert.Equal((ulong)diskSize, BinaryPrimitives.ReadUInt64BigEndian(footer[48..]));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(footer[60..])); // fixed
        uint sum = 0;
        for (var i = 0; i < 512; i++) if (i < 64 || i > 67) sum += footer[i];
        Assert.Equal(~sum, BinaryPrimitives.ReadUInt32BigEndian(footer[64..]));
        // geometry: C*H*S sectors cover at most the disk
        var c = BinaryPrimitives.ReadUInt16BigEndian(footer[56..]);
        var h = footer[58];
        var s = footer[59];
        Assert.True(c > 0 && h > 0 && s > 0);
        Assert.True((long)c * h * s * 512 <= diskSize);
    }

    private async Task Revoke(string snapId)
    {
        var end = await f.SendAsync(f.Pipeline(SimFixture.Responder), "POST", $"{snapId}/endGetAccess?api-version={Api}");
        Assert.Equal(202, end.Status);
    }

    private static async Task AssertAuthenticationFailed(HttpResponseMessage r, string detailContains)
    {
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal("AuthenticationFailed", r.Headers.GetValues("x-ms-error-code").Single());
        var xml = XDocument.Parse((await r.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.Equal("AuthenticationFailed", xml.Root!.Element("Code")!.Value);
        Assert.StartsWith("Server failed to authenticate the request.", xml.Root.Element("Message")!.Value);
        Assert.Contains(detailContains, xml.Root.Element("AuthenticationErrorDetail")!.Value);
    }

    [Fact]
    public async Task Revoked_tampered_and_expired_signatures_answer_403_AuthenticationFailed()
    {
        var (snapId, sas) = await SnapshotWithContent("export-403", Pattern(4096, 2), 1024 * 1024);
        using var http = Blob();
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, sas))).StatusCode);

        // tampered: another signature, a longer expiry, write permission
        var sig = System.Web.HttpUtility.ParseQueryString(new Uri(sas).Query)["sig"]!;
        var forged = sas.Replace(Uri.EscapeDataString(sig), Uri.EscapeDataString(Convert.ToBase64String(new byte[32])));
        await AssertAuthenticationFailed(await http.GetAsync(forged), "Signature did not match");
        var longer = System.Text.RegularExpressions.Regex.Replace(sas, "se=[^&]+", "se=2099-01-01T00:00:00Z");
        await AssertAuthenticationFailed(await http.GetAsync(longer), "Signature did not match");
        await AssertAuthenticationFailed(await http.GetAsync(sas.Replace("sp=r", "sp=rw")), "Signature did not match");
        // HEAD carries the code in x-ms-error-code only
        using var headForged = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, forged));
        Assert.Equal(HttpStatusCode.Forbidden, headForged.StatusCode);
        Assert.Equal("AuthenticationFailed", headForged.Headers.GetValues("x-ms-error-code").Single());
        // no SAS at all: the export container is private
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(sas.Split('?')[0])).StatusCode);
        // a write through a read SAS
        using var put = await http.PutAsync(sas, new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("AuthorizationPermissionMismatch", put.Headers.GetValues("x-ms-error-code").Single());

        // endGetAccess revokes: the same URL stops working, and the snapshot leaves ActiveSAS
        await Revoke(snapId);
        await AssertAuthenticationFailed(await http.GetAsync(sas), "revoked");
        Assert.Equal("Unattached", (string?)f.Host.State.GetResource(snapId)!["properties"]!["diskState"]);

        // expiry: a 1-second grant fails once it has passed
        var (snap2, shortSas) = await SnapshotWithContent("export-expiry", Pattern(4096, 3), 1024 * 1024, seconds: 1);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, shortSas))).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        await AssertAuthenticationFailed(await http.GetAsync(shortSas), "Signature not valid in the specified time frame");

        // deleting a snapshot takes its export with it
        var (snap3, liveSas) = await SnapshotWithContent("export-delete", Pattern(4096, 4), 1024 * 1024);
        var del = await f.SendAsync(f.Pipeline(SimFixture.Responder), "DELETE", $"{snap3}?api-version={Api}");
        Assert.True(del.Status is 200 or 202);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(liveSas)).StatusCode);
        await Revoke(snap2);
    }

    [Fact]
    public async Task Sdk_lifecycle_copies_content_from_disk_and_from_snapshot()
    {
        var arm = f.Arm(SimFixture.Responder);
        var sub = await arm.GetDefaultSubscriptionAsync();
        ResourceGroupResource rg = await sub.GetResourceGroupAsync(Rg);
        var image = Pattern(70000, 5);
        var file = Path.Combine(Path.GetTempPath(), $"azsim-test-{Guid.NewGuid():N}.img");
        await File.WriteAllBytesAsync(file, image);
        // planted through the documented admin endpoint
        var disk = f.Host.State.ListResources("Microsoft.Compute/disks").Single(d => ((string)d["name"]!).StartsWith("mongo-eus-02_OsDisk"));
        using (var admin = Blob())
        {
            var r = await admin.PostAsync(new Uri(f.Host.ArmEndpoint, "/_sim/disks/content"),
                new StringContent(new JsonObject { ["resourceId"] = (string)disk["id"]!, ["path"] = file }.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(image.Length, (long)JsonNode.Parse(await r.Content.ReadAsStringAsync())!["imageBytes"]!);
            var bad = await admin.PostAsync(new Uri(f.Host.ArmEndpoint, "/_sim/disks/content"),
                new StringContent(new JsonObject { ["resourceId"] = (string)disk["id"]!, ["path"] = "/nonexistent/x.img" }.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        var first = (await rg.GetSnapshots().CreateOrUpdateAsync(WaitUntil.Completed, "copy-of-disk",
            new SnapshotData(new AzureLocation("eastus")) { CreationData = new DiskCreationData(DiskCreateOption.Copy) { SourceResourceId = new ResourceIdentifier((string)disk["id"]!) } })).Value;
        var second = (await rg.GetSnapshots().CreateOrUpdateAsync(WaitUntil.Completed, "copy-of-snapshot",
            new SnapshotData(new AzureLocation("eastus")) { CreationData = new DiskCreationData(DiskCreateOption.Copy) { SourceResourceId = first.Id } })).Value;
        var grant = await second.GrantAccessAsync(WaitUntil.Completed, new GrantAccessData(AccessLevel.Read, 300));
        using var http = Blob();
        var req = new HttpRequestMessage(HttpMethod.Get, grant.Value.AccessSas);
        req.Headers.Add("x-ms-range", "bytes=0-69999");
        Assert.Equal(image, await (await http.SendAsync(req)).Content.ReadAsByteArrayAsync());
        await second.RevokeAccessAsync(WaitUntil.Completed);
        await second.DeleteAsync(WaitUntil.Completed);
        await first.DeleteAsync(WaitUntil.Completed);
        Assert.False((await rg.GetSnapshots().ExistsAsync("copy-of-snapshot")).Value);
    }

    [Fact]
    public async Task Reader_cannot_grant_access_or_delete_and_the_missing_action_is_named()
    {
        var reader = f.Pipeline(SimFixture.Reader);
        var snap = $"{f.RgId(Rg)}/providers/Microsoft.Compute/snapshots/snap-sqlvm-eus-01-predeploy";
        var grant = await f.SendAsync(reader, "POST", $"{snap}/beginGetAccess?api-version={Api}", "{\"access\":\"Read\",\"durationInSeconds\":60}");
        Assert.Equal(403, grant.Status);
        Assert.Equal("AuthorizationFailed", (string?)grant.Body!["error"]!["code"]);
        Assert.Contains("Microsoft.Compute/snapshots/beginGetAccess/action", (string?)grant.Body["error"]!["message"]);
        var del = await f.SendAsync(reader, "DELETE", $"{snap}?api-version={Api}");
        Assert.Equal(403, del.Status);
        Assert.Contains("Microsoft.Compute/snapshots/delete", (string?)del.Body!["error"]!["message"]);
        // the least-privilege responder role has no snapshot actions at all
        var lp = await f.SendAsync(f.Pipeline(SimFixture.LeastPriv), "PUT", $"{f.RgId(Rg)}/providers/Microsoft.Compute/snapshots/lp-snap?api-version={Api}",
            "{\"location\":\"eastus\",\"properties\":{\"creationData\":{\"createOption\":\"Copy\",\"sourceResourceId\":\"" + f.RgId(Rg) + "/providers/Microsoft.Compute/disks/sqlvm-eus-01_DataDisk_0\"}}}");
        Assert.Equal(403, lp.Status);
        Assert.Contains("Microsoft.Compute/snapshots/write", (string?)lp.Body!["error"]!["message"]);
    }

    [Fact]
    public async Task Custom_images_and_gallery_versions_name_their_source_snapshot()
    {
        var sub = await f.Arm(SimFixture.Reader).GetDefaultSubscriptionAsync();
        var images = new List<DiskImageResource>();
        await foreach (var i in sub.GetDiskImagesAsync()) images.Add(i);
        var golden = Assert.Single(images, i => i.Data.Name == "img-golden-web-2024-09");
        Assert.EndsWith("/snapshots/snap-golden-web-ubuntu2204", golden.Data.StorageProfile.OSDisk.SnapshotId?.ToString());
        var galleries = new List<GalleryResource>();
        await foreach (var g in sub.GetGalleriesAsync()) galleries.Add(g);
        var gallery = Assert.Single(galleries, g => g.Data.Name == "galFabrikamImages");
        var defs = new List<GalleryImageResource>();
        await foreach (var d in gallery.GetGalleryImages().GetAllAsync()) defs.Add(d);
        var def = Assert.Single(defs);
        var versions = new List<GalleryImageVersionResource>();
        await foreach (var v in def.GetGalleryImageVersions().GetAllAsync()) versions.Add(v);
        Assert.Equal(["1.0.0", "1.1.0"], versions.Select(v => v.Data.Name).OrderBy(n => n).ToArray());
        var v1 = versions.Single(v => v.Data.Name == "1.0.0");
        Assert.EndsWith("/snapshots/snap-golden-web-ubuntu2204", v1.Data.StorageProfile.OSDiskImage.Source.Id?.ToString());
    }

    /// <summary>An ADE disk against the official Disk_Get example, whose disk has encryptionSettingsCollection (the conformance
    /// case replays Disk_Get on a disk without it).</summary>
    [Fact]
    public async Task Ade_disk_matches_the_official_Disk_Get_example_including_encryption_settings()
    {
        var example = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(ConformanceTests.ExamplesDir(), "compute", "Disk_Get.json")))!;
        var vm = f.Host.State.ListResources("Microsoft.Compute/virtualMachines").Single(v => (string?)v["name"] == "app-eus-05");
        var diskId = (string)vm["properties"]!["storageProfile"]!["osDisk"]!["managedDisk"]!["id"]!;
        var got = await f.SendAsync(f.Pipeline(SimFixture.Reader), "GET", $"{diskId}?api-version={Api}");
        Assert.Equal(200, got.Status);
        var problems = new List<string>();
        ConformanceTests.CompareShape(example["responses"]!["200"]!["body"], got.Body, "", problems, ["properties.purchasePlan"]);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.NotNull(got.Body!["properties"]!["encryptionSettingsCollection"]!["encryptionSettings"]![0]!["diskEncryptionKey"]!["secretUrl"]);
    }

    [Fact]
    public async Task Skip_relevant_disk_properties_are_seeded()
    {
        var arm = f.Arm(SimFixture.Reader);
        var rgId = ResourceGroupResource.CreateResourceIdentifier(f.Sub, "rg-prod-data-eus");
        ManagedDiskResource ultra = await arm.GetManagedDiskResource(new ResourceIdentifier($"{rgId}/providers/Microsoft.Compute/disks/sqlvm-eus-01_DataDisk_0")).GetAsync();
        Assert.Equal(DiskStorageAccountType.UltraSsdLrs, ultra.Data.Sku.Name);
        ManagedDiskResource v2 = await arm.GetManagedDiskResource(new ResourceIdentifier($"{rgId}/providers/Microsoft.Compute/disks/mongo-eus-03_DataDisk_0")).GetAsync();
        Assert.Equal(DiskStorageAccountType.PremiumV2Lrs, v2.Data.Sku.Name);
        var app = ResourceGroupResource.CreateResourceIdentifier(f.Sub, "rg-prod-app-eus");
        VirtualMachineResource vm = await arm.GetVirtualMachineResource(new ResourceIdentifier($"{app}/providers/Microsoft.Compute/virtualMachines/app-eus-05")).GetAsync();
        Assert.True(vm.Data.StorageProfile.OSDisk.EncryptionSettings.Enabled);
        ManagedDiskResource ade = await arm.GetManagedDiskResource(vm.Data.StorageProfile.OSDisk.ManagedDisk.Id).GetAsync();
        Assert.True(ade.Data.EncryptionSettingsGroup.Enabled);
    }
}

/// <summary>Seeds/README.md "Disk contents" against a simulator no test has planted content on.</summary>
public class DiskContentsReadmeTests(SimFixture f) : IClassFixture<SimFixture>
{
    /// <summary>The "Disk contents" tables of Seeds/README.md are what the demo seed gives each VM's OS disk.</summary>
    [Fact]
    public void Readme_disk_contents_match_the_seed()
    {
        var lines = File.ReadAllLines(SeedReadmeTests.ReadmePath());
        var section = lines.SkipWhile(l => l != "## Disk contents").TakeWhile((l, i) => i == 0 || !l.StartsWith("## ")).ToList();
        var planted = section.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\| ([a-z0-9-]+) \| `([a-z0-9-]+)` \|")).Where(m => m.Success)
            .Where(m => f.Host.State.ListResources("Microsoft.Compute/virtualMachines").Any(v => (string?)v["name"] == m.Groups[1].Value))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        Assert.Equal(["app-eus-01", "dev-wus2-05", "jump-eus-01", "web-eus-01"], planted.Keys.Order().ToArray());
        foreach (var vm in f.Host.State.ListResources("Microsoft.Compute/virtualMachines"))
        {
            var name = (string)vm["name"]!;
            var osDiskId = (string)vm["properties"]!["storageProfile"]!["osDisk"]!["managedDisk"]!["id"]!;
            var sku = (string?)vm["properties"]!["storageProfile"]!["imageReference"]!["sku"] ?? "";
            var isWin = (string?)vm["properties"]!["storageProfile"]!["osDisk"]!["osType"] == "Windows";
            var expected = planted.TryGetValue(name, out var p) ? p
                : isWin ? "win2022"
                : sku.StartsWith("20_04") ? "ubuntu2004" : sku.StartsWith("12") ? "debian12" : sku.StartsWith("9-lvm") ? "rhel9" : "ubuntu2204";
            Assert.Equal("builtin:" + expected, f.Host.State.DiskContents.Get(osDiskId)?.Name);
        }
    }
}
