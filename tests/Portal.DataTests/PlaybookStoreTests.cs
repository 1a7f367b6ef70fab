using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Cspm;
using Portal.Data;
using Portal.Domain.Cloud;
using Portal.Domain.Playbooks;
using Portal.Domain.Response;

namespace Portal.DataTests;

/// <summary>The playbook stores on both providers: the unique indexes that make alerts and runs happen once, optimistic run updates,
/// and JSON columns that round-trip.</summary>
public sealed class PlaybookStoreTests
{
    public static TheoryData<DatabaseProvider> Providers => SchemaTests.Providers;

    private static Alert NewAlert(string key) => new()
    {
        Id = Guid.NewGuid(), Source = "sentinel", ExternalId = "A-1", Severity = Severity.High, AttackerIp = "203.0.113.7",
        ReceivedAt = DateTime.UtcNow, ReceivedBy = "soar", DedupKey = key,
    };

    private static Playbook NewPlaybook(string name) => new()
    {
        Id = Guid.NewGuid(), Name = name, Enabled = true, TriggerKind = PlaybookTriggerKind.Alert, CreatedAt = DateTime.UtcNow, CreatedBy = "admin",
        Conditions = new PlaybookConditions { MinSeverity = Severity.High, VmTagEquals = "env=prod" },
        Actions = [new PlaybookAction { Kind = ContainmentKind.BlockIp, Scope = BlockIpScope.AlertResourceGroup, BothDirections = true },
                   new PlaybookAction { Kind = ContainmentKind.Power, PowerAction = VmPowerAction.Deallocate }],
        Approval = PlaybookApproval.RequiresApproval,
    };

    [Theory, MemberData(nameof(Providers))]
    public async Task The_same_alert_posted_at_once_many_times_is_stored_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext()) await ctx.Database.MigrateAsync();
        await using var services = db.Services();
        var alerts = services.GetRequiredService<IAlertStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => alerts.AddAsync(NewAlert("sentinel:A-1")))));
        Assert.Single(results, r => r.Added);
        Assert.Single(results.Select(r => r.Alert.Id).Distinct());
        var page = await alerts.QueryAsync(new AlertQuery());
        Assert.Equal(1, page.Total);
        Assert.Equal(results[0].Alert.Id, page.Items[0].Id);

        await alerts.AddAsync(NewAlert("other:1"));
        var low = NewAlert("other:2");
        low.Severity = Severity.Low;
        await alerts.AddAsync(low);
        Assert.Equal(2, (await alerts.QueryAsync(new AlertQuery { MinSeverity = Severity.High })).Total);
        Assert.Equal(3, (await alerts.QueryAsync(new AlertQuery { Source = "SENTINEL" })).Total);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Playbooks_round_trip_and_names_are_unique(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext()) await ctx.Database.MigrateAsync();
        await using var services = db.Services();
        var store = services.GetRequiredService<IPlaybookStore>();
        var p = NewPlaybook("Block");
        Assert.True(await store.AddAsync(p));
        Assert.False(await store.AddAsync(NewPlaybook("Block")));
        var read = (await store.GetAsync(p.Id))!;
        Assert.Equal(p.Conditions, read.Conditions);
        Assert.Equal(p.Actions, read.Actions);
        Assert.Equal((PlaybookApproval.RequiresApproval, (Severity?)null), (read.Approval, read.TriggerMinSeverity));

        var other = NewPlaybook("Other");
        Assert.True(await store.AddAsync(other));
        other.Name = "Block";
        Assert.False(await store.UpdateAsync(other));
        other.Name = "Renamed";
        other.TriggerKind = PlaybookTriggerKind.ConfigurationRisk;
        other.TriggerCheckId = "vm_public_ip";
        other.TriggerMinSeverity = Severity.Medium;
        Assert.True(await store.UpdateAsync(other));
        Assert.Equal(["Block", "Renamed"], (await store.ListAsync()).Select(x => x.Name));
        Assert.Equal(Severity.Medium, (await store.GetAsync(other.Id))!.TriggerMinSeverity);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_trigger_runs_a_playbook_once_and_stale_run_updates_lose(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext()) await ctx.Database.MigrateAsync();
        await using var services = db.Services();
        var playbook = NewPlaybook("Block");
        await services.GetRequiredService<IPlaybookStore>().AddAsync(playbook);
        var alert = (await services.GetRequiredService<IAlertStore>().AddAsync(NewAlert("k"))).Alert;
        var runs = services.GetRequiredService<IPlaybookRunStore>();
        PlaybookRun NewRun() => new()
        {
            Id = Guid.NewGuid(), PlaybookId = playbook.Id, PlaybookName = playbook.Name, TriggerRef = $"alert:{alert.Id}", AlertId = alert.Id,
            Status = PlaybookRunStatus.AwaitingApproval, CreatedAt = DateTime.UtcNow,
            Steps = [new PlaybookRunStep { Index = 0, Kind = ContainmentKind.BlockIp, Target = "203.0.113.7", Scope = "/subscriptions/s" }],
        };
        var added = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => runs.AddAsync(NewRun()))));
        Assert.Single(added, x => x);
        var stored = Assert.Single((await runs.QueryAsync(new PlaybookRunQuery { AlertId = alert.Id })).Items);
        Assert.Equal("/subscriptions/s", stored.Steps.Single().Scope);
        Assert.Equal([$"alert:{alert.Id}"], await runs.ExistingTriggersAsync(playbook.Id, [$"alert:{alert.Id}", "alert:other"]));

        // Two readers of the same version: the first save wins, the second is refused and changes nothing.
        var a = (await runs.GetAsync(stored.Id))!;
        var b = (await runs.GetAsync(stored.Id))!;
        a.Status = PlaybookRunStatus.Running;
        a.DecidedBy = "first";
        a.Steps[0].ContainmentId = Guid.NewGuid();
        a.Steps[0].Status = ContainmentStatus.Running;
        Assert.True(await runs.UpdateAsync(a));
        b.Status = PlaybookRunStatus.Rejected;
        b.DecidedBy = "second";
        Assert.False(await runs.UpdateAsync(b));
        var now = (await runs.GetAsync(stored.Id))!;
        Assert.Equal((PlaybookRunStatus.Running, "first", 1), (now.Status, now.DecidedBy, now.Version));
        Assert.Equal((ContainmentStatus?)ContainmentStatus.Running, now.Steps[0].Status);
        Assert.Equal(a.Steps[0].ContainmentId, now.Steps[0].ContainmentId);
        // The winner keeps saving with its bumped version.
        a.Status = PlaybookRunStatus.Succeeded;
        Assert.True(await runs.UpdateAsync(a));
        Assert.Equal(1, (await runs.QueryAsync(new PlaybookRunQuery { Status = PlaybookRunStatus.Succeeded })).Total);
        Assert.Equal(0, (await runs.QueryAsync(new PlaybookRunQuery { Status = PlaybookRunStatus.AwaitingApproval })).Total);
    }
}
