using System.Collections.Concurrent;
using System.Diagnostics;
using AzureSim;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Azure;
using Portal.Data;
using Portal.DiskImages;
using Portal.Domain.Accounts;
using Portal.Domain.Agentless;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Security;
using Portal.Domain.Sync;

namespace Portal.Agentless.Tests;

/// <summary>
/// AzureSim (demo tenant) in-process over HTTPS, the real connector and <see cref="BlobSnapshotReaderFactory"/>, the real
/// disk-image layer, a migrated SQLite database, and the agentless services wired as the portal wires them. Each test builds
/// its own service graph with <see cref="Build"/> (options, and optionally a wrapper around the connector or the reader factory).
/// </summary>
public sealed class AgentlessFixture : IAsyncLifetime
{
    public const string Responder = "fabrikam-portal-responder";
    public const string Reader = "fabrikam-portal-reader";
    public AzureSimHost Sim { get; private set; } = null!;
    public AzureCloudConnector Connector { get; private set; } = null!;
    public BlobSnapshotReaderFactory Readers { get; private set; } = null!;
    public string SubscriptionId => Sim.SubscriptionId;
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "portal-agentless-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Lazy<string> _ext4 , _mbrExt4;

    public AgentlessFixture()
    {
        _ext4 = new(() => TestImages.Ext4(Path.Combine(Dir, "images"), "ext4.img", TestImages.SmallTree(Path.Combine(Dir, "tree-a"), "a")));
        _mbrExt4 = new(() => TestImages.MbrWithExt4AndSwap(Path.Combine(Dir, "images"), "mbr.img", TestImages.SmallTree(Path.Combine(Dir, "tree-b"), "b")));
    }

