using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;

namespace Portal.Tests.Shared;

/// <summary>
/// The plain Azure SDK (ArmClient, generic resources and the Compute SDK) against the simulator: the independent read-back of
/// what the portal wrote. Each test project builds the ArmClient its way (in-process simulator, or the portal's demo simulator).
/// Linked into the connector, API and browser tests.
/// </summary>
public class SimulatorArm(ArmClient arm)
{
    /// <summary>The resource as generic-resource JSON (id, name, properties), or null when Azure says 404.</summary>
    public async Task<JsonObject?> GetAsync(string id)
    {
        try
        {
            GenericResource r = await arm.GetGenericResource(new ResourceIdentifier(id)).GetAsync();
            var o = new JsonObject { ["id"] = r.Id.ToString(), ["name"] = r.Data.Name };
            if (r.Data.Properties != null) o["properties"] = JsonNode.Parse(r.Data.Properties.ToString());
            return o;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>A security rule of the NSG (a child resource), or null.</summary>
    public Task<JsonObject?> RuleAsync(string nsgId, string rule) => GetAsync($"{nsgId}/securityRules/{rule}");

    /// <summary>The NIC ids of the VM as the Compute SDK reads them.</summary>
    public async Task<IReadOnlyList<string>> NicIdsAsync(string vmId)
    {
        VirtualMachineResource vm = await arm.GetVirtualMachineResource(new ResourceIdentifier(vmId)).GetAsync();
        return vm.Data.NetworkProfile.NetworkInterfaces.Select(n => n.Id.ToString()).ToList();
    }

    /// <summary>The NSG id associated with the NIC, or null.</summary>
    public async Task<string?> NicNsgAsync(string nicId) =>
        (await GetAsync(nicId))?["properties"]?["networkSecurityGroup"]?["id"]?.GetValue<string>();

    /// <summary>The VM's power state code from the Compute SDK's instance view (e.g. "PowerState/deallocated").</summary>
    public async Task<string?> PowerStateAsync(string vmId)
    {
        var iv = await arm.GetVirtualMachineResource(new ResourceIdentifier(vmId)).InstanceViewAsync();
        return iv.Value.Statuses.Select(s => s.Code).FirstOrDefault(c => c != null && c.StartsWith("PowerState/", StringComparison.Ordinal));
    }

    /// <summary>A rule's address prefixes, merging Azure's singular and plural fields (e.g. sourceAddressPrefix / -Prefixes).</summary>
    public static IReadOnlyList<string> Prefixes(JsonNode? rule, string single, string plural)
    {
        var p = rule?["properties"];
        if (p is null) return [];
        var list = p[plural] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];
        if (p[single]?.GetValue<string>() is { Length: > 0 } s) list.Add(s);
        return list;
    }
}
