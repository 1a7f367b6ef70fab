using System.Net;
using Portal.DiskImages;
using Portal.Domain.Accounts;
using Portal.Domain.Agentless;
using Portal.Domain.Cloud;

namespace Portal.Agentless.Tests;

/// <summary>
/// Scans end to end: the real connector over HTTPS against AzureSim (snapshot, beginGetAccess, ranged reads of the SAS URL
/// through Azure.Storage.Blobs, endGetAccess, delete), the real disk-image readers, SQLite. Failures are injected only by
/// wrappers around the real connector or reader factory.
/// </summary>
[Collection(SimCollection.Name)]
public class ScanTests(AgentlessFixture f)
{
    private const string WebRg = "rg-prod-web-eus";
    private const string AppRg = "rg-prod-app-eus";

    private static void AssertEveryVolumeAccounted(AgentlessScanDetail d)
    {
        foreach (var t in d.Targets)
        {
            Assert.True(t.State.IsFinal(), $"{t.Name} is {t.State}");
            if (t.State == AgentlessScanState.Skipped) Assert.False(string.IsNullOrWhiteSpace(t.SkipReason), $"{t.Name} skipped without a reason");
            foreach (var disk in d.DisksOf(t.Id))
            {
                Assert.True(disk.State is AgentlessScanState.Done or AgentlessScanState.Skipped,
                    $"{t.Name}/{disk.Name} is {disk.State}: {disk.ErrorCode} {disk.ErrorMessage}");
                Assert.True(disk.SnapshotDeleted, $"{t.Name}/{disk.Name}: snapshot not deleted");
                Assert.Null(disk.ActiveKey);
                if (disk.State == AgentlessScanState.Skipped) { Assert.False(string.IsNullOrWhiteSpace(disk.SkipReason)); continue; }
                var volumes = d.VolumesOf(disk.Id).ToList();
                Assert.NotEmpty(volumes);
                Assert.All(volumes, v => Assert.True(v.Read || !string.IsNullOrWhiteSpace(v.SkipReason), $"{t.Name}/{disk.Name} volume {v.Index}: neither read nor a reason"));
            }
        }
    }

