using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Playbooks;
using Portal.Domain.Response;

namespace Portal.Playbooks.Tests;

/// <summary>The playbook services on a fresh, migrated SQLite database with one Response account (two subscriptions) and three VMs.</summary>
public sealed class PlaybookWorld : IAsyncDisposable
{
    public const string Sub1 = "11111111-1111-1111-1111-111111111111";
    public const string Sub2 = "22222222-2222-2222-2222-222222222222";
    public static readonly string Web1 = $"/subscriptions/{Sub1}/resourcegroups/rg-web/providers/microsoft.compute/virtualmachines/web-1";
    public static readonly string Db1 = $"/subscriptions/{Sub1}/resourcegroups/rg-data/providers/microsoft.compute/virtualmachines/db-1";
    public static readonly string Db1Other = $"/subscriptions/{Sub2}/resourcegroups/rg-other/providers/microsoft.compute/virtualmachines/db-1";

    private readonly string _directory;
    private readonly ServiceProvider _services;
    public RecordingContainment Containment { get; } = new();
    public PlaybookRunQueue Queue { get; } = new();

    private PlaybookWorld(string directory, ServiceProvider services)
    {
        _directory = directory;
        _services = services;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();
    public PlaybookEngine Engine => Get<PlaybookEngine>();
    public PlaybookService Playbooks => Get<PlaybookService>();
    public AlertService Alerts => Get<AlertService>();

    public static async Task<PlaybookWorld> CreateAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "portal-playbooks-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalData(DatabaseProvider.Sqlite, PortalDataExtensions.DefaultSqliteConnectionString(dir), Path.Combine(dir, "keys"));
        var world = default(PlaybookWorld);
        services.AddSingleton<IContainmentRequests>(_ => world!.Containment);
        services.AddSingleton<IPlaybookRunQueue>(_ => world!.Queue);
        services.AddSingleton(new PlaybookEngineOptions { StepTimeout = TimeSpan.FromSeconds(5) });
        services.AddSingleton<PlaybookEngine>();
        services.AddSingleton<PlaybookService>();
        services.AddSingleton<AlertService>();
        world = new PlaybookWorld(dir, services.BuildServiceProvider());
        await using (var db = await world.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync()) await db.Database.MigrateAsync();
        await world.SeedAsync();
        return world;
    }

    private async Task SeedAsync()
    {
        var account = new CloudAccount
        {
            Id = Guid.NewGuid(), Name = "Fabrikam", TenantId = "t", ClientId = "c", ProtectedClientSecret = "x", CreatedAt = DateTime.UtcNow, CreatedBy = "test",
            Subscriptions = [new(Sub1, "Production"), new(Sub2, "Other")], Features = [CloudFeature.Hosts, CloudFeature.Response],
        };
        await Get<IAccountStore>().AddAsync(account);
        var hosts = Get<IHostStore>();
        await hosts.ApplySyncAsync(account.Id, Sub1, [Vm(Web1, "web-1", "rg-web", Sub1, ("role", "web")), Vm(Db1, "db-1", "rg-data", Sub1, ("role", "db"))], DateTime.UtcNow);
        await hosts.ApplySyncAsync(account.Id, Sub2, [Vm(Db1Other, "db-1", "rg-other", Sub2, ("role", "db"))], DateTime.UtcNow);
    }

    private static Host Vm(string id, string name, string rg, string sub, (string Key, string Value) tag) => new()
    {
        ResourceId = id, Name = name, ResourceGroup = rg, SubscriptionId = sub, Location = "westeurope", PowerState = "running",
        Tags = new() { [tag.Key] = tag.Value },
    };

    /// <summary>Adds a playbook through the service (validated, audited) and returns it.</summary>
    public async Task<Playbook> AddAsync(PlaybookDefinition definition)
    {
        var outcome = await Playbooks.CreateAsync(definition, "admin@test", "127.0.0.1");
        Assert.True(outcome.Ok, outcome.Problem?.Detail);
        return outcome.Value!;
    }

    /// <summary>Executes every queued run, as the portal's background worker does.</summary>
    public async Task DrainAsync()
    {
        while (Queue.Reader.TryRead(out var id)) await Engine.ExecuteAsync(id);
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditAsync(string action) =>
        (await Get<IAuditLog>().QueryAsync(new AuditQuery { Action = action, PageSize = 200 })).Items;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
