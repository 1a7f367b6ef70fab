using AzureSim;

namespace Portal.Web.Hosting;

/// <summary>
/// The bundled Azure simulator the portal talks to in demo mode, and the demo tenant's app registrations.
/// Started by <see cref="PortalInitializer"/> once the portal's own host is built (a web host built earlier
/// would be mistaken for the portal's by hosting tools such as the test server).
/// </summary>
public sealed class DemoEnvironment : IAsyncDisposable
{
    private AzureSimHost? _simulator;

    public AzureSimHost Simulator => _simulator ?? throw new InvalidOperationException("The demo simulator has not been started yet.");
    public string TenantId => Simulator.TenantId;
    public string SubscriptionId => Simulator.SubscriptionId;

    /// <summary>The demo app registrations (simulator credentials, not real secrets).</summary>
    public IReadOnlyList<SimClientInfo> Clients => Simulator.Clients.Where(c => c.TenantId == Simulator.TenantId).ToList();

    public async Task StartAsync(CancellationToken ct = default) =>
        _simulator ??= await AzureSimHost.StartAsync(new AzureSimOptions { Seed = "demo" }, ct);

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null) await _simulator.DisposeAsync();
    }
}