    [Fact]
    public async Task A_scan_of_every_demo_vm_reads_or_skips_every_partition_with_its_reason_and_leaves_no_snapshot()
    {
        await using var s = await f.Build();
        await s.AccountAsync();
        var web = await s.OsDiskIdAsync(WebRg, "web-eus-01");
        var stopped = await s.OsDiskIdAsync(AppRg, "app-eus-08");
        f.Sim.State.DiskContents.Set(web, f.MbrImage);
        f.Sim.State.DiskContents.Set(stopped, f.Ext4Image);
        try
        {
            var d = await s.ScanAsync(timeout: TimeSpan.FromMinutes(8));

            Assert.Equal(AgentlessScanState.Done, d.Scan.State);
            Assert.Equal(46, d.Scan.Targets);
            Assert.Equal(46, d.Targets.Count);
            AssertEveryVolumeAccounted(d);
            Assert.Empty(await f.PortalSnapshotsAsync());
            Assert.Equal(0, d.Scan.SnapshotsLeft);

            // The planted MBR disk: ext4 partition read with the tree's counts, the swap-typed partition skipped with the reader's reason.
            var tree = TestImages.Count(Path.Combine(f.Dir, "tree-b"));
            var webTarget = d.Targets.Single(t => t.Name == "web-eus-01");
            Assert.Equal("running", webTarget.PowerState);
            var webDisk = d.DisksOf(webTarget.Id).Single(x => x.IsOsDisk);
            Assert.Equal("MBR", webDisk.PartitionScheme);
            Assert.Equal("VHD (fixed)", webDisk.ImageFormat);
            var volumes = d.VolumesOf(webDisk.Id).ToList();
            Assert.Equal(2, volumes.Count);
            Assert.True(volumes[0].Read);
            Assert.StartsWith("ext", volumes[0].FileSystem);
            Assert.Equal(tree.Files, volumes[0].Files);
            Assert.Equal(tree.Bytes, volumes[0].ContentBytes);
            Assert.Equal(tree.Symlinks, volumes[0].Symlinks);
            Assert.False(volumes[1].Read);
            Assert.Equal("unknown file system (MBR type 0x82: Linux swap)", volumes[1].SkipReason);
            Assert.InRange(webDisk.BytesFetched, 1, 8L << 20); // read through the cache: a few blocks, never the 30 GB disk
            Assert.True(webDisk.Requests > 0);

            // A deallocated VM is scanned too, and the record says so.
            var stoppedTarget = d.Targets.Single(t => t.Name == "app-eus-08");
            Assert.Equal("deallocated", stoppedTarget.PowerState);
            var stoppedVolumes = d.VolumesOf(d.DisksOf(stoppedTarget.Id).Single(x => x.IsOsDisk).Id).ToList();
            Assert.Equal("None", d.DisksOf(stoppedTarget.Id).Single(x => x.IsOsDisk).PartitionScheme);
            Assert.True(Assert.Single(stoppedVolumes).Read);
            Assert.Equal(TestImages.Count(Path.Combine(f.Dir, "tree-a")).Files, stoppedVolumes[0].Files);

            // Disks that cannot be read out of band are skipped with the reason.
            var sql = d.Targets.Single(t => t.Name == "sqlvm-eus-01");
            Assert.All(d.DisksOf(sql.Id).Where(x => !x.IsOsDisk), x => Assert.StartsWith("UltraSSD_LRS disk", x.SkipReason));
            var mongo = d.Targets.Single(t => t.Name == "mongo-eus-03");
            Assert.StartsWith("PremiumV2_LRS disk", d.DisksOf(mongo.Id).Single(x => !x.IsOsDisk).SkipReason);
            var ade = d.Targets.Single(t => t.Name == "app-eus-05");
            Assert.Contains("Azure Disk Encryption", d.DisksOf(ade.Id).Single(x => x.IsOsDisk).SkipReason);

            // The demo images of each OS family are walked: Windows' NTFS, Debian's ext4 and RHEL's XFS inside LVM2.
            IEnumerable<AgentlessVolumeScan> OsVolumes(string vm) => d.VolumesOf(d.DisksOf(d.Targets.Single(t => t.Name == vm).Id).Single(x => x.IsOsDisk).Id);
            string Show(string vm) => string.Join("; ", OsVolumes(vm).Select(v => $"{v.Index} {v.Scheme} {v.FileSystem} read={v.Read} files={v.Files} {v.SkipReason}"));
            Assert.True(OsVolumes("jump-eus-01").Any(v => v.Read && v.Files > 0), Show("jump-eus-01"));
            Assert.True(OsVolumes("web-weu-01").Any(v => v.Read && v.Files > 0), Show("web-weu-01"));
            Assert.True(OsVolumes("app-eus-01").Any(v => v.Read && v.Scheme == "LVM" && v.Files > 0), Show("app-eus-01"));
            Assert.Contains(OsVolumes("jump-eus-01"), v => v.FileSystem == "NTFS");

            Assert.Equal(d.Disks.Count(x => x.State == AgentlessScanState.Done), d.Scan.DisksRead);
            Assert.Equal(d.Disks.Count(x => x.State == AgentlessScanState.Skipped), d.Scan.DisksSkipped);
        }
        finally
        {
            f.Sim.State.DiskContents.Remove(web);
            f.Sim.State.DiskContents.Remove(stopped);
        }
    }

    [Fact]
    public async Task Without_snapshot_rights_a_disk_is_skipped_naming_the_missing_action()
    {
        await using var s = await f.Build();
        await s.AccountAsync(AgentlessFixture.Reader);
        var d = await s.ScanAsync((await s.HostAsync("web-eus-02")).Id);
        var disk = Assert.Single(d.Disks);
        Assert.Equal(AgentlessScanState.Skipped, disk.State);
        Assert.Contains("Microsoft.Compute/snapshots/write", disk.SkipReason);
        Assert.Equal(CloudErrorCodes.AuthorizationFailed, disk.ErrorCode);
        Assert.Empty(await f.PortalSnapshotsAsync());
    }

    [Fact]
    public async Task A_vm_with_the_skip_tag_is_not_scanned()
    {
        await using var s = await f.Build(new AgentlessOptions { SkipTagName = "owner", SkipTagValue = "WEB-TEAM", PollMilliseconds = 50 });
        await s.AccountAsync();
        var d = await s.ScanAsync((await s.HostAsync("web-eus-03")).Id);
        var target = Assert.Single(d.Targets);
        Assert.Equal(AgentlessScanState.Skipped, target.State);
        Assert.Equal("excluded by tag owner=WEB-TEAM", target.SkipReason);
        Assert.Empty(d.Disks);
    }

