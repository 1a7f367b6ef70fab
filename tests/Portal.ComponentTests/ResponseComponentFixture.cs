using System.Security.Claims;
using AzureSim;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;
using Portal.Azure;
using Portal.Data;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Playbooks;
using Portal.Domain.Response;
using Portal.Domain.Security;
using Portal.Domain.Sync;
using Portal.Web.Security;

namespace Portal.ComponentTests;

/// <summary>
/// The real services the Hosts, host and Response pages use: AzureSim's demo tenant behind the real Azure connector, a migrated
/// SQLite store in a temporary directory, the responder account onboarded with Hosts + Response and its 46 VMs synced once.
/// Each test builds its own bUnit context on these (services registered as the portal registers them).
/// </summary>
public sealed class ResponseComponentFixture : IAsyncLifetime
{
    public AzureSimHost Sim { get; private set; } = null!;
    public AzureCloudConnector Connector { get; private set; } = null!;
    public CloudAccount Account { get; private set; } = null!;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "portal-ui-resp-" + Guid.NewGuid().ToString("N")[..8]);
    private ServiceProvider _seed = null!;

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
        AddServices(services);
        _seed = services.BuildServiceProvider();
        await using (var db = await _seed.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync()) await db.Database.MigrateAsync();

        var c = Sim.Client("fabrikam-portal-responder");
        Account = new CloudAccount
        {
            Id = Guid.NewGuid(), Name = "Fabrikam response", Cloud = CloudKind.AzurePublic, TenantId = c.TenantId, ClientId = c.ClientId,
            ProtectedClientSecret = _seed.GetRequiredService<ISecretProtector>().Protect(c.Secret),
            Subscriptions = [new AccountSubscription(Sim.SubscriptionId, "Fabrikam Production")],
            Features = [CloudFeature.Hosts, CloudFeature.Response],
            Readiness = [new FeatureReadiness(CloudFeature.Response, true, [])],
            CreatedAt = DateTime.UtcNow, CreatedBy = "test",
        };
        await _seed.GetRequiredService<IAccountStore>().AddAsync(Account);
        Assert.True(await _seed.GetRequiredService<HostSyncService>().SyncAsync(Account.Id, CancellationToken.None), "The demo tenant's hosts did not sync.");
    }

    /// <summary>Registers what the pages inject, as Program.cs does (minus the web host).</summary>
    public void AddServices(IServiceCollection services)
    {
        services.AddLogging();
        services.AddPortalData(DatabaseProvider.Sqlite, PortalDataExtensions.DefaultSqliteConnectionString(_dir), Path.Combine(_dir, "keys"));
        services.AddSingleton<ICloudConnector>(Connector);
        services.AddSingleton(new PortalNode("component-test"));
        services.AddSingleton<SyncProgressBoard>();
        services.AddSingleton<HostSyncService>();
        services.AddSingleton<HostNetworkService>();
        services.AddSingleton(new ContainmentOptions { ProtectedTags = ["role=domain-controller"], PollMilliseconds = 50 });
        services.AddSingleton<ContainmentBoard>();
        services.AddSingleton<ContainmentWorkSignal>();
        services.AddSingleton<ContainmentExecutor>();
        services.AddSingleton<ContainmentWorker>();
        services.AddSingleton<ContainmentService>();
        services.AddSingleton<IContainmentRequests>(sp => sp.GetRequiredService<ContainmentService>());
        services.AddSingleton(new PlaybookEngineOptions());
        services.AddSingleton<PlaybookRunQueue>();
        services.AddSingleton<IPlaybookRunQueue>(sp => sp.GetRequiredService<PlaybookRunQueue>());
        services.AddSingleton<PlaybookEngine>();
        services.AddSingleton<PlaybookService>();
        services.AddHttpContextAccessor();
        services.AddAuthorizationCore();
        new AuthorizationBuilder(services).AddPortalPolicies();
    }

    /// <summary>A bUnit context with MudBlazor and the real services.</summary>
    public BunitContext Context()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        AddServices(ctx.Services);
        // bUnit puts a placeholder authorization service in first: the portal's own policies decide here.
        ctx.Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        return ctx;
    }

    /// <summary>Renders the component as a signed-in user of the role, inside MudBlazor's providers (popovers, dialogs, snackbars).</summary>
    public static IRenderedComponent<IComponent> Render<TComponent>(BunitContext ctx, string role, IDictionary<string, object?>? parameters = null)
        where TComponent : IComponent
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"{role.ToLowerInvariant()}@test"), new Claim(ClaimTypes.Role, role)], "test");
        var auth = Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity)));
        RenderFragment page = b =>
        {
            b.OpenComponent<TComponent>(0);
            var seq = 1;
            foreach (var (k, v) in parameters ?? new Dictionary<string, object?>()) b.AddAttribute(seq++, k, v);
            b.CloseComponent();
        };
        return ctx.Render(b =>
        {
            b.OpenComponent<CascadingValue<Task<AuthenticationState>>>(0);
            b.AddAttribute(1, "Value", auth);
            b.AddAttribute(2, "ChildContent", (RenderFragment)(c =>
            {
                c.OpenComponent<MudPopoverProvider>(0); c.CloseComponent();
                c.OpenComponent<MudDialogProvider>(1); c.CloseComponent();
                c.OpenComponent<MudSnackbarProvider>(2); c.CloseComponent();
                c.AddContent(3, page);
            }));
            b.CloseComponent();
        });
    }

    /// <summary>Runs queued containment work on this test's services until the action is final (the portal's worker does this in the background).</summary>
    public static async Task<ContainmentAction> RunAsync(IServiceProvider services, Guid id)
    {
        var worker = services.GetRequiredService<ContainmentWorker>();
        var store = services.GetRequiredService<IContainmentStore>();
        for (var i = 0; i < 400; i++)
        {
            await Task.WhenAll(await worker.ClaimAndStartAsync(CancellationToken.None));
            var a = (await store.GetAsync(id))!;
            if (a.IsFinal && a.ClaimedBy is null) return a;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Action {id} did not finish.");
    }

    public async Task<Host> HostAsync(string name) =>
        (await _seed.GetRequiredService<IHostStore>().QueryAsync(new HostQuery { Search = name, PageSize = 10 })).Items.Single(h => h.Name == name);

    public CloudCredential Credential()
    {
        var c = Sim.Client("fabrikam-portal-responder");
        return new CloudCredential(CloudKind.AzurePublic, c.TenantId, c.ClientId, c.Secret);
    }

    public async Task DisposeAsync()
    {
        await _seed.DisposeAsync();
        await Sim.DisposeAsync();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ResponseComponentCollection : ICollectionFixture<ResponseComponentFixture>
{
    public const string Name = "response components";
}
