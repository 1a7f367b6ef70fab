using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Response;

namespace Portal.DataTests;

/// <summary>
/// The containment store on both providers as two portal nodes use it: each node has its own service provider (its own
/// contexts and connections), and the database alone decides who wins.
/// </summary>
public sealed class ContainmentStoreTests
{
    public static TheoryData<DatabaseProvider> Providers => SchemaTests.Providers;

    private const string Sub = "0b1f6471-1bf0-4dda-aec3-444455556666";
    private static readonly DateTime T0 = new(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);
    private static string Vm(string name) => $"/subscriptions/{Sub}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/{name}";

    private sealed class Node : IAsyncDisposable
    {
        public required ServiceProvider Services { get; init; }
        public IContainmentStore Store => Services.GetRequiredService<IContainmentStore>();
        public ValueTask DisposeAsync() => Services.DisposeAsync();
    }

    private static async Task<(TestDatabase Db, Node A, Node B)> SetUpAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext()) await ctx.Database.MigrateAsync();
        return (db, new Node { Services = db.Services() }, new Node { Services = db.Services() });
    }

    private static ContainmentAction Draft(string ip, string? idempotencyKey = null, ContainmentStatus status = ContainmentStatus.Requested, DateTime? at = null) => new()
    {
        Id = Guid.NewGuid(), Kind = ContainmentKind.BlockIp, Status = status, AccountId = Guid.NewGuid(), SubscriptionId = Sub,
        Target = ip, Scope = Vm("web-01"), Reason = "brute force", RequestedBy = "analyst", RequestedAt = at ?? T0,
        IdempotencyKey = idempotencyKey, ActiveKey = ContainmentAction.KeyOf(ContainmentKind.BlockIp, ip, Vm("web-01"), null),
    };

    private static async Task<int> CountAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.ContainmentActions.CountAsync();
    }

    /// <summary>Starts every insert at once from both nodes (half each) and returns what each call got back.</summary>
    private static async Task<(ContainmentAction Action, bool Created)[]> RaceAsync(Node a, Node b, Func<int, ContainmentAction> draft, int count = 8)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await (i % 2 == 0 ? a : b).Store.AddOrGetAsync(draft(i));
        })).ToList();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Concurrent_requests_with_one_idempotency_key_store_one_action_and_all_get_it(DatabaseProvider provider)
    {
        var (db, a, b) = await SetUpAsync(provider);
        await using (db) await using (a) await using (b)
        {
            // Different addresses (different active keys): only the idempotency key makes them the same request.
            var results = await RaceAsync(a, b, i => Draft($"203.0.113.{i + 1}", idempotencyKey: "soar-retry-1"));
            Assert.Single(results, r => r.Created);
            var winner = results.Single(r => r.Created).Action;
            Assert.All(results, r => Assert.Equal(winner.Id, r.Action.Id));
            Assert.All(results, r => Assert.Equal(winner.Target, r.Action.Target));
            Assert.Equal(1, await CountAsync(db));
            Assert.Equal(winner.Id, (await b.Store.FindAsync("soar-retry-1", null))!.Id);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Concurrent_requests_for_the_same_containment_store_one_active_action(DatabaseProvider provider)
    {
        var (db, a, b) = await SetUpAsync(provider);
        await using (db) await using (a) await using (b)
        {
            var results = await RaceAsync(a, b, _ => Draft("198.51.100.7"));
            Assert.Single(results, r => r.Created);
            Assert.Single(results.Select(r => r.Action.Id).Distinct());
            Assert.Equal(1, await CountAsync(db));

            // Once undone (active key released) the same containment can be asked for again, and a second still collides.
            var first = results[0].Action;
            first.Status = ContainmentStatus.Undone;
            first.ActiveKey = null;
            await a.Store.UpdateAsync(first);
            var again = await RaceAsync(a, b, _ => Draft("198.51.100.7"), count: 4);
            Assert.Single(again, r => r.Created);
            Assert.NotEqual(first.Id, again.Single(r => r.Created).Action.Id);
            Assert.Equal(2, await CountAsync(db));
            Assert.Equal(again.Single(r => r.Created).Action.Id, (await a.Store.FindAsync(null, first.ActiveKey ?? Draft("198.51.100.7").ActiveKey))!.Id);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Two_workers_claiming_at_once_each_action_goes_to_exactly_one(DatabaseProvider provider)
    {
        var (db, a, b) = await SetUpAsync(provider);
        await using (db) await using (a) await using (b)
        {
            var ids = new List<Guid>();
            for (var i = 0; i < 12; i++) ids.Add((await a.Store.AddOrGetAsync(Draft($"192.0.2.{i + 1}", at: T0.AddSeconds(i)))).Action.Id);
            Assert.Equal(ids, await b.Store.ListClaimableAsync(T0, 50));

            // Both nodes see the same queue and try every action at the same moment.
            using var start = new ManualResetEventSlim();
            async Task<List<Guid>> Worker(Node node, string name)
            {
                await Task.Yield();
                start.Wait();
                var won = new List<Guid>();
                foreach (var id in await node.Store.ListClaimableAsync(T0, 50))
                    if (await node.Store.TryClaimAsync(id, name, T0, T0.AddMinutes(10))) won.Add(id);
                return won;
            }
            var wa = Task.Run(() => Worker(a, "node-a"));
            var wb = Task.Run(() => Worker(b, "node-b"));
            start.Set();
            var (claimedA, claimedB) = (await wa, await wb);

            Assert.Empty(claimedA.Intersect(claimedB));
            Assert.Equal(ids.Order(), claimedA.Concat(claimedB).Order());
            foreach (var id in ids)
            {
                var stored = (await a.Store.GetAsync(id))!;
                Assert.Equal(ContainmentStatus.Running, stored.Status);
                Assert.Equal(claimedA.Contains(id) ? "node-a" : "node-b", stored.ClaimedBy);
                Assert.Equal(T0, stored.StartedAt);
            }
            Assert.Empty(await a.Store.ListClaimableAsync(T0.AddMinutes(1), 50));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_expired_lease_lets_another_node_take_the_work_over_but_a_live_one_does_not(DatabaseProvider provider)
    {
        var (db, a, b) = await SetUpAsync(provider);
        await using (db) await using (a) await using (b)
        {
            var id = (await a.Store.AddOrGetAsync(Draft("192.0.2.200"))).Action.Id;
            Assert.True(await a.Store.TryClaimAsync(id, "node-a", T0, T0.AddSeconds(30)));
            Assert.False(await a.Store.TryClaimAsync(id, "node-a", T0, T0.AddSeconds(30)));

            // Node A goes quiet. Before the lease runs out node B neither sees nor gets the action.
            var during = T0.AddSeconds(29);
            Assert.DoesNotContain(id, await b.Store.ListClaimableAsync(during, 50));
            Assert.False(await b.Store.TryClaimAsync(id, "node-b", during, during.AddSeconds(30)));
            Assert.Equal("node-a", (await b.Store.GetAsync(id))!.ClaimedBy);

            // After it, exactly one of two nodes racing for it takes it over; the status stays Running (the apply resumes).
            var after = T0.AddSeconds(31);
            Assert.Contains(id, await b.Store.ListClaimableAsync(after, 50));
            var race = await Task.WhenAll(
                Task.Run(() => b.Store.TryClaimAsync(id, "node-b", after, after.AddSeconds(30))),
                Task.Run(() => a.Store.TryClaimAsync(id, "node-c", after, after.AddSeconds(30))));
            Assert.Single(race, won => won);
            var taken = (await a.Store.GetAsync(id))!;
            Assert.Equal(race[0] ? "node-b" : "node-c", taken.ClaimedBy);
            Assert.Equal(ContainmentStatus.Running, taken.Status);
            Assert.Equal(after.AddSeconds(30), taken.LeaseUntil);
            Assert.Equal(T0, taken.StartedAt);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Work_a_node_released_part_way_is_taken_up_again_by_exactly_one_node(DatabaseProvider provider)
    {
        var (db, a, b) = await SetUpAsync(provider);
        await using (db) await using (a) await using (b)
        {
            var action = (await a.Store.AddOrGetAsync(Draft("192.0.2.202"))).Action;
            Assert.True(await a.Store.TryClaimAsync(action.Id, "node-a", T0, T0.AddMinutes(10)));
            // Node A shuts down mid-apply: it stores the undo records it has and lets go of its claim; the status stays Running.
            var running = (await a.Store.GetAsync(action.Id))!;
            running.UndoItems.Add(new UndoItem(UndoKind.BlockPrefixes, "/nsg", "portal-block-inbound", ["192.0.2.202"]));
            running.ClaimedBy = null;
            await a.Store.UpdateAsync(running);

            var now = T0.AddSeconds(5);
            Assert.Contains(action.Id, await b.Store.ListClaimableAsync(now, 50));
            var race = await Task.WhenAll(
                Task.Run(() => a.Store.TryClaimAsync(action.Id, "node-a2", now, now.AddMinutes(10))),
                Task.Run(() => b.Store.TryClaimAsync(action.Id, "node-b", now, now.AddMinutes(10))));
            Assert.Single(race, won => won);
            var resumed = (await b.Store.GetAsync(action.Id))!;
            Assert.Equal(ContainmentStatus.Running, resumed.Status);
            Assert.Equal(race[0] ? "node-a2" : "node-b", resumed.ClaimedBy);
            Assert.Single(resumed.UndoItems);
            Assert.Empty(await b.Store.ListClaimableAsync(now, 50));
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Undo_pressed_on_two_nodes_at_once_is_requested_once_and_claimed_once(DatabaseProvider provider)
    {
        var (db, a, b) = await SetUpAsync(provider);
        await using (db) await using (a) await using (b)
        {
            var action = Draft("192.0.2.201", status: ContainmentStatus.Succeeded);
            action.UndoItems.Add(new UndoItem(UndoKind.BlockPrefixes, "/nsg", "portal-block-inbound", ["192.0.2.201"]));
            await a.Store.AddOrGetAsync(action);

            var presses = await Task.WhenAll(
                Task.Run(() => a.Store.TryRequestUndoAsync(action.Id, "alice", "false positive", T0)),
                Task.Run(() => b.Store.TryRequestUndoAsync(action.Id, "bob", "false positive", T0)));
            Assert.Single(presses, p => p);
            var stored = (await a.Store.GetAsync(action.Id))!;
            Assert.Equal(ContainmentStatus.Undoing, stored.Status);
            Assert.Equal(presses[0] ? "alice" : "bob", stored.UndoRequestedBy);
            Assert.Single(stored.UndoItems);

            var claims = await Task.WhenAll(
                Task.Run(() => a.Store.TryClaimAsync(action.Id, "node-a", T0, T0.AddMinutes(1))),
                Task.Run(() => b.Store.TryClaimAsync(action.Id, "node-b", T0, T0.AddMinutes(1))));
            Assert.Single(claims, c => c);
            // An undo cannot be requested again while it runs.
            Assert.False(await a.Store.TryRequestUndoAsync(action.Id, "carol", "again", T0));
        }
    }
}
