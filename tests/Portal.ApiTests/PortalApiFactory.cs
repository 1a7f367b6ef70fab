using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Portal.ApiTests;

/// <summary>The portal in memory, on its real SQLite database in a throw-away data directory, with a clock the tests can move.</summary>
public sealed class PortalApiFactory : WebApplicationFactory<Program>
{
    public const string BootstrapToken = "api-test-bootstrap-token-0123456789abcdefghij";
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "portal-api-" + Guid.NewGuid().ToString("N")[..8]);
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:DataDirectory", DataDirectory);
        builder.UseSetting("Portal:AdminEmail", "admin@api.test");
        builder.UseSetting("Portal:AdminPassword", "Api-Test-Passw0rd");
        builder.UseSetting("Portal:BootstrapApiToken", BootstrapToken);
        builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        if (Environment.GetEnvironmentVariable("PORTAL_TEST_LOG") == "1") builder.ConfigureLogging(l => l.AddSimpleConsole());
    }

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Admin() => ClientWithToken(BootstrapToken);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A clock that stands still until a test moves it (token expiry).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
