using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using AzureSim;
using AzureSim.Seeds;

namespace AzureSim.Tests;

public class HostingTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int sig);

    [Fact]
    public async Task Command_line_prints_the_ready_line_and_serves()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AzureSim.dll");
        var certPath = Path.Combine(Path.GetTempPath(), $"azuresim-{Guid.NewGuid():N}.pem");
        var psi = new ProcessStartInfo("dotnet", $"\"{dll}\" --port 0 --seed demo --cert-out \"{certPath}\"")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var proc = Process.Start(psi)!;
        try
        {
            string? line;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do { line = await proc.StandardOutput.ReadLineAsync(); } while (line != null && !line.StartsWith("AZURESIM_READY ") && DateTime.UtcNow < deadline);
            Assert.NotNull(line);
            var info = JsonNode.Parse(line!["AZURESIM_READY ".Length..])!;
            var authority = new Uri(info["authority"]!.GetValue<string>());
            Assert.Equal("127.0.0.1", authority.Host);
            Assert.Equal(info["authority"]!.GetValue<string>(), info["arm"]!.GetValue<string>());
            var clients = info["clients"]!.AsArray();
            Assert.True(clients.Count >= 4);
            var responder = clients[0]!;
            Assert.Equal(["Reader", "Virtual Machine Contributor", "Network Contributor", "Disk Snapshot Contributor"], responder["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray());

            // trust the written certificate file (what an out-of-process client does)
            var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certPath));
            var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert != null && cert.Thumbprint == pem.Thumbprint };
            var transport = new HttpClientTransport(handler);
            var cred = new ClientSecretCredential(info["tenantId"]!.GetValue<string>(), responder["clientId"]!.GetValue<string>(), responder["secret"]!.GetValue<string>(),
                new ClientSecretCredentialOptions { AuthorityHost = authority, DisableInstanceDiscovery = true, Transport = transport });
            var arm = new ArmClient(cred, info["subscriptionId"]!.GetValue<string>(), new ArmClientOptions { Environment = new ArmEnvironment(authority, "https://management.azure.com/"), Transport = transport });
            var sub = await arm.GetDefaultSubscriptionAsync();
            Assert.Equal("Fabrikam Production", sub.Data.DisplayName);

            // "serves until killed": SIGTERM stops it cleanly
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(0, SysKill(proc.Id, 15));
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await proc.WaitForExitAsync(cts.Token);
                Assert.Equal(0, proc.ExitCode);
            }
        }
        finally
        {
            if (!proc.HasExited) proc.Kill(entireProcessTree: true);
            await proc.WaitForExitAsync();
            File.Delete(certPath);
        }
    }

    [Fact]
    public async Task Large_generator_makes_ten_thousand_vms_and_fifty_thousand_resources_deterministically()
    {
        var a = LargeSeed.Generate(10_000);
        var b = LargeSeed.Generate(10_000);
        Assert.Equal(10_000, a.Vms.Count);
        Assert.Equal(a.Vms.Select(v => v.Name + v.Power + v.PublicIp), b.Vms.Select(v => v.Name + v.Power + v.PublicIp));
        var sw = Stopwatch.StartNew();
        await using var host = await AzureSimHost.StartAsync(new AzureSimOptions { Seed = "large:10000", PageSize = 1000 });
        var startup = sw.Elapsed;
        Assert.True(host.State.ResourceCount >= 50_000, $"{host.State.ResourceCount} resources");
        Assert.Equal(10_000, host.State.ListResources("Microsoft.Compute/virtualMachines").Count);
        var c = host.Client("fabrikam-portal-reader");
        var transport = new HttpClientTransport(host.CreateTrustingHandler());
        var cred = new ClientSecretCredential(host.TenantId, c.ClientId, c.Secret, new ClientSecretCredentialOptions { AuthorityHost = host.AuthorityHost, DisableInstanceDiscovery = true, Transport = transport });
        var arm = new ArmClient(cred, host.SubscriptionId, new ArmClientOptions { Environment = new ArmEnvironment(host.ArmEndpoint, host.ArmAudience), Transport = transport });
        var sub = await arm.GetDefaultSubscriptionAsync();
        var count = 0;
        await foreach (var _ in sub.GetVirtualMachinesAsync()) count++;
        Assert.Equal(10_000, count);
        output.WriteLine($"large:10000 startup {startup.TotalSeconds:F1}s, {host.State.ResourceCount} resources; listing 10,000 VMs took {(sw.Elapsed - startup).TotalSeconds:F1}s");
        Assert.True(startup < TimeSpan.FromSeconds(60), $"startup {startup}");
    }

    [Fact]
    public async Task Seed_file_path_is_accepted()
    {
        var demo = SeedLoader.Resolve("demo");
        demo.Vms = demo.Vms.Take(3).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(demo, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
        try
        {
            await using var host = await AzureSimHost.StartAsync(new AzureSimOptions { Seed = path });
            Assert.Equal(3, host.State.ListResources("Microsoft.Compute/virtualMachines").Count);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task Demo_seed_shape()
    {
        await using var host = await AzureSimHost.StartAsync(new AzureSimOptions());
        var vms = host.State.ListResources("Microsoft.Compute/virtualMachines");
        Assert.True(vms.Count >= 40);
        Assert.True(vms.Select(v => v["location"]!.GetValue<string>()).Distinct().Count() >= 4, "several regions");
        var roles = host.Clients.ToDictionary(c => c.DisplayName, c => c.Roles);
        Assert.Equal(["Reader", "Virtual Machine Contributor", "Network Contributor", "Disk Snapshot Contributor"], roles["fabrikam-portal-responder"]);
        Assert.Equal(["Reader"], roles["fabrikam-portal-reader"]);
        Assert.Equal(["Fabrikam Portal Responder (least privilege)"], roles["fabrikam-portal-leastpriv"]);
        Assert.True(host.Client("fabrikam-portal-expired").Expired);
        Assert.Equal(host.Clients[0].ClientId, host.Client("fabrikam-portal-responder").ClientId);
    }
}