    /// <summary>A bare ext4 file system (no partition table) made with mkfs.ext4 -d from <see cref="TestImages.SmallTree"/>.</summary>
    public string Ext4Image => _ext4.Value;
    /// <summary>An MBR disk: partition 1 ext4 (from a tree), partition 2 type 0x82 (swap), made with sfdisk.</summary>
    public string MbrImage => _mbrExt4.Value;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        Sim = await AzureSimHost.StartAsync(new AzureSimOptions { Seed = "demo", RandomSeed = 42 });
        var options = ConnectorOptions();
        Connector = new AzureCloudConnector(options);
        Readers = new BlobSnapshotReaderFactory(options);
    }

    public AzureConnectorOptions ConnectorOptions()
    {
        var options = new AzureConnectorOptions
        {
            ArmRetry = new AzureRetrySettings { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(2), NetworkTimeout = TimeSpan.FromSeconds(30) },
            BlobRetry = new AzureRetrySettings { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(30) },
        };
        options.EndpointOverrides[CloudKind.AzurePublic] = new AzureEndpointOverride
        {
            AuthorityHost = Sim.AuthorityHost, ArmEndpoint = Sim.ArmEndpoint, ArmAudience = Sim.ArmAudience, HandlerFactory = Sim.CreateTrustingHandler,
        };
        return options;
    }

    /// <summary>A fresh database and service graph. <paramref name="connector"/> / <paramref name="readers"/> wrap the real ones.</summary>
    public async Task<Scope> Build(AgentlessOptions? options = null, Func<ICloudConnector, ICloudConnector>? connector = null,
        Func<ISnapshotReaderFactory, ISnapshotReaderFactory>? readers = null, string node = "test-node")
    {
        var dir = Path.Combine(Dir, "db-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalData(DatabaseProvider.Sqlite, PortalDataExtensions.DefaultSqliteConnectionString(dir), Path.Combine(Dir, "keys"));
        services.AddSingleton(connector?.Invoke(Connector) ?? Connector);
        services.AddSingleton(readers?.Invoke(Readers) ?? Readers);
        services.AddSingleton(options ?? new AgentlessOptions { PollMilliseconds = 50 });
        services.AddSingleton(new PortalNode(node));
        services.AddSingleton<SyncProgressBoard>();
        services.AddSingleton<HostSyncService>();
        services.AddSingleton<AgentlessLimiter>();
        services.AddSingleton<AgentlessProgressBoard>();
        services.AddSingleton<AgentlessWorkSignal>();
        services.AddSingleton<IDiskOpener, DiskImageOpener>();
        services.AddSingleton<AgentlessScanService>();
        services.AddSingleton<AgentlessWorker>();
        services.AddSingleton(TimeProvider.System);
        var sp = services.BuildServiceProvider();
        await using (var db = await sp.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync()) await db.Database.MigrateAsync();
        return new Scope(this, sp);
    }

    public CloudCredential Credential(string client = Responder)
    {
        var c = Sim.Client(client);
        return new CloudCredential(CloudKind.AzurePublic, c.TenantId, c.ClientId, c.Secret);
    }

    public string VmId(string rg, string name) => $"/subscriptions/{SubscriptionId}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}";

    /// <summary>The portal's snapshots in the simulator, read back through the connector (the sweeper's own listing) and straight
    /// from the simulator's state, so a bug in one cannot hide a leftover.</summary>
    public async Task<IReadOnlyList<string>> PortalSnapshotsAsync()
    {
        var listed = await Connector.ListSnapshotsByTagAsync(Credential(), SubscriptionId, AgentlessTags.ScanId);
        Assert.True(listed.IsSuccess, listed.IsSuccess ? "" : listed.Error.Message);
        var inState = Sim.State.ListResources("Microsoft.Compute/snapshots").Select(s => (string?)s["name"] ?? "")
            .Where(n => n.StartsWith(AgentlessTags.NamePrefix, StringComparison.Ordinal));
        return listed.Value.Select(s => s.Name).Concat(inState).Distinct().ToList();
    }

    public async Task DisposeAsync()
    {
        Readers.Dispose();
        Connector.Dispose();
        await Sim.DisposeAsync();
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }

    /// <summary>One test's services and database.</summary>
    public sealed class Scope(AgentlessFixture f, ServiceProvider sp) : IAsyncDisposable
    {
        public ServiceProvider Services => sp;
        public AgentlessScanService Service => sp.GetRequiredService<AgentlessScanService>();
        public AgentlessWorker Worker => sp.GetRequiredService<AgentlessWorker>();
        public IAgentlessScanStore Store => sp.GetRequiredService<IAgentlessScanStore>();
        public IHostStore Hosts => sp.GetRequiredService<IHostStore>();
        public CloudAccount Account { get; private set; } = null!;

        /// <summary>Stores an account for the demo subscription and syncs its hosts (the real host sync).</summary>
        public async Task<CloudAccount> AccountAsync(string client = Responder, bool agentless = true, SyncPolicy? policy = null)
        {
            var c = f.Sim.Client(client);
            Account = new CloudAccount
            {
                Id = Guid.NewGuid(), Name = client, Cloud = CloudKind.AzurePublic, TenantId = c.TenantId, ClientId = c.ClientId,
                ProtectedClientSecret = sp.GetRequiredService<ISecretProtector>().Protect(c.Secret),
                Subscriptions = [new AccountSubscription(f.SubscriptionId, "Fabrikam Production")],
                Features = agentless ? [CloudFeature.Hosts, CloudFeature.Agentless] : [CloudFeature.Hosts],
                Policy = policy ?? new SyncPolicy(),
                CreatedAt = DateTime.UtcNow, CreatedBy = "test",
            };
            await sp.GetRequiredService<IAccountStore>().AddAsync(Account);
            Assert.True(await sp.GetRequiredService<HostSyncService>().SyncAsync(Account.Id, CancellationToken.None));
            return Account;
        }

        public async Task<Host> HostAsync(string name) =>
            (await Hosts.QueryAsync(new HostQuery { AccountId = Account.Id, Search = name, PageSize = 100 })).Items.Single(h => h.Name == name);

        /// <summary>Asks for a scan and runs it on this node to its end.</summary>
        public async Task<AgentlessScanDetail> ScanAsync(Guid? hostId = null, AgentlessScanKind kind = AgentlessScanKind.Server, TimeSpan? timeout = null)
        {
            var asked = await Service.RequestAsync(Account.Id, kind, hostId, "analyst@test", "test");
            Assert.True(asked.Ok, asked.Problem?.Detail);
            return await RunAsync(asked.Value.Scan.Id, timeout);
        }

        public async Task<AgentlessScanDetail> RunAsync(Guid scanId, TimeSpan? timeout = null)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < (timeout ?? TimeSpan.FromMinutes(4)))
            {
                await Task.WhenAll(await Worker.ClaimAndStartAsync(CancellationToken.None));
                var d = (await Store.GetDetailAsync(scanId))!;
                if (d.Scan.IsFinal && d.Scan.ClaimedBy is null) return d;
                await Task.Delay(50);
            }
            throw new TimeoutException($"Scan {scanId} did not finish.");
        }

        public async Task<string> OsDiskIdAsync(string rg, string vm)
        {
            var disks = await f.Connector.ListVmDisksAsync(f.Credential(), f.VmId(rg, vm));
            return disks.Value.Single(d => d.IsOsDisk).DiskId;
        }

        public ValueTask DisposeAsync() => sp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SimCollection : ICollectionFixture<AgentlessFixture>
{
    public const string Name = "AzureSim";
}

/// <summary>A connector that passes every call to the real one and counts the snapshots alive at once; optional faults.</summary>
public sealed class CountingConnector(ICloudConnector inner) : ICloudConnector
{
    private int _alive;
    public int MaxAlive;
    public readonly ConcurrentBag<string> Created = [], Deleted = [], Revoked = [];
    public Func<SnapshotCreateSpec, CloudError?>? FailCreate { get; set; }

