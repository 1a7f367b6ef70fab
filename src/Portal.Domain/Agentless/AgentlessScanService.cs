using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Portal.DiskImages;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Security;
using Portal.Domain.Sync;

namespace Portal.Domain.Agentless;

/// <summary>
/// Agentless detection, part 1: asks for scans (one per account and kind, or one per host, at a time), and runs a claimed scan:
/// plans each VM's disks, then per disk snapshot → grant read → open the SAS URL → walk every volume → revoke → delete, the
/// clean-up in a finally path that also runs when the scan fails or is cancelled. Every ARM call goes through the connector.
/// </summary>
public sealed class AgentlessScanService(ICloudConnector cloud, ISnapshotReaderFactory readers, IDiskOpener disks, IEnumerable<IFileScanner> scanners,
    IAccountStore accounts, IHostStore hosts, IAgentlessScanStore store, ISecretProtector secrets, AgentlessOptions options, AgentlessLimiter limiter,
    AgentlessProgressBoard board, AgentlessWorkSignal signal, IAuditLog audit, TimeProvider clock, PortalNode node)
{
    public const string NotFound = "NotFound";
    public const string FeatureDisabled = "feature_disabled";
    public const string PortalRestarted = "PortalRestarted";
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromMinutes(5);
    private readonly IReadOnlyList<IFileScanner> _scanners = scanners.ToList();
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    // ---------------------------------------------------------------- asking for a scan

    /// <summary>Queues a scan of the account's VMs (or custom images), or of one host. A scan already queued or running for the
    /// same scope is returned instead of a second one.</summary>
    public async Task<Outcome<(AgentlessScan Scan, bool Created)>> RequestAsync(Guid accountId, AgentlessScanKind kind, Guid? hostId, string actor, string? source,
        string trigger = "manual", CancellationToken ct = default)
    {
        var account = await accounts.GetAsync(accountId, ct);
        if (account is null) return new OnboardingProblem(NotFound, "No such account", $"No cloud account with id {accountId}.");
        if (!account.Has(CloudFeature.Agentless))
            return new OnboardingProblem(FeatureDisabled, "Feature not enabled", $"{account.Name} does not have the Agentless detection feature; enable it on the account first.");
        if (hostId is { } h)
        {
            var host = await hosts.GetAsync(h, ct);
            if (host is null || host.AccountId != accountId) return new OnboardingProblem(NotFound, "No such host", $"No host with id {h} in {account.Name}.");
            if (host.Removed) return OnboardingProblem.Invalid($"{host.Name} is gone from Azure (removed {host.RemovedAt:u}); there is nothing to scan.");
            kind = AgentlessScanKind.Server;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var scan = new AgentlessScan
        {
            Id = Guid.NewGuid(), AccountId = accountId, Kind = kind, HostId = hostId, Trigger = trigger, RequestedBy = actor,
            State = AgentlessScanState.Queued, RequestedAt = now, ActiveKey = AgentlessScan.ActiveKeyFor(accountId, kind, hostId),
        };
        var (stored, created) = await store.AddOrGetAsync(scan, ct);
        if (created)
        {
            await audit.RecordAsync(new AuditEvent(actor, "agentless.scan.request", Describe(account, stored), AuditOutcome.Succeeded, source,
                $"{KindLabel(kind)} queued ({trigger})"), ct);
            signal.Wake();
        }
        return (stored, created);
    }

    /// <summary>The scheduled run of an account (the Quartz job): sweeps old snapshots, then queues a server check and a custom
    /// image check. Returns false when the account no longer exists.</summary>
    public async Task<bool> RunScheduledAsync(Guid accountId, CancellationToken ct)
    {
        var account = await accounts.GetAsync(accountId, ct);
        if (account is null) return false;
        if (!account.Has(CloudFeature.Agentless)) return true;
        await SweepAccountAsync(account, options.SnapshotMaxAge, null, ct);
        foreach (var kind in Enum.GetValues<AgentlessScanKind>())
            await RequestAsync(accountId, kind, null, "system", node.AuditSource, "schedule", ct);
        return true;
    }

    /// <summary>Cancels a scan running on this node (its snapshots are cleaned up); false when it does not run here.</summary>
    public bool Cancel(Guid scanId)
    {
        if (!_running.TryGetValue(scanId, out var cts)) return false;
        cts.Cancel();
        return true;
    }

    public Task<AgentlessScanDetail?> GetDetailAsync(Guid id, CancellationToken ct = default) => store.GetDetailAsync(id, ct);

    public Task<PagedResult<AgentlessScan>> ListAsync(AgentlessScanQuery query, CancellationToken ct = default) => store.QueryAsync(query, ct);

    public Task<HostScanSummary?> LastForHostAsync(Guid hostId, CancellationToken ct = default) => store.LastForHostAsync(hostId, ct);

    // ---------------------------------------------------------------- running a claimed scan

    /// <summary>Runs a scan this node claimed, to its end. Failures are stored on the scan, never thrown (cancellation by
    /// shutdown included: the scan is failed and its snapshots deleted before this returns).</summary>
    public async Task RunAsync(AgentlessScan scan, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _running[scan.Id] = cts;
        using var lease = StartLeaseRenewal(scan, cts);
        var account = await accounts.GetAsync(scan.AccountId, CancellationToken.None);
        try
        {
            scan.State = AgentlessScanState.Running;
            scan.StartedAt ??= Now;
            await store.UpdateAsync(scan, CancellationToken.None);
            if (account is null) { Fail(scan, CloudError.From(NotFound, "The scan's cloud account was removed.")); return; }
            CloudCredential credential;
            try { credential = account.OpenCredential(secrets); }
            catch (SecretUnreadableException ex) { Fail(scan, CloudError.From("SecretUnreadable", ex.Message)); return; }

            var work = scan.Kind == AgentlessScanKind.Server
                ? await PlanServersAsync(scan, account, credential, cts.Token)
                : await PlanImagesAsync(scan, account, credential, cts.Token);
            if (work is null) return;
            await ScanDisksAsync(scan, account, credential, work, cts.Token);
            scan.State = scan.DisksFailed > 0 && scan.DisksRead == 0 ? AgentlessScanState.Failed : AgentlessScanState.Done;
            if (scan.State == AgentlessScanState.Failed && scan.ErrorCode is null)
                scan.SetError(new CloudError("DisksFailed", $"{scan.DisksFailed} disk(s) failed, none was read.", "No disk of the scan could be read.",
                    "See each disk's error below."));
        }
        catch (OperationCanceledException)
        {
            Fail(scan, new CloudError("Cancelled", ct.IsCancellationRequested ? "The portal stopped during the scan." : "The scan was cancelled.",
                "The scan did not finish; its snapshots were deleted.", "Scan again."));
        }
        catch (Exception ex)
        {
            Fail(scan, new CloudError("PortalError", $"{ex.GetType().Name}: {ex.Message}", "The portal failed while scanning.",
                "Scan again; the portal's log has the details. Snapshots left behind are deleted by the sweeper."));
        }
        finally
        {
            _running.TryRemove(scan.Id, out _);
            scan.FinishedAt = Now;
            scan.ActiveKey = null;
            scan.ClaimedBy = null;
            scan.LeaseUntil = null;
            await store.UpdateAsync(scan, CancellationToken.None);
            board.Forget(scan.Id);
            var ok = scan.State == AgentlessScanState.Done;
            await audit.RecordAsync(new AuditEvent(scan.RequestedBy, "agentless.scan", account is null ? $"{scan.Id}" : Describe(account, scan),
                ok ? AuditOutcome.Succeeded : AuditOutcome.Failed, node.AuditSource, Summary(scan)), CancellationToken.None);
        }
    }

    public static string Summary(AgentlessScan s) =>
        $"{s.State.Label()}: {s.Targets} target(s); disks {s.DisksRead} read, {s.DisksSkipped} skipped, {s.DisksFailed} failed; " +
        $"{s.FilesCounted} files, {AgentlessPlanner.Size(s.ContentBytes)} of file content, {AgentlessPlanner.Size(s.BytesFetched)} fetched" +
        (s.SnapshotsLeft > 0 ? $"; {s.SnapshotsLeft} snapshot(s) could not be deleted (the sweeper retries)" : "") +
        (s.ErrorCode is null ? "" : $"; {s.ErrorCode}: {s.ErrorMeaning}");

    private sealed record DiskWork(AgentlessScanTarget Target, AgentlessDiskScan Disk, string SubscriptionId, string ResourceGroup, string Location);

    private sealed class TargetTally(int total)
    {
        public int Total = total, Done, Failed, Read;
    }

    private async Task<List<DiskWork>?> PlanServersAsync(AgentlessScan scan, CloudAccount account, CloudCredential credential, CancellationToken ct)
    {
        var inScope = new List<Host>();
        if (scan.HostId is { } hostId)
        {
            if (await hosts.GetAsync(hostId, ct) is { } h && h.AccountId == account.Id && !h.Removed) inScope.Add(h);
            else { Fail(scan, CloudError.From(NotFound, $"Host {hostId} is not in the account's inventory any more.")); return null; }
        }
        else
            for (var page = 1; ; page++)
            {
                var batch = await hosts.QueryAsync(new HostQuery { AccountId = account.Id, Page = page, PageSize = 500, SortBy = "name" }, ct);
                inScope.AddRange(batch.Items.Where(h => !h.Removed));
                if (batch.Items.Count < 500) break;
            }

        var work = new List<DiskWork>();
        foreach (var host in inScope)
        {
            ct.ThrowIfCancellationRequested();
            var target = new AgentlessScanTarget
            {
                Id = Guid.NewGuid(), ScanId = scan.Id, HostId = host.Id, TargetType = "VirtualMachine", ResourceId = host.ResourceId, Name = host.Name,
                SubscriptionId = host.SubscriptionId, ResourceGroup = host.ResourceGroup, Location = host.Location, OsType = host.OsType,
                PowerState = host.PowerState, State = AgentlessScanState.Queued, StartedAt = Now,
            };
            scan.Targets++;
            if (!account.Policy.Covers(host.Location, account.KnownRegions))
            {
                await SkipTargetAsync(scan, target, $"region {host.Location} is outside the account's sync policy", ct);
                continue;
            }
            if (Excluded(host.Tags))
            {
                await SkipTargetAsync(scan, target, $"excluded by tag {options.SkipTagName}={options.SkipTagValue}", ct);
                continue;
            }
            // The power state and tags as they are now: a stopped VM's disks are scanned too, and the page says which state it was in.
            var vm = await cloud.GetVirtualMachineAsync(credential, host.ResourceId, ct);
            if (vm.IsSuccess)
            {
                target.PowerState = vm.Value.PowerState;
                target.OsType = vm.Value.OsType ?? target.OsType;
                if (Excluded(vm.Value.Tags))
                {
                    await SkipTargetAsync(scan, target, $"excluded by tag {options.SkipTagName}={options.SkipTagValue}", ct);
                    continue;
                }
            }
            else if (vm.Error.Code is CloudErrorCodes.ResourceNotFound or NotFound)
            {
                await FailTargetAsync(scan, target, vm.Error, ct);
                continue;
            }
            var listed = await cloud.ListVmDisksAsync(credential, host.ResourceId, ct);
            if (!listed.IsSuccess)
            {
                if (AgentlessPlanner.IsAccessDenied(listed.Error))
                    await SkipTargetAsync(scan, target, AgentlessPlanner.AccessDenied(listed.Error, "Microsoft.Compute/disks/read", $"resource group {host.ResourceGroup}"), ct);
                else await FailTargetAsync(scan, target, listed.Error, ct);
                continue;
            }
            target.State = AgentlessScanState.Running;
            await store.AddTargetAsync(target, ct);
            foreach (var planned in AgentlessPlanner.Plan(listed.Value, options))
                work.AddRange(await AddDiskAsync(scan, target, planned.Disk.DiskId, planned.Disk.Name, planned.Disk.IsOsDisk, planned.Disk.Lun,
                    planned.Disk.SizeBytes, planned.Disk.SkuName, planned.SkipReason, host.SubscriptionId, planned.Disk.ResourceGroup, planned.Disk.Location, ct));
            await FinishTargetIfEmptyAsync(scan, target, work, ct);
        }
        await store.UpdateAsync(scan, ct);
        return work;
    }

    private async Task<List<DiskWork>?> PlanImagesAsync(AgentlessScan scan, CloudAccount account, CloudCredential credential, CancellationToken ct)
    {
        var work = new List<DiskWork>();
        foreach (var subscription in account.Subscriptions)
        {
            var listed = await cloud.ListCustomImagesAsync(credential, subscription.SubscriptionId, ct);
            if (!listed.IsSuccess) { Fail(scan, listed.Error); return null; }
            foreach (var image in listed.Value)
            {
                ct.ThrowIfCancellationRequested();
                var target = new AgentlessScanTarget
                {
                    Id = Guid.NewGuid(), ScanId = scan.Id, TargetType = image.Kind, ResourceId = image.Id, Name = image.Name, SubscriptionId = subscription.SubscriptionId,
                    ResourceGroup = image.ResourceGroup, Location = image.Location, OsType = image.OsType, State = AgentlessScanState.Running, StartedAt = Now,
                };
                scan.Targets++;
                if (!account.Policy.Covers(image.Location, account.KnownRegions))
                {
                    await SkipTargetAsync(scan, target, $"region {image.Location} is outside the account's sync policy", ct);
                    continue;
                }
                await store.AddTargetAsync(target, ct);
                var asDisks = image.Sources.Select(s => new VmDiskInfo(s.SourceResourceId, SourceName(s.SourceResourceId), s.IsOsDisk, s.Lun, s.SizeBytes, null,
                    image.Location, ResourceGroupOf(s.SourceResourceId) ?? image.ResourceGroup,
                    s.SourceResourceId.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase), false, image.OsType));
                foreach (var planned in AgentlessPlanner.Plan(asDisks, options))
                    work.AddRange(await AddDiskAsync(scan, target, planned.Disk.DiskId, planned.Disk.Name, planned.Disk.IsOsDisk, planned.Disk.Lun, planned.Disk.SizeBytes,
                        null, planned.SkipReason, SubscriptionOf(planned.Disk.DiskId) ?? subscription.SubscriptionId, planned.Disk.ResourceGroup, planned.Disk.Location, ct));
                await FinishTargetIfEmptyAsync(scan, target, work, ct);
            }
        }
        await store.UpdateAsync(scan, ct);
        return work;
    }

    private async Task<IEnumerable<DiskWork>> AddDiskAsync(AgentlessScan scan, AgentlessScanTarget target, string sourceId, string name, bool isOs, int? lun, long size,
        string? sku, string? skipReason, string subscriptionId, string resourceGroup, string location, CancellationToken ct)
    {
        var disk = new AgentlessDiskScan
        {
            Id = Guid.NewGuid(), ScanId = scan.Id, TargetId = target.Id, SourceId = sourceId, Name = name, IsOsDisk = isOs, Lun = lun, SizeBytes = size, Sku = sku,
            State = skipReason is null ? AgentlessScanState.Queued : AgentlessScanState.Skipped, SkipReason = skipReason, SnapshotDeleted = true,
        };
        if (skipReason is not null) scan.DisksSkipped++;
        await store.AddDiskAsync(disk, ct);
        return skipReason is null ? [new DiskWork(target, disk, subscriptionId, resourceGroup, location)] : [];
    }

    private async Task FinishTargetIfEmptyAsync(AgentlessScan scan, AgentlessScanTarget target, List<DiskWork> work, CancellationToken ct)
    {
        if (work.Any(w => w.Target.Id == target.Id)) { Publish(scan, target, 0, work.Count(w => w.Target.Id == target.Id), "queued"); return; }
        target.State = AgentlessScanState.Skipped;
        target.SkipReason ??= "no disk to scan (every disk was skipped, see the reasons)";
        target.FinishedAt = Now;
        await store.UpdateTargetAsync(target, ct);
    }

    private async Task SkipTargetAsync(AgentlessScan scan, AgentlessScanTarget target, string reason, CancellationToken ct)
    {
        target.State = AgentlessScanState.Skipped;
        target.SkipReason = reason;
        target.FinishedAt = Now;
        await store.AddTargetAsync(target, ct);
    }

    private async Task FailTargetAsync(AgentlessScan scan, AgentlessScanTarget target, CloudError error, CancellationToken ct)
    {
        target.State = AgentlessScanState.Failed;
        target.SetError(error);
        target.FinishedAt = Now;
        await store.AddTargetAsync(target, ct);
    }

    private async Task ScanDisksAsync(AgentlessScan scan, CloudAccount account, CloudCredential credential, List<DiskWork> work, CancellationToken ct)
    {
        var tallies = work.GroupBy(w => w.Target.Id).ToDictionary(g => g.Key, g => new TargetTally(g.Count()));
        var gate = new object();
        try
        {
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.DisksInFlightPerAccount, CancellationToken = ct }, async (w, token) =>
            {
                await ScanDiskAsync(scan, account, credential, w, tallies[w.Target.Id], token);
                var tally = tallies[w.Target.Id];
                bool last;
                lock (gate)
                {
                    scan.FilesCounted += w.Disk.Files;
                    scan.ContentBytes += w.Disk.ContentBytes;
                    scan.BytesFetched += w.Disk.BytesFetched;
                    if (!w.Disk.SnapshotDeleted) scan.SnapshotsLeft++;
                    switch (w.Disk.State)
                    {
                        case AgentlessScanState.Done: scan.DisksRead++; tally.Read++; break;
                        case AgentlessScanState.Skipped: scan.DisksSkipped++; break;
                        default: scan.DisksFailed++; tally.Failed++; break;
                    }
                    last = ++tally.Done == tally.Total;
                }
                if (last) await FinishTargetAsync(scan, w.Target, tally);
                else Publish(scan, w.Target, tally.Done, tally.Total, $"{tally.Done} of {tally.Total} disks done");
            });
        }
        finally
        {
            // Cancelled part-way: disks never started are failed so nothing stays "queued" forever.
            foreach (var w in work.Where(w => w.Disk.State == AgentlessScanState.Queued))
            {
                w.Disk.State = AgentlessScanState.Failed;
                w.Disk.SetError(new CloudError("Cancelled", "The scan ended before this disk was started.", "The disk was not scanned.", "Scan again."));
                scan.DisksFailed++;
                await store.UpdateDiskAsync(w.Disk, CancellationToken.None);
            }
            foreach (var t in work.Select(w => w.Target).DistinctBy(t => t.Id).Where(t => !t.State.IsFinal()))
                await FinishTargetAsync(scan, t, tallies[t.Id]);
        }
    }

    private async Task FinishTargetAsync(AgentlessScan scan, AgentlessScanTarget target, TargetTally tally)
    {
        target.State = tally.Failed > 0 ? AgentlessScanState.Failed : tally.Read > 0 ? AgentlessScanState.Done : AgentlessScanState.Skipped;
        if (target.State == AgentlessScanState.Skipped) target.SkipReason ??= "no disk was read (each disk says why)";
        if (tally.Failed > 0 && target.ErrorCode is null)
            target.SetError(new CloudError("DisksFailed", $"{tally.Failed} of {tally.Total} disk(s) failed.", "Part of the VM was not read.", "See each disk's error."));
        target.FinishedAt = Now;
        await store.UpdateTargetAsync(target, CancellationToken.None);
        Publish(scan, target, tally.Done, tally.Total, target.State.Label());
    }

    private async Task ScanDiskAsync(AgentlessScan scan, CloudAccount account, CloudCredential credential, DiskWork w, TargetTally tally, CancellationToken ct)
    {
        var disk = w.Disk;
        using var slot = await limiter.EnterAsync(account.Id, ct);
        if (!await store.TryActivateDiskAsync(disk.Id, disk.SourceId.ToLowerInvariant(), ct))
        {
            disk.State = AgentlessScanState.Skipped;
            disk.SkipReason = "another scan of this disk is in progress";
            await store.UpdateDiskAsync(disk, ct);
            return;
        }
        disk.ActiveKey = disk.SourceId.ToLowerInvariant();
        var watch = Stopwatch.StartNew();
        disk.StartedAt = Now;
        disk.SnapshotName = AgentlessTags.SnapshotName(w.Target.Name, disk.Name, scan.Id, disk.Id);
        disk.SnapshotId = $"/subscriptions/{w.SubscriptionId}/resourceGroups/{w.ResourceGroup}/providers/Microsoft.Compute/snapshots/{disk.SnapshotName}";
        var createAttempted = false;
        var granted = false;
        var final = AgentlessScanState.Failed;
        ISnapshotReader? reader = null;
        try
        {
            await SetStateAsync(scan, w, disk, AgentlessScanState.Snapshotting, tally, ct);
            var tags = new Dictionary<string, string>
            {
                [AgentlessTags.ScanId] = scan.Id.ToString("D"),
                [AgentlessTags.Created] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            };
            createAttempted = true;
            var created = await cloud.CreateSnapshotAsync(credential,
                new SnapshotCreateSpec(w.SubscriptionId, w.ResourceGroup, disk.SnapshotName, w.Location, disk.SourceId, tags), ct);
            if (!created.IsSuccess)
            {
                final = Refused(disk, created.Error, "Microsoft.Compute/snapshots/write", $"resource group {w.ResourceGroup}");
                return;
            }
            disk.SnapshotId = created.Value.Id;
            disk.SnapshotDeleted = false;

            await SetStateAsync(scan, w, disk, AgentlessScanState.Reading, tally, ct);
            var grant = await cloud.GrantSnapshotReadAsync(credential, disk.SnapshotId, TimeSpan.FromSeconds(options.ReadAccessSeconds), ct);
            if (!grant.IsSuccess)
            {
                final = Refused(disk, grant.Error, "Microsoft.Compute/snapshots/beginGetAccess/action", $"resource group {w.ResourceGroup}");
                return;
            }
            granted = true;
            var opened = await readers.OpenAsync(grant.Value, ct);
            if (!opened.IsSuccess) { disk.SetError(opened.Error); return; }
            reader = opened.Value;

            DiskLayout layout;
            try { layout = await Task.Run(() => disks.Open(reader), ct); }
            catch (IOException ex) { disk.SetError(DiskError(ex)); return; }
            disk.ImageFormat = layout.Format == ImageFormat.FixedVhd ? "VHD (fixed)" : "raw";
            disk.PartitionScheme = layout.PartitionScheme;

            await SetStateAsync(scan, w, disk, AgentlessScanState.Scanning, tally, ct);
            var volumes = new List<AgentlessVolumeScan>();
            try
            {
                foreach (var v in layout.Volumes)
                    volumes.Add(await Task.Run(() => WalkAsync(scan, w.Target, disk, v, ct), ct));
            }
            catch (IOException ex)
            {
                disk.SetError(DiskError(ex));
                return;
            }
            finally
            {
                if (volumes.Count > 0) await store.AddVolumesAsync(volumes, CancellationToken.None);
            }
            disk.Files = volumes.Sum(v => v.Files);
            disk.Directories = volumes.Sum(v => v.Directories);
            disk.ContentBytes = volumes.Sum(v => v.ContentBytes);
            final = AgentlessScanState.Done;
        }
        catch (OperationCanceledException)
        {
            disk.SetError(new CloudError("Cancelled", "The scan was cancelled while this disk was being read.", "The disk was not read to its end.", "Scan again."));
            throw;
        }
        catch (Exception ex)
        {
            disk.SetError(new CloudError("PortalError", $"{ex.GetType().Name}: {ex.Message}", "The portal failed while reading this disk.", "Scan again; the portal's log has the details."));
        }
        finally
        {
            if (reader is not null)
            {
                disk.BytesFetched = reader.BytesFetched;
                disk.Requests = reader.Requests;
                reader.Dispose();
            }
            disk.State = AgentlessScanState.CleaningUp;
            Publish(scan, w.Target, tally.Done, tally.Total, $"{disk.Name}: cleaning up");
            // Clean-up runs whatever happened above, and is not cut short by the scan's cancellation.
            using var cleanup = new CancellationTokenSource(CleanupTimeout);
            string? cleanupProblem = null;
            if (granted)
            {
                var revoked = await cloud.RevokeSnapshotReadAsync(credential, disk.SnapshotId!, cleanup.Token);
                if (!revoked.IsSuccess) cleanupProblem = $"revoke: {revoked.Error.Code} {revoked.Error.Meaning}";
            }
            if (createAttempted)
            {
                var deleted = await cloud.DeleteSnapshotAsync(credential, disk.SnapshotId!, cleanup.Token);
                disk.SnapshotDeleted = deleted.IsSuccess;
                if (!deleted.IsSuccess) cleanupProblem = (cleanupProblem is null ? "" : cleanupProblem + "; ") + $"delete: {deleted.Error.Code} {deleted.Error.Meaning}";
            }
            if (cleanupProblem is not null && disk.ErrorCode is null)
            {
                disk.SetError(new CloudError("CleanupFailed", cleanupProblem, "The disk was read, but its snapshot could not be removed.",
                    "The sweeper deletes portal-tagged snapshots later; check the app's Disk Snapshot Contributor role."));
            }
            disk.State = final;
            disk.ActiveKey = null;
            disk.FinishedAt = Now;
            disk.DurationMs = watch.ElapsedMilliseconds;
            await store.UpdateDiskAsync(disk, CancellationToken.None);
        }
    }

    private AgentlessScanState Refused(AgentlessDiskScan disk, CloudError error, string action, string scope)
    {
        if (AgentlessPlanner.IsAccessDenied(error))
        {
            disk.SkipReason = AgentlessPlanner.AccessDenied(error, action, scope);
            disk.SetError(error);
            return AgentlessScanState.Skipped;
        }
        disk.SetError(error);
        return AgentlessScanState.Failed;
    }

    private static CloudError DiskError(IOException ex) => ex is DiskReadException
        ? new CloudError("DiskReadFailed", ex.Message, "The snapshot's bytes could not be read over its SAS URL.", "Scan again; if it repeats, check the network path to the storage endpoint.")
        : new CloudError("DiskFormatError", ex.Message, "The disk's structures are not what the reader expected (corrupt or unsupported).", "Check the disk; the volumes read before the error are listed.");

    /// <summary>Walks one volume (or records why it was skipped), handing each entry to the file scanners.</summary>
    private async Task<AgentlessVolumeScan> WalkAsync(AgentlessScan scan, AgentlessScanTarget target, AgentlessDiskScan disk, VolumeResult v, CancellationToken ct)
    {
        var p = v.Partition;
        var row = new AgentlessVolumeScan
        {
            Id = Guid.NewGuid(), DiskScanId = disk.Id, Index = p.Index, Scheme = p.Scheme, TypeId = p.TypeId, PartitionName = p.Name, Offset = p.Offset, Length = p.Length,
            FileSystem = v.FileSystem?.Kind, Label = v.FileSystem?.Label, Read = false, SkipReason = v.SkipReason,
        };
        if (v.FileSystem is not { } fs)
        {
            row.SkipReason ??= "no file system opened";
            return row;
        }
        var watch = Stopwatch.StartNew();
        var context = new FileScanContext(scan, target, disk, row, fs);
        foreach (var entry in fs.Walk(ct))
        {
            ct.ThrowIfCancellationRequested();
            switch (entry.Type)
            {
                case FileEntryType.File: row.Files++; row.ContentBytes += entry.Size; break;
                case FileEntryType.Directory: row.Directories++; break;
                case FileEntryType.Symlink: row.Symlinks++; break;
                default: row.OtherEntries++; break;
            }
            foreach (var s in _scanners) await s.ScanAsync(context, entry, ct);
        }
        foreach (var s in _scanners) await s.EndVolumeAsync(context, ct);
        row.Read = true;
        row.SkipReason = null;
        row.DurationMs = watch.ElapsedMilliseconds;
        return row;
    }

    private async Task SetStateAsync(AgentlessScan scan, DiskWork w, AgentlessDiskScan disk, AgentlessScanState state, TargetTally tally, CancellationToken ct)
    {
        disk.State = state;
        await store.UpdateDiskAsync(disk, ct);
        Publish(scan, w.Target, tally.Done, tally.Total, $"{disk.Name}: {state.Label()}", state);
    }

    private void Publish(AgentlessScan scan, AgentlessScanTarget target, int done, int total, string message, AgentlessScanState? state = null) =>
        board.Publish(new AgentlessTargetProgress(scan.Id, scan.AccountId, target.Id, target.HostId, target.Name, state ?? target.State, done, total, message, Now));

    private IDisposable StartLeaseRenewal(AgentlessScan scan, CancellationTokenSource cts)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, options.ClaimLeaseSeconds / 3.0));
        var timer = new Timer(_ =>
        {
            try
            {
                // A node that lost its claim (another node took the scan over as orphaned) stops.
                if (!store.RenewLeaseAsync(scan.Id, node.Name, Now.AddSeconds(options.ClaimLeaseSeconds)).GetAwaiter().GetResult()) cts.Cancel();
            }
            catch (Exception) { /* database hiccup: the next tick retries before the lease runs out */ }
        }, null, period, period);
        return timer;
    }

    // ---------------------------------------------------------------- sweeping and recovery

    /// <summary>Deletes the account's portal-tagged snapshots older than <paramref name="olderThan"/> (or, with
    /// <paramref name="scanId"/>, every snapshot of that scan whatever its age). Untagged snapshots are never touched.
    /// Returns how many were deleted and how many could not be.</summary>
    public async Task<(int Deleted, int Failed)> SweepAccountAsync(CloudAccount account, TimeSpan olderThan, Guid? scanId, CancellationToken ct)
    {
        CloudCredential credential;
        try { credential = account.OpenCredential(secrets); }
        catch (SecretUnreadableException) { return (0, 0); }
        var (deleted, failed) = (0, 0);
        var names = new List<string>();
        var now = clock.GetUtcNow();
        foreach (var subscription in account.Subscriptions)
        {
            var listed = await cloud.ListSnapshotsByTagAsync(credential, subscription.SubscriptionId, AgentlessTags.ScanId, ct);
            if (!listed.IsSuccess) { failed++; continue; }
            foreach (var snapshot in listed.Value)
            {
                if (!snapshot.Tags.TryGetValue(AgentlessTags.ScanId, out var owner) || string.IsNullOrWhiteSpace(owner)) continue;
                if (scanId is { } id) { if (!Guid.TryParse(owner, out var o) || o != id) continue; }
                else if (now - CreatedAt(snapshot) < olderThan) continue;
                // A snapshot with an active SAS cannot be deleted: revoke first (true also when none was granted).
                await cloud.RevokeSnapshotReadAsync(credential, snapshot.Id, ct);
                var gone = await cloud.DeleteSnapshotAsync(credential, snapshot.Id, ct);
                if (gone.IsSuccess) { deleted++; names.Add(snapshot.Name); }
                else failed++;
            }
        }
        if (deleted > 0 || failed > 0)
            await audit.RecordAsync(new AuditEvent("system", "agentless.sweep", $"{account.Name} ({account.Id})", failed == 0 ? AuditOutcome.Succeeded : AuditOutcome.Failed,
                node.AuditSource, $"{deleted} portal snapshot(s) deleted{(names.Count > 0 ? $" ({string.Join(", ", names.Take(20))})" : "")}; {failed} failed" +
                (scanId is { } s ? $"; of scan {s}" : $"; older than {olderThan.TotalMinutes:0} minutes")), CancellationToken.None);
        return (deleted, failed);
    }

    /// <summary>The start-up sweep: every account with the feature.</summary>
    public async Task SweepAllAsync(CancellationToken ct)
    {
        foreach (var account in await accounts.ListAsync(ct))
            if (account.Has(CloudFeature.Agentless))
                await SweepAccountAsync(account, options.SnapshotMaxAge, null, ct);
    }

    /// <summary>Fails the running scans whose node is gone ("portal restarted during the scan") and deletes their snapshots.</summary>
    public async Task<int> RecoverOrphansAsync(string? deadNode, CancellationToken ct)
    {
        var count = 0;
        foreach (var orphan in await store.ListOrphanedAsync(Now, deadNode, ct))
        {
            if (!await store.TryTakeOverAsync(orphan.Id, node.Name, Now, Now.AddSeconds(options.ClaimLeaseSeconds), deadNode, ct)) continue;
            count++;
            var scan = await store.GetAsync(orphan.Id, ct) ?? orphan;
            await store.ReleaseDisksAsync(scan.Id, PortalRestarted, "The portal restarted during the scan.", Now, ct);
            var account = await accounts.GetAsync(scan.AccountId, ct);
            var (deleted, failed) = account is null ? (0, 0) : await SweepAccountAsync(account, TimeSpan.Zero, scan.Id, ct);
            Fail(scan, new CloudError(PortalRestarted, $"The portal restarted during the scan (node {orphan.ClaimedBy}).",
                "portal restarted during the scan", $"Scan again. {deleted} snapshot(s) of the scan were deleted{(failed > 0 ? $", {failed} could not be (the sweeper retries)" : "")}."));
            scan.SnapshotsLeft = failed;
            scan.FinishedAt = Now;
            scan.ActiveKey = null;
            scan.ClaimedBy = null;
            scan.LeaseUntil = null;
            await store.UpdateAsync(scan, CancellationToken.None);
            await audit.RecordAsync(new AuditEvent("system", "agentless.scan", account is null ? $"{scan.Id}" : Describe(account, scan), AuditOutcome.Failed,
                node.AuditSource, Summary(scan)), CancellationToken.None);
        }
        return count;
    }

    // ---------------------------------------------------------------- helpers

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private bool Excluded(IReadOnlyDictionary<string, string> tags) =>
        tags.Any(t => t.Key.Equals(options.SkipTagName, StringComparison.OrdinalIgnoreCase) && t.Value.Trim().Equals(options.SkipTagValue, StringComparison.OrdinalIgnoreCase));

    private static void Fail(AgentlessScan scan, CloudError error)
    {
        scan.State = AgentlessScanState.Failed;
        scan.SetError(error);
    }

    private static DateTimeOffset CreatedAt(SnapshotInfo s) =>
        s.Tags.TryGetValue(AgentlessTags.Created, out var t) && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at : s.TimeCreated ?? DateTimeOffset.MinValue;

    public static string KindLabel(AgentlessScanKind kind) => kind == AgentlessScanKind.Server ? "Server check" : "Custom image check";

    private static string Describe(CloudAccount account, AgentlessScan scan) => $"{account.Name} ({account.Id}) scan {scan.Id}";

    private static string SourceName(string id) => id.TrimEnd('/').Split('/').Last();

    private static string? ResourceGroupOf(string id)
    {
        var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var i = Array.FindIndex(parts, p => p.Equals("resourceGroups", StringComparison.OrdinalIgnoreCase));
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : null;
    }

    private static string? SubscriptionOf(string id)
    {
        var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 1 && parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) ? parts[1] : null;
    }
}

