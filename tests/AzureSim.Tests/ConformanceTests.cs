using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace AzureSim.Tests;

/// <summary>
/// Replays the request of each official example in shared/azure-api-examples against the simulator (seeded with the demo tenant)
/// and compares the response SHAPE (property names, nesting, JSON types) with the example's response.
/// Arrays: the example's first element is compared with the simulator's first element; an empty simulator array matches any element type.
/// Properties Azure itself only returns when a feature is configured are listed per example as "absent when unset" (never a type mismatch).
/// </summary>
public class ConformanceTests(SimFixture f, ITestOutputHelper output) : IClassFixture<SimFixture>
{
    public sealed record Case(string File, string Method, string PathTemplate, string? Body = null, string[]? AbsentWhenUnset = null, string? ResponseFrom = null)
    {
        public override string ToString() => File;
    }

    private const string Web = "rg-prod-web-eus";

    public static readonly Case[] Cases =
    [
        new("compute/VirtualMachine_ListAll_MinimumSet_Gen.json", "GET", "/subscriptions/{sub}/providers/Microsoft.Compute/virtualMachines?api-version={api}"),
        new("compute/VirtualMachine_Start_MinimumSet_Gen.json", "POST", "/subscriptions/{sub}/resourceGroups/rg-dev-wus2/providers/Microsoft.Compute/virtualMachines/dev-wus2-08/start?api-version={api}"),
        new("compute/VirtualMachine_PowerOff_MinimumSet_Gen.json", "POST", "/subscriptions/{sub}/resourceGroups/rg-dev-wus2/providers/Microsoft.Compute/virtualMachines/dev-wus2-08/powerOff?api-version={api}"),
        new("compute/Disk_Get.json", "GET", "/subscriptions/{sub}/resourceGroups/rg-prod-data-eus/providers/Microsoft.Compute/disks/{osdisk:rg-prod-data-eus:sqlvm-eus-01}?api-version={api}",
            AbsentWhenUnset: ["properties.purchasePlan", "properties.encryptionSettingsCollection"]),
        new("compute/Snapshot_BeginGetAccess.json", "POST", "/subscriptions/{sub}/resourceGroups/rg-prod-data-eus/providers/Microsoft.Compute/snapshots/snap-sqlvm-eus-01-predeploy/beginGetAccess?api-version={api}",
            Body: "{\"access\":\"Read\",\"durationInSeconds\":300,\"fileFormat\":\"VHDX\"}", ResponseFrom: "Location"),
        new("compute/Snapshot_Delete.json", "DELETE", "/subscriptions/{sub}/resourceGroups/rg-prod-data-eus/providers/Microsoft.Compute/snapshots/{new-snapshot}?api-version={api}"),
        new("network/NetworkSecurityGroupListAll.json", "GET", "/subscriptions/{sub}/providers/Microsoft.Network/networkSecurityGroups?api-version={api}"),
        new("network/NetworkSecurityGroupRuleGet.json", "GET", "/subscriptions/{sub}/resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/nsg-web-eus/securityRules/AllowHttpInbound?api-version={api}"),
        new("network/NetworkSecurityGroupRuleList.json", "GET", "/subscriptions/{sub}/resourceGroups/rg-shared-eus/providers/Microsoft.Network/networkSecurityGroups/nsg-web-eus/securityRules?api-version={api}"),
        new("network/NetworkInterfaceGet.json", "GET", "{nic:rg-legacy-uks:legacy-ftp-uks-01}?api-version={api}",
            AbsentWhenUnset: ["properties.dscpConfiguration"]),
        new("network/PublicIpAddressGet.json", "GET", "/subscriptions/{sub}/resourceGroups/rg-legacy-uks/providers/Microsoft.Network/publicIPAddresses/legacy-ftp-uks-01-ip?api-version={api}",
            AbsentWhenUnset: ["properties.ddosSettings.ddosProtectionPlan"]),
        new("resources/GetSubscription.json", "GET", "/subscriptions/{sub}?api-version={api}"),
        new("resources/GetProvider.json", "GET", "/subscriptions/{sub}/providers/Microsoft.Compute?api-version={api}",
            AbsentWhenUnset: ["resourceTypes.locationMappings"]),
        new("authorization/RoleAssignments_ListForScope.json", "GET", "/subscriptions/{sub}/providers/Microsoft.Authorization/roleAssignments?api-version={api}"),
        new("authorization/GetRoleDefinitionByName.json", "GET", "/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7?api-version={api}"),
        new("storage/StorageAccountGetProperties.json", "GET", "/subscriptions/{sub}/resourceGroups/rg-legacy-uks/providers/Microsoft.Storage/storageAccounts/stfabrikamlegacyuks?api-version={api}",
            AbsentWhenUnset: ["properties.geoReplicationStats", "properties.primaryEndpoints.internetEndpoints", "properties.primaryEndpoints.microsoftEndpoints", "properties.routingPreference", "properties.geoPriorityReplicationStatus"]),
        new("keyvault/listVaultBySubscription.json", "GET", "/subscriptions/{sub}/providers/Microsoft.KeyVault/vaults?api-version={api}&$top=1",
            AbsentWhenUnset: ["value.properties.hsmPoolResourceId"]),
        new("sql/FirewallRuleList.json", "GET", "/subscriptions/{sub}/resourceGroups/rg-prod-data-eus/providers/Microsoft.Sql/servers/sql-fabrikam-prod-eus/firewallRules?api-version={api}"),
        new("sql/TransparentDataEncryptionGet.json", "GET", "/subscriptions/{sub}/resourceGroups/rg-prod-data-eus/providers/Microsoft.Sql/servers/sql-fabrikam-prod-eus/databases/orders/transparentDataEncryption/current?api-version={api}"),
        new("web/ListWebApps.json", "GET", "/subscriptions/{sub}/providers/Microsoft.Web/sites?api-version={api}",
            AbsentWhenUnset: ["value.properties.workloadProfileName", "value.properties.resourceConfig"]),
        new("resourcegraph/ResourcesBasicQuery.json", "POST", "/providers/Microsoft.ResourceGraph/resources?api-version={api}",
            Body: "{\"subscriptions\":[\"{sub}\"],\"query\":\"Resources | project id, name, type, location, tags | limit 3\"}"),
        new("monitor/ActivityLogAlertRule_ListBySubscriptionId.json", "GET", "/subscriptions/{sub}/providers/Microsoft.Insights/activityLogAlerts?api-version={api}"),
        new("security/ListPricings_example.json", "GET", "/subscriptions/{sub}/providers/Microsoft.Security/pricings?api-version={api}"),
    ];

