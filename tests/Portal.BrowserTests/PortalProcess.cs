using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.BrowserTests;

/// <summary>The portal's real build output, started as its own process on a free loopback port with a throw-away data directory.</summary>
public sealed class PortalProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@browser.test";
    public const string AdminPassword = "Browser-Test-Passw0rd";
    public const string BootstrapToken = "browser-test-bootstrap-token-0123456789abcdef";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    public Uri BaseUri { get; }
    public string DataDirectory { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    private PortalProcess(Process process, Uri baseUri, string dataDirectory)
    {
        _process = process;
        BaseUri = baseUri;
        DataDirectory = dataDirectory;
    }

    public static async Task<PortalProcess> StartAsync(IDictionary<string, string?>? environment = null, string? dataDirectory = null)
    {
        var port = FreePort();
        var data = dataDirectory ?? NewDataDirectory();
        var info = StartInfo(data, port, environment);
        var process = Process.Start(info)!;
        var portal = new PortalProcess(process, new Uri($"http://127.0.0.1:{port}/"), data);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (portal._output) portal._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (portal._output) portal._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The portal exited with {process.ExitCode}:\n{portal.Output}");
            try
            {
                if ((await http.GetAsync(new Uri(portal.BaseUri, "healthz"))).StatusCode == HttpStatusCode.OK) return portal;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        await portal.DisposeAsync();
        throw new TimeoutException($"The portal did not become healthy in 60 s:\n{portal.Output}");
    }

    /// <summary>Runs the portal expecting it to stop by itself (a start-up failure); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IDictionary<string, string?> environment, TimeSpan timeout)
    {
        var data = NewDataDirectory();
        try
        {
            using var process = Process.Start(StartInfo(data, FreePort(), environment))!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try { await process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The portal was expected to stop but was still running after {timeout}.");
            }
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Stops the process but keeps its data directory (for restart tests).</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public static string NewDataDirectory()
    {
        var data = Path.Combine(Path.GetTempPath(), "portal-browser-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        return data;
    }

    private static ProcessStartInfo StartInfo(string data, int port, IDictionary<string, string?>? environment)
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "Portal.Web", "bin", BuildConfiguration, "net10.0", "Portal.Web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the portal first: {dll} is missing.");
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = data,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Portal__DataDirectory"] = data;
        info.Environment["Portal__AdminEmail"] = AdminEmail;
        info.Environment["Portal__AdminPassword"] = AdminPassword;
        info.Environment["Portal__BootstrapApiToken"] = BootstrapToken;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
        {
            if (v is null) info.Environment.Remove(k);
            else info.Environment[k] = v;
        }
        return info;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    public static string RepositoryRoot() => DemoTenant.RepositoryRoot();

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