    [Fact]
    public async Task The_agentless_feature_must_be_on_and_a_second_request_returns_the_scan_on_its_way()
    {
        await using var s = await f.Build();
        var off = await s.AccountAsync(agentless: false);
        var refused = await s.Service.RequestAsync(off.Id, AgentlessScanKind.Server, null, "a", null);
        Assert.Equal(AgentlessScanService.FeatureDisabled, refused.Problem?.Code);

        var on = await s.AccountAsync();
        var first = await s.Service.RequestAsync(on.Id, AgentlessScanKind.Server, null, "a", null);
        var second = await s.Service.RequestAsync(on.Id, AgentlessScanKind.Server, null, "b", null);
        Assert.True(first.Value.Created);
        Assert.False(second.Value.Created);
        Assert.Equal(first.Value.Scan.Id, second.Value.Scan.Id);
        var images = await s.Service.RequestAsync(on.Id, AgentlessScanKind.CustomImage, null, "a", null);
        Assert.NotEqual(first.Value.Scan.Id, images.Value.Scan.Id);
    }

    [Fact]
    public async Task Cancelling_mid_read_still_revokes_and_deletes_the_snapshot()
    {
        var readers = (HookedReaders?)null;
        var connector = (CountingConnector?)null;
        await using var s = await f.Build(connector: c => connector = new CountingConnector(c), readers: r => readers = new HookedReaders(r));
        await s.AccountAsync();
        var diskId = await s.OsDiskIdAsync(WebRg, "web-eus-04");
        f.Sim.State.DiskContents.Set(diskId, f.MbrImage);
        try
        {
            var asked = await s.Service.RequestAsync(s.Account.Id, AgentlessScanKind.Server, (await s.HostAsync("web-eus-04")).Id, "a", null);
            var scanId = asked.Value.Scan.Id;
            var reads = 0;
            readers!.BeforeRead = n => { if (Interlocked.Increment(ref reads) == 3) Assert.True(s.Service.Cancel(scanId)); };
            var d = await s.RunAsync(scanId);

            Assert.Equal(AgentlessScanState.Failed, d.Scan.State);
            Assert.Equal("Cancelled", d.Scan.ErrorCode);
            var disk = Assert.Single(d.Disks);
            Assert.Equal(AgentlessScanState.Failed, disk.State);
            Assert.Equal("Cancelled", disk.ErrorCode);
            Assert.True(disk.SnapshotDeleted);
            Assert.Null(disk.ActiveKey);
            Assert.Contains(disk.SnapshotId, connector!.Revoked);
            Assert.Contains(disk.SnapshotId, connector.Deleted);
            Assert.Empty(await f.PortalSnapshotsAsync());
            await AssertRefusedAsync(Assert.Single(readers.Urls));
        }
        finally { f.Sim.State.DiskContents.Remove(diskId); }
    }

    [Fact]
    public async Task A_read_failing_mid_disk_fails_the_disk_with_the_reason_and_still_cleans_up()
    {
        var readers = (HookedReaders?)null;
        var connector = (CountingConnector?)null;
        await using var s = await f.Build(connector: c => connector = new CountingConnector(c), readers: r => readers = new HookedReaders(r));
        await s.AccountAsync();
        var diskId = await s.OsDiskIdAsync(WebRg, "web-eus-05");
        f.Sim.State.DiskContents.Set(diskId, f.MbrImage);
        try
        {
            readers!.BeforeRead = n => { if (n >= 6) throw new DiskReadException("injected: the connection was reset"); };
            var d = await s.ScanAsync((await s.HostAsync("web-eus-05")).Id);

            Assert.Equal(AgentlessScanState.Failed, d.Scan.State);
            var disk = Assert.Single(d.Disks);
            Assert.Equal(AgentlessScanState.Failed, disk.State);
            Assert.Equal("DiskReadFailed", disk.ErrorCode);
            Assert.Contains("injected", disk.ErrorMessage);
            Assert.True(disk.SnapshotDeleted);
            Assert.Contains(disk.SnapshotId, connector!.Revoked);
            Assert.Contains(disk.SnapshotId, connector.Deleted);
            Assert.Equal(AgentlessScanState.Failed, Assert.Single(d.Targets).State);
            Assert.Empty(await f.PortalSnapshotsAsync());
            await AssertRefusedAsync(Assert.Single(readers.Urls));
        }
        finally { f.Sim.State.DiskContents.Remove(diskId); }
    }