    public static IEnumerable<object[]> AllCases() => Cases.Select(c => new object[] { c });

    public static string ExamplesDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "azure-api-examples");
            if (Directory.Exists(candidate)) return candidate;
            dir = dir.Parent;
        }
        throw new DirectoryNotFoundException("shared/azure-api-examples not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_official_example_is_replayed()
    {
        var files = Directory.GetFiles(ExamplesDir(), "*.json", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(ExamplesDir(), p).Replace('\\', '/')).OrderBy(x => x).ToList();
        Assert.Equal(files, Cases.Select(c => c.File).OrderBy(x => x).ToList());
        output.WriteLine($"{files.Count} official examples, {Cases.Length} replayed");
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public async Task Response_shape_matches_the_official_example(Case c)
    {
        var example = JsonNode.Parse(File.ReadAllText(Path.Combine(ExamplesDir(), c.File)))!;
        var api = example["parameters"]!["api-version"]!.GetValue<string>();
        var p = f.Pipeline(SimFixture.Responder);
        var path = await ResolveAsync(c.PathTemplate.Replace("{sub}", f.Sub).Replace("{api}", api), p);
        var (status, body, raw) = await f.SendAsync(p, c.Method, path, c.Body?.Replace("{sub}", f.Sub));
        var responses = example["responses"]!.AsObject();
        Assert.True(responses.ContainsKey(status.ToString()), $"status {status} not among the example's {string.Join(",", responses.Select(r => r.Key))}: {body?.ToJsonString()}");
        var expected = responses[status.ToString()]!.AsObject();
        if (expected["headers"] is JsonObject headers)
            foreach (var (h, _) in headers)
                Assert.True(raw.Headers.TryGetValue(h, out _), $"header {h} missing");
        if (c.ResponseFrom != null)
        {
            // the example's 200 body is what the operation finally yields: follow the header like the SDK does
            Assert.True(raw.Headers.TryGetValue(c.ResponseFrom, out var next));
            (status, body, _) = await f.SendAsync(p, "GET", new Uri(next!).PathAndQuery);
            Assert.Equal(200, status);
            expected = responses["200"]!.AsObject();
        }
        var problems = new List<string>();
        if (expected["body"] is { } exBody)
            CompareShape(exBody, body, "", problems, c.AbsentWhenUnset ?? []);
        output.WriteLine($"{c.File}: {c.Method} {path} -> {status}; {problems.Count} shape differences");
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nactual: " + body?.ToJsonString());
    }

    private async Task<string> ResolveAsync(string path, Azure.Core.Pipeline.HttpPipeline p)
    {
        var st = f.Host.State;
        if (path.Contains("{osdisk:") || path.Contains("{nic:"))
        {
            var m = System.Text.RegularExpressions.Regex.Match(path, @"\{(osdisk|nic):([^:]+):([^}]+)\}");
            var vm = st.GetResource($"{f.RgId(m.Groups[2].Value)}/providers/Microsoft.Compute/virtualMachines/{m.Groups[3].Value}")!;
            var value = m.Groups[1].Value == "osdisk"
                ? vm["properties"]!["storageProfile"]!["osDisk"]!["name"]!.GetValue<string>()
                : vm["properties"]!["networkProfile"]!["networkInterfaces"]![0]!["id"]!.GetValue<string>();
            path = path.Replace(m.Value, value);
        }
        if (path.Contains("{new-snapshot}"))
        {
            var name = "conformance-" + Guid.NewGuid().ToString("N")[..8];
            var disk = $"{f.RgId("rg-prod-data-eus")}/providers/Microsoft.Compute/disks/sqlvm-eus-01_DataDisk_1";
            var (s, b, _) = await f.SendAsync(p, "PUT", $"{f.RgId("rg-prod-data-eus")}/providers/Microsoft.Compute/snapshots/{name}?api-version=2023-04-02",
                $"{{\"location\":\"eastus\",\"properties\":{{\"creationData\":{{\"createOption\":\"Copy\",\"sourceResourceId\":\"{disk}\"}}}}}}");
            Assert.True(s == 202, b?.ToJsonString());
            path = path.Replace("{new-snapshot}", name);
        }
        return path;
    }

    internal static void CompareShape(JsonNode? expected, JsonNode? actual, string path, List<string> problems, string[] absentWhenUnset)
    {
        switch (expected)
        {
            case null:
                return; // null in an example says nothing about the type
            case JsonObject eo:
                if (actual is not JsonObject ao) { problems.Add($"{path}: expected object, got {Kind(actual)}"); return; }
                if (DictionaryNames.Contains(path.Split('.')[^1].Replace("[]", ""))) return; // free-form maps: keys are data, not schema
                foreach (var (k, v) in eo)
                {
                    var childPath = path.Length == 0 ? k : $"{path}.{k}";
                    if (!ao.TryGetPropertyValue(k, out var av))
                    {
                        if (!absentWhenUnset.Contains(Unindexed(childPath))) problems.Add($"{childPath}: missing");
                        continue;
                    }
                    CompareShape(v, av, childPath, problems, absentWhenUnset);
                }
                return;
            case JsonArray ea:
                if (actual is not JsonArray aa) { problems.Add($"{path}: expected array, got {Kind(actual)}"); return; }
                if (ea.Count > 0 && aa.Count > 0)
                {
                    // named elements (pricings, rules, ...): compare with the element of the same name when there is one
                    var name = (ea[0] as JsonObject)?["name"]?.ToString();
                    var match = aa.OfType<JsonObject>().FirstOrDefault(x => name != null && x["name"]?.ToString() == name) ?? aa[0];
                    CompareShape(ea[0], match, path + "[]", problems, absentWhenUnset);
                }
                return;
            case JsonValue ev:
                if (actual is not JsonValue av2) { problems.Add($"{path}: expected {ev.GetValueKind()}, got {Kind(actual)}"); return; }
                var ek = Norm(ev.GetValueKind());
                var ak = Norm(av2.GetValueKind());
                if (ek != ak) problems.Add($"{path}: expected {ek}, got {ak}");
                return;
        }
    }

    private static readonly HashSet<string> DictionaryNames = ["tags", "webhookProperties", "additionalExtensionProperties", "azureStorageAccounts"];

    private static string Unindexed(string p) => p.Replace("[]", "");
    private static string Kind(JsonNode? n) => n switch { null => "null", JsonObject => "object", JsonArray => "array", JsonValue v => v.GetValueKind().ToString(), _ => "?" };
    private static string Norm(JsonValueKind k) => k is JsonValueKind.True or JsonValueKind.False ? "Boolean" : k.ToString();
}
