using Portal.Domain.Auditing;
using Portal.Domain.Risks;

namespace Portal.Risks.Tests;

public sealed class WhitelistServiceTests
{
    private const string Sub = "0b1f6471-1bf0-4dda-aec3-aaaabbbbcccc";

    private sealed class Clock : TimeProvider
    {
        public DateTime Now { get; set; } = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);
        public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
    }

    private sealed class MemoryAudit : IAuditLog
    {
        public List<AuditEvent> Events { get; } = [];
        public Task RecordAsync(AuditEvent e, CancellationToken ct = default) { Events.Add(e); return Task.CompletedTask; }
        public Task<PagedResult<AuditEntry>> QueryAsync(AuditQuery q, CancellationToken ct = default) => throw new NotSupportedException();
    }

    private sealed class MemoryStore : IWhitelistStore
    {
        public Dictionary<Guid, WhitelistEntry> Rows { get; } = [];
        public Task AddAsync(WhitelistEntry e, CancellationToken ct = default) { Rows[e.Id] = e; return Task.CompletedTask; }
        public Task<bool> UpdateAsync(WhitelistEntry e, CancellationToken ct = default) { if (!Rows.ContainsKey(e.Id)) return Task.FromResult(false); Rows[e.Id] = e; return Task.FromResult(true); }
        public Task<WhitelistEntry?> GetAsync(Guid id, CancellationToken ct = default) => Task.FromResult(Rows.GetValueOrDefault(id));
        public Task<PagedResult<WhitelistEntry>> QueryAsync(WhitelistQuery q, CancellationToken ct = default) =>
            Task.FromResult(new PagedResult<WhitelistEntry>(Rows.Count, Rows.Values.ToList()));
        public Task<IReadOnlyList<WhitelistEntry>> ListActiveAsync(DateTime now, IReadOnlyCollection<string>? checkIds = null, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<WhitelistEntry>>(Rows.Values.Where(e => e.IsActive(now)).ToList());
    }

    [Fact]
    public async Task Add_validates_normalises_and_audits_every_attempt()
    {
        var (store, audit, clock) = (new MemoryStore(), new MemoryAudit(), new Clock());
        var service = new WhitelistService(store, audit, clock);

        var bad = new WhitelistRequest[]
        {
            new(null, WhitelistScopeType.Subscription, Sub, "r", null),
            new("azure-no-such-check", WhitelistScopeType.Subscription, Sub, "r", null),
            new("azure-storage-secure-transfer", WhitelistScopeType.Subscription, "not-a-guid", "r", null),
            new("azure-storage-secure-transfer", WhitelistScopeType.Subscription, Sub, null, null),
            new("azure-storage-secure-transfer", WhitelistScopeType.Subscription, Sub, new string('x', WhitelistService.MaxReasonLength + 1), null),
            new("azure-storage-secure-transfer", WhitelistScopeType.Subscription, Sub, "r", clock.Now),
        };
        foreach (var request in bad)
        {
            var outcome = await service.AddAsync(request, "alice", "10.0.0.1");
            Assert.False(outcome.Ok);
            Assert.Equal("InvalidInput", outcome.Problem!.Code);
        }
        Assert.Empty(store.Rows);
        Assert.Equal(bad.Length, audit.Events.Count(e => e.Action == "whitelist.add" && e.Outcome == AuditOutcome.Failed));

        var ok = await service.AddAsync(new("AZURE-STORAGE-SECURE-TRANSFER", WhitelistScopeType.Subscription, $"/subscriptions/{Sub.ToUpperInvariant()}", "  accepted  ", clock.Now.AddDays(30)), "alice", "10.0.0.1");
        Assert.True(ok.Ok);
        var e = store.Rows.Values.Single();
        Assert.Equal(("azure-storage-secure-transfer", Sub, "accepted", "alice", clock.Now), (e.CheckId, e.ScopeValue, e.Reason, e.CreatedBy, e.CreatedAt));
        var added = audit.Events.Last();
        Assert.Equal(("alice", "whitelist.add", AuditOutcome.Succeeded, "10.0.0.1"), (added.Actor, added.Action, added.Outcome, added.Source));
        Assert.Contains("accepted", added.Detail);
    }

    [Fact]
    public async Task Update_and_remove_are_audited_and_a_removed_entry_cannot_be_edited()
    {
        var (store, audit, clock) = (new MemoryStore(), new MemoryAudit(), new Clock());
        var service = new WhitelistService(store, audit, clock);
        var id = (await service.AddAsync(new("azure-storage-min-tls", WhitelistScopeType.Tag, "env=dev", "dev only", null), "alice", null)).Value!.Id;

        clock.Now = clock.Now.AddHours(1);
        Assert.False((await service.UpdateAsync(id, new("azure-storage-min-tls", WhitelistScopeType.Tag, "env", "dev only", null), "bob", null)).Ok);
        var updated = await service.UpdateAsync(id, new("azure-storage-min-tls", WhitelistScopeType.Tag, "env=test", "test only", clock.Now.AddDays(7)), "bob", null);
        Assert.True(updated.Ok);
        Assert.Equal(("env=test", "test only", "bob", clock.Now), (updated.Value!.ScopeValue, updated.Value.Reason, updated.Value.UpdatedBy, updated.Value.UpdatedAt));
        var updateEvent = audit.Events.Last();
        Assert.Equal(("whitelist.update", AuditOutcome.Succeeded), (updateEvent.Action, updateEvent.Outcome));
        Assert.Contains("env=dev", updateEvent.Detail);
        Assert.Contains("env=test", updateEvent.Detail);

        Assert.True(await service.RemoveAsync(id, "carol", null));
        Assert.Equal(("carol", clock.Now), (store.Rows[id].RemovedBy, store.Rows[id].RemovedAt));
        Assert.Equal("whitelist.remove", audit.Events.Last().Action);
        Assert.False(await service.RemoveAsync(id, "carol", null));
        Assert.False((await service.UpdateAsync(id, new("azure-storage-min-tls", WhitelistScopeType.Tag, "env=x", "x", null), "bob", null)).Ok);
        Assert.False(await service.RemoveAsync(Guid.NewGuid(), "carol", null));
    }
}
