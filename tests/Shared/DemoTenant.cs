using System.Text.Json;

namespace Portal.Tests.Shared;

/// <summary>
/// The demo tenant the portal's bundled simulator serves (src/AzureSim/Seeds/demo.json): simulator credentials,
/// not real secrets. Linked into the test projects that drive the portal in demo mode.
/// </summary>
public static class DemoTenant
{
    private static readonly JsonElement Seed = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "AzureSim", "Seeds", "demo.json"))).RootElement;

    public static string TenantId => Seed.GetProperty("tenants")[0].GetProperty("id").GetString()!;
    public static string SubscriptionId => Seed.GetProperty("subscriptions")[0].GetProperty("id").GetString()!;
    public static int VmCount => Seed.GetProperty("vms").GetArrayLength();

    public static (string ClientId, string Secret) Client(string displayName)
    {
        var c = Seed.GetProperty("clients").EnumerateArray().First(x => x.GetProperty("displayName").GetString() == displayName);
        return (c.GetProperty("clientId").GetString()!, c.GetProperty("secret").GetString()!);
    }

    public static (string ClientId, string Secret) Responder => Client("fabrikam-portal-responder");
    public static (string ClientId, string Secret) Reader => Client("fabrikam-portal-reader");
    public static (string ClientId, string Secret) Expired => Client("fabrikam-portal-expired");

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
    }
}
