using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Sync;

namespace Portal.Jobs.Tests;

/// <summary>Each run resolves the application's runner in a DI scope of its own (the runner uses scoped services such as
/// a DbContext), and the scope is disposed when the run ends.</summary>
public sealed class ScopeTests : IDisposable
{
    private readonly SqliteFile _db = new();
    private readonly RunRecorder _recorder = new();

    public void Dispose() => _db.Dispose();

    private sealed class ScopedRunner(RunRecorder recorder, ConcurrentBag<ScopedRunner> seen) : IAccountSyncRunner, IDisposable
    {
        public bool Disposed { get; private set; }

        public Task<bool> RunAsync(Guid accountId, SyncKind kind, CancellationToken cancellationToken)
        {
            seen.Add(this);
            return recorder.RecordAsync("scoped", accountId, kind, cancellationToken);
        }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public async Task Every_run_gets_a_scope_of_its_own_disposed_afterwards()
    {
        var seen = new ConcurrentBag<ScopedRunner>();
        await using var host = await JobsHost.Build(_db.Options(), _recorder, configure: services =>
            services.AddScoped<IAccountSyncRunner>(sp => new ScopedRunner(_recorder, seen))).StartAsync();

        var account = Guid.NewGuid();
        await host.Scheduler.TriggerNowAsync(account, SyncKind.Hosts);
        await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account).Count == 1, TimeSpan.FromSeconds(5), "the first run");
        await host.Scheduler.TriggerNowAsync(account, SyncKind.Hosts);
        await RunRecorder.WaitUntilAsync(() => _recorder.RunsOf(account).Count == 2, TimeSpan.FromSeconds(5), "the second run");
        await RunRecorder.WaitUntilAsync(() => seen.All(r => r.Disposed), TimeSpan.FromSeconds(2), "the runs' scopes disposed");

        Assert.Equal(2, seen.Distinct().Count());
    }
}
