using System.Text.Json;

namespace Portal.BrowserTests;

/// <summary>The demo tenant of the portal's bundled simulator (src/AzureSim/Seeds/demo.json).</summary>
public static class DemoTenant
{
    private static readonly JsonElement Seed = JsonDocument.Parse(File.ReadAllText(Path.Combine(PortalProcess.RepositoryRoot(), "src", "AzureSim", "Seeds", "demo.json"))).RootElement;

    public static string TenantId => Seed.GetProperty("tenants")[0].GetProperty("id").GetString()!;
    public static int VmCount => Seed.GetProperty("vms").GetArrayLength();

    public static (string ClientId, string Secret) Client(string displayName)
    {
        var c = Seed.GetProperty("clients").EnumerateArray().First(x => x.GetProperty("displayName").GetString() == displayName);
        return (c.GetProperty("clientId").GetString()!, c.GetProperty("secret").GetString()!);
    }
}