    [Fact]
    public async Task A_failed_snapshot_create_fails_the_disk_with_azures_error_and_deletes_what_may_exist()
    {
        var connector = (CountingConnector?)null;
        await using var s = await f.Build(connector: c => connector = new CountingConnector(c)
        {
            FailCreate = _ => CloudError.From("OperationNotAllowed", "Injected: the disk is being resized."),
        });
        await s.AccountAsync();
        var d = await s.ScanAsync((await s.HostAsync("jump-eus-01")).Id);
        var disk = Assert.Single(d.Disks);
        Assert.Equal(AgentlessScanState.Failed, disk.State);
        Assert.Equal("OperationNotAllowed", disk.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(disk.ErrorMeaning));
        Assert.True(disk.SnapshotDeleted); // the delete answered "not there"
        Assert.Empty(await f.PortalSnapshotsAsync());
    }

    [Fact]
    public async Task At_most_n_disks_per_account_and_the_portal_limit_are_in_flight()
    {
        var policy = new SyncPolicy { Regions = ["westeurope"] };
        var perAccount = (CountingConnector?)null;
        await using (var s = await f.Build(new AgentlessOptions { DisksInFlightPerAccount = 2, DisksInFlightPortal = 8, PollMilliseconds = 50 },
                         connector: c => perAccount = new CountingConnector(c)))
        {
            await s.AccountAsync(policy: policy);
            var d = await s.ScanAsync();
            Assert.Equal(AgentlessScanState.Done, d.Scan.State);
            Assert.True(d.Scan.DisksRead >= 6, $"{d.Scan.DisksRead} disks read");
            Assert.Equal(2, perAccount!.MaxAlive);
        }
        var portal = (CountingConnector?)null;
        await using (var s = await f.Build(new AgentlessOptions { DisksInFlightPerAccount = 4, DisksInFlightPortal = 1, PollMilliseconds = 50 },
                         connector: c => portal = new CountingConnector(c)))
        {
            await s.AccountAsync(policy: policy);
            var d = await s.ScanAsync();
            Assert.Equal(AgentlessScanState.Done, d.Scan.State);
            Assert.Equal(1, portal!.MaxAlive);
        }
        Assert.Empty(await f.PortalSnapshotsAsync());
    }