/// <summary>Wakes this node's worker when a scan is queued here (other nodes find it on their next poll).</summary>
public sealed class AgentlessWorkSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>One node's loop: at start a sweep and the recovery of scans this node held before a restart; then claim queued scans
/// and run them, and fail the scans of nodes whose lease ran out.</summary>
public sealed class AgentlessWorker(IAgentlessScanStore store, AgentlessScanService service, AgentlessWorkSignal signal, AgentlessOptions options,
    PortalNode node, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await service.RecoverOrphansAsync(node.Name, ct);
            await service.SweepAllAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested) { /* the loop retries recovery; the scheduled job sweeps again */ }
        var running = new List<Task>();
        while (!ct.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            try
            {
                await service.RecoverOrphansAsync(null, ct);
                running.AddRange(await ClaimAndStartAsync(ct));
            }
            catch (Exception) when (!ct.IsCancellationRequested) { /* database hiccup: next round */ }
            try { await signal.WaitAsync(TimeSpan.FromMilliseconds(options.PollMilliseconds), ct); }
            catch (OperationCanceledException) { break; }
        }
        // Shutdown: running scans see the cancellation, clean up their snapshots and store their end.
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    public async Task<IReadOnlyList<Task>> ClaimAndStartAsync(CancellationToken ct)
    {
        var started = new List<Task>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var id in await store.ListQueuedAsync(10, ct))
        {
            if (!await store.TryClaimAsync(id, node.Name, now, now.AddSeconds(options.ClaimLeaseSeconds), ct)) continue;
            if (await store.GetAsync(id, ct) is not { } scan) continue;
            started.Add(Task.Run(() => service.RunAsync(scan, ct), CancellationToken.None));
        }
        return started;
    }
}
