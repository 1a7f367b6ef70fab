using System.Text.Json;
using Portal.Cspm;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

/// <summary>A synthetic subscription built from the example payloads: units of VM, NIC, disk, NSG with rules, public IP,
/// storage account with blob service, web app, key vault and SQL server with firewall rules, with some risky settings planted.</summary>
public static class LargeTenant
{
    public static List<ResourceConfig> Build(int approximateCount)
    {
        var templates = new (string Json, string OldId)[]
        {
            T(Examples.VmNode(), Examples.VmId),
            T(Examples.VmNic(true).With("properties.networkSecurityGroup.id", Examples.NsgId), Examples.VmNicId),
            T(Examples.DiskNode(), Examples.DiskId),
            T(Examples.NsgWith(Examples.Rule("rdp", "3389", "*", "Tcp"), Examples.Rule("web", "443", "*", "Tcp", priority: 140), Examples.Rule("deny", "*", "*", "*", "Deny", 4000)), Examples.NsgId),
            T(Body("network/PublicIpAddressGet.json"), Examples.PipId),
            T(Examples.Storage0(), Examples.StorageId),
            T(Examples.BlobService(true, false), Examples.StorageId + "/blobServices/default"),
            T(Examples.Site(), Examples.SiteId),
            T(Examples.Vault(), Examples.VaultId),
            T(Examples.SqlServer(), Examples.SqlServerId),
        };
        var rules = Examples.FirewallRules().Select(r => (r.ToJsonString(), (string)r["id"]!)).ToArray();
        var list = new List<ResourceConfig>(approximateCount + 20);
        for (var unit = 0; list.Count < approximateCount; unit++)
        {
            foreach (var (json, oldId) in templates.Concat(unit % 2 == 0 ? rules.Take(2) : Enumerable.Empty<(string, string)>()))
                list.Add(Rename(json, oldId, unit));
        }
        list.Add(Res(Examples.Subscription()));
        foreach (var p in Examples.Pricings()) list.Add(Res(p));
        list.Add(Res(Examples.Alert("Microsoft.Network/networkSecurityGroups/write").With("id", Rg + "/providers/microsoft.insights/activityLogAlerts/nsg-write").With("properties.scopes", Array(SubScope))));
        return list;
    }

    private static (string, string) T(System.Text.Json.Nodes.JsonNode n, string id) => (n.ToJsonString(), id);

    /// <summary>Moves every id of the payload into the test subscription with a unit suffix on the resource names.</summary>
    private static ResourceConfig Rename(string json, string oldId, int unit)
    {
        var text = json.Replace("/subscriptions/subid/", SubScope + "/")
            .Replace("/subscriptions/00000000-1111-2222-3333-444444444444/", SubScope + "/")
            .Replace("/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345/", SubScope + "/");
        // Suffix every resource-name segment after "/providers/" so each unit's ids (and its references) are unique.
        text = System.Text.RegularExpressions.Regex.Replace(text, "(/providers/[A-Za-z.]+/[A-Za-z]+/)([A-Za-z0-9_.-]+)", m => m.Groups[1].Value + m.Groups[2].Value + "-u" + unit);
        using var doc = JsonDocument.Parse(text);
        return ResourceSet.FromArmJson(doc.RootElement);
    }
}