    public Task<CloudResult<CredentialIdentity>> ValidateCredentialAsync(CloudCredential c, CancellationToken ct = default) => inner.ValidateCredentialAsync(c, ct);
    public Task<CloudResult<IReadOnlyList<SubscriptionInfo>>> ListSubscriptionsAsync(CloudCredential c, CancellationToken ct = default) => inner.ListSubscriptionsAsync(c, ct);
    public Task<CloudResult<SubscriptionInfo>> GetSubscriptionAsync(CloudCredential c, string s, CancellationToken ct = default) => inner.GetSubscriptionAsync(c, s, ct);
    public Task<CloudResult<IReadOnlyList<RegionInfo>>> ListRegionsAsync(CloudCredential c, string s, CancellationToken ct = default) => inner.ListRegionsAsync(c, s, ct);
    public Task<CloudResult<VmInventory>> ListVirtualMachinesAsync(CloudCredential c, string s, IProgress<int>? p = null, CancellationToken ct = default) => inner.ListVirtualMachinesAsync(c, s, p, ct);
    public Task<CloudResult<PermissionSet>> GetPermissionsAsync(CloudCredential c, string s, CancellationToken ct = default) => inner.GetPermissionsAsync(c, s, ct);
    public Task<CloudResult<VmInfo>> GetVirtualMachineAsync(CloudCredential c, string id, CancellationToken ct = default) => inner.GetVirtualMachineAsync(c, id, ct);
    public Task<CloudResult<IReadOnlyList<VmDiskInfo>>> ListVmDisksAsync(CloudCredential c, string id, CancellationToken ct = default) => inner.ListVmDisksAsync(c, id, ct);
    public Task<CloudResult<DiskAccessGrant>> GrantSnapshotReadAsync(CloudCredential c, string id, TimeSpan d, CancellationToken ct = default) => inner.GrantSnapshotReadAsync(c, id, d, ct);
    public Task<CloudResult<IReadOnlyList<SnapshotInfo>>> ListSnapshotsByTagAsync(CloudCredential c, string s, string t, CancellationToken ct = default) => inner.ListSnapshotsByTagAsync(c, s, t, ct);
    public Task<CloudResult<IReadOnlyList<CustomImageInfo>>> ListCustomImagesAsync(CloudCredential c, string s, CancellationToken ct = default) => inner.ListCustomImagesAsync(c, s, ct);

    public async Task<CloudResult<SnapshotInfo>> CreateSnapshotAsync(CloudCredential c, SnapshotCreateSpec spec, CancellationToken ct = default)
    {
        if (FailCreate?.Invoke(spec) is { } error) return error;
        var r = await inner.CreateSnapshotAsync(c, spec, ct);
        if (r.IsSuccess)
        {
            Created.Add(r.Value.Id);
            var now = Interlocked.Increment(ref _alive);
            lock (Created) MaxAlive = Math.Max(MaxAlive, now);
        }
        return r;
    }

    public async Task<CloudResult<bool>> RevokeSnapshotReadAsync(CloudCredential c, string id, CancellationToken ct = default)
    {
        var r = await inner.RevokeSnapshotReadAsync(c, id, ct);
        if (r.IsSuccess) Revoked.Add(id);
        return r;
    }

    public async Task<CloudResult<bool>> DeleteSnapshotAsync(CloudCredential c, string id, CancellationToken ct = default)
    {
        var r = await inner.DeleteSnapshotAsync(c, id, ct);
        if (r.IsSuccess && r.Value) { Deleted.Add(id); Interlocked.Decrement(ref _alive); }
        return r;
    }
}

/// <summary>Wraps the real reader factory: can run an action on the n-th read of a disk (cancel, fail, wait on a gate),
/// and remembers the SAS URLs it was given so a test can check they were revoked.</summary>
public sealed class HookedReaders(ISnapshotReaderFactory inner) : ISnapshotReaderFactory
{
    public readonly ConcurrentBag<Uri> Urls = [];
    /// <summary>Called before each read with the read's number (1-based, per disk); may throw or block.</summary>
    public Action<int>? BeforeRead { get; set; }

    public async Task<CloudResult<ISnapshotReader>> OpenAsync(DiskAccessGrant grant, CancellationToken ct = default)
    {
        Urls.Add(grant.SasUrl);
        var r = await inner.OpenAsync(grant, ct);
        return r.IsSuccess ? CloudResult<ISnapshotReader>.Ok(new Hooked(r.Value, this)) : r;
    }

    private sealed class Hooked(ISnapshotReader inner, HookedReaders owner) : ISnapshotReader
    {
        private int _reads;
        public long Length => inner.Length;
        public long BytesFetched => inner.BytesFetched;
        public int Requests => inner.Requests;
        public int Read(long offset, Span<byte> buffer)
        {
            owner.BeforeRead?.Invoke(Interlocked.Increment(ref _reads));
            return inner.Read(offset, buffer);
        }
        public void Dispose() => inner.Dispose();
    }
}
