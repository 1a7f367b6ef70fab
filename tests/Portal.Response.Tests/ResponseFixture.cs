using AzureSim;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Azure;
using Portal.Data;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Cloud;
using Portal.Domain.Response;
using Portal.Domain.Security;
using Portal.Domain.Sync;

namespace Portal.Response.Tests;

/// <summary>AzureSim with the demo tenant, the real connector, a migrated SQLite database and the response services wired as in the portal.</summary>
public sealed class ResponseFixture : IAsyncLifetime
{
    public AzureSimHost Sim { get; private set; } = null!;
    public AzureCloudConnector Connector { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public ContainmentService Service => Services.GetRequiredService<ContainmentService>();
    public ContainmentWorker Worker => Services.GetRequiredService<ContainmentWorker>();
    public IContainmentStore Store => Services.GetRequiredService<IContainmentStore>();
    public string SubscriptionId => Sim.SubscriptionId;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "portal-resp-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Sim = await AzureSimHost.StartAsync(new AzureSimOptions { Seed = "demo", RandomSeed = 42 });
        var options = new AzureConnectorOptions
        {
            ArmRetry = new AzureRetrySettings { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromSeconds(2), NetworkTimeout = TimeSpan.FromSeconds(20) },
        };
        options.EndpointOverrides[CloudKind.AzurePublic] = new AzureEndpointOverride
        {
            AuthorityHost = Sim.AuthorityHost, ArmEndpoint = Sim.ArmEndpoint, ArmAudience = Sim.ArmAudience, HandlerFactory = Sim.CreateTrustingHandler,
        };
        Connector = new AzureCloudConnector(options);
        Directory.CreateDirectory(_dir);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalData(DatabaseProvider.Sqlite, PortalDataExtensions.DefaultSqliteConnectionString(_dir), Path.Combine(_dir, "keys"));
        services.AddSingleton<ICloudConnector>(Connector);
        services.AddSingleton(new ContainmentOptions { ProtectedTags = ["role=domain-controller"], PollMilliseconds = 50 });
        services.AddSingleton(new PortalNode("test-node"));
        services.AddSingleton<ContainmentBoard>();
        services.AddSingleton<ContainmentWorkSignal>();
        services.AddSingleton<ContainmentExecutor>();
        services.AddSingleton<ContainmentWorker>();
        services.AddSingleton<ContainmentService>();
        Services = services.BuildServiceProvider();
        await using (var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync()) await db.Database.MigrateAsync();
    }

    /// <summary>Stores an account for the demo subscription with the given app registration and features.</summary>
    public async Task<CloudAccount> AccountAsync(string client, bool response = true, bool ready = true)
    {
        var c = Sim.Client(client);
        var account = new CloudAccount
        {
            Id = Guid.NewGuid(), Name = client, Cloud = CloudKind.AzurePublic, TenantId = c.TenantId, ClientId = c.ClientId,
            ProtectedClientSecret = Services.GetRequiredService<ISecretProtector>().Protect(c.Secret),
            Subscriptions = [new AccountSubscription(SubscriptionId, "Fabrikam Production")],
            Features = response ? [CloudFeature.Hosts, CloudFeature.Response] : [CloudFeature.Hosts],
            Readiness = [new FeatureReadiness(CloudFeature.Response, ready, ready ? [] : ["Microsoft.Network/networkSecurityGroups/securityRules/write"])],
            CreatedAt = DateTime.UtcNow, CreatedBy = "test",
        };
        var store = Services.GetRequiredService<IAccountStore>();
        foreach (var old in await store.ListAsync()) await store.DeleteAsync(old.Id);
        await store.AddAsync(account);
        return account;
    }

    public CloudCredential Credential(string client)
    {
        var c = Sim.Client(client);
        return new CloudCredential(CloudKind.AzurePublic, c.TenantId, c.ClientId, c.Secret);
    }

    /// <summary>Runs queued work on this node until the action is final.</summary>
    public async Task<ContainmentAction> RunAsync(Guid id)
    {
        for (var i = 0; i < 200; i++)
        {
            await Task.WhenAll(await Worker.ClaimAndStartAsync(CancellationToken.None));
            var a = (await Store.GetAsync(id))!;
            if (a.IsFinal && a.ClaimedBy is null) return a;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Action {id} did not finish.");
    }

    /// <summary>A VM of the demo tenant as the connector lists it.</summary>
    public async Task<VmInfo> VmAsync(string name)
    {
        var list = await Connector.ListVirtualMachinesAsync(Credential("fabrikam-portal-responder"), SubscriptionId);
        return list.Value.Vms.Single(v => v.Name == name);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sim.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