    [Fact]
    public async Task A_disk_being_scanned_is_not_scanned_by_a_second_scan_at_the_same_time()
    {
        var readers = (HookedReaders?)null;
        using var reading = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var blocked = 0;
        await using var s = await f.Build(readers: r => readers = new HookedReaders(r));
        await s.AccountAsync(policy: new SyncPolicy { Regions = ["westeurope"] });
        var host = await s.HostAsync("web-weu-01");
        var osDisk = await s.OsDiskIdAsync(host.ResourceGroup, host.Name);
        readers!.BeforeRead = _ =>
        {
            if (Interlocked.Exchange(ref blocked, 1) == 1) return;
            reading.Set();
            gate.Wait(TimeSpan.FromMinutes(2));
        };
        var first = Task.Run(() => s.ScanAsync(host.Id));
        Assert.True(reading.Wait(TimeSpan.FromMinutes(2)), "the first scan never started reading");
        var second = await s.ScanAsync();
        gate.Set();
        var one = await first;

        Assert.Equal(AgentlessScanState.Done, Assert.Single(one.Disks).State);
        var clash = second.Disks.Single(x => x.SourceId.Equals(osDisk, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(AgentlessScanState.Skipped, clash.State);
        Assert.Equal("another scan of this disk is in progress", clash.SkipReason);
        Assert.Contains(second.Disks, x => x.State == AgentlessScanState.Done);
        Assert.Empty(await f.PortalSnapshotsAsync());
    }

    [Fact]
    public async Task The_sweeper_deletes_old_portal_snapshots_and_nothing_untagged_or_recent()
    {
        await using var s = await f.Build();
        await s.AccountAsync();
        var cred = f.Credential();
        var disk = await s.OsDiskIdAsync(WebRg, "web-eus-06");
        var rg = WebRg;
        async Task<SnapshotInfo> Make(string name, Dictionary<string, string> tags)
        {
            var r = await f.Connector.CreateSnapshotAsync(cred, new SnapshotCreateSpec(f.SubscriptionId, rg, name, "eastus", disk, tags));
            Assert.True(r.IsSuccess, r.IsSuccess ? "" : r.Error.Message);
            return r.Value;
        }
        var old = await Make("portal-scan-old", new() { [AgentlessTags.ScanId] = Guid.NewGuid().ToString(), [AgentlessTags.Created] = "2026-01-01T00:00:00Z" });
        var recent = await Make("portal-scan-recent", new() { [AgentlessTags.ScanId] = Guid.NewGuid().ToString(), [AgentlessTags.Created] = DateTime.UtcNow.ToString("O") });
        var untagged = await Make("backup-web-eus-06", new() { [AgentlessTags.Created] = "2026-01-01T00:00:00Z", ["owner"] = "web-team" });
        var granted = await f.Connector.GrantSnapshotReadAsync(cred, old.Id, TimeSpan.FromHours(1)); // an export still open must not stop the sweep
        Assert.True(granted.IsSuccess);
        var seededBefore = f.Sim.State.ListResources("Microsoft.Compute/snapshots").Count;
        try
        {
            var (deleted, failed) = await s.Service.SweepAccountAsync(s.Account, TimeSpan.FromHours(6), null, CancellationToken.None);
            Assert.Equal((1, 0), (deleted, failed));
            var names = f.Sim.State.ListResources("Microsoft.Compute/snapshots").Select(x => (string?)x["name"]).ToList();
            Assert.DoesNotContain("portal-scan-old", names);
            Assert.Contains("portal-scan-recent", names);
            Assert.Contains("backup-web-eus-06", names);
            Assert.Equal(seededBefore - 1, names.Count);
        }
        finally
        {
            await f.Connector.DeleteSnapshotAsync(cred, recent.Id);
            await f.Connector.DeleteSnapshotAsync(cred, untagged.Id);
        }
    }

    [Fact]
    public async Task A_running_scan_whose_node_is_gone_is_failed_and_its_snapshots_deleted()
    {
        await using var s = await f.Build(node: "node-b");
        await s.AccountAsync();
        var now = DateTime.UtcNow;
        var scan = new AgentlessScan
        {
            Id = Guid.NewGuid(), AccountId = s.Account.Id, Kind = AgentlessScanKind.Server, RequestedBy = "a", State = AgentlessScanState.Queued,
            RequestedAt = now, ActiveKey = AgentlessScan.ActiveKeyFor(s.Account.Id, AgentlessScanKind.Server, null),
        };
        await s.Store.AddOrGetAsync(scan);
        Assert.True(await s.Store.TryClaimAsync(scan.Id, "node-a", now, now.AddSeconds(-1)));
        var disk = await s.OsDiskIdAsync(WebRg, "web-eus-06");
        var snap = await f.Connector.CreateSnapshotAsync(f.Credential(), new SnapshotCreateSpec(f.SubscriptionId, WebRg, "portal-scan-orphan", "eastus", disk,
            new Dictionary<string, string> { [AgentlessTags.ScanId] = scan.Id.ToString("D"), [AgentlessTags.Created] = now.ToString("O") }));
        Assert.True(snap.IsSuccess);

        Assert.Equal(1, await s.Service.RecoverOrphansAsync(null, CancellationToken.None));

        var after = (await s.Store.GetAsync(scan.Id))!;
        Assert.Equal(AgentlessScanState.Failed, after.State);
        Assert.Equal("portal restarted during the scan", after.ErrorMeaning);
        Assert.Null(after.ActiveKey);
        Assert.Equal(0, after.SnapshotsLeft);
        Assert.Empty(await f.PortalSnapshotsAsync());
        // The scope is free again.
        Assert.True((await s.Service.RequestAsync(s.Account.Id, AgentlessScanKind.Server, null, "a", null)).Value.Created);
    }

    [Fact]
    public async Task A_custom_image_check_reads_managed_images_and_gallery_versions_from_their_sources()
    {
        await using var s = await f.Build();
        await s.AccountAsync();
        var d = await s.ScanAsync(kind: AgentlessScanKind.CustomImage);
        Assert.Equal(AgentlessScanState.Done, d.Scan.State);
        Assert.Contains(d.Targets, t => t.TargetType == "ManagedImage");
        Assert.Contains(d.Targets, t => t.TargetType == "GalleryImageVersion");
        Assert.All(d.Targets, t => Assert.Null(t.PowerState));
        Assert.Contains(d.Disks, x => x.State == AgentlessScanState.Done);
        AssertEveryVolumeAccounted(d);
        Assert.Empty(await f.PortalSnapshotsAsync());
    }

    /// <summary>The SAS URL the scan was given no longer opens the blob (revoked, and the snapshot gone).</summary>
    private async Task AssertRefusedAsync(Uri sas)
    {
        using var http = new HttpClient(f.Sim.CreateTrustingHandler());
        using var response = await http.GetAsync(sas);
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
    }
}
