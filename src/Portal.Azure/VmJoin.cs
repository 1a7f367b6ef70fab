using System.Text.Json;
using Azure.ResourceManager.Compute;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>Joins VMs with the subscription's NICs, public IPs and subnet NSGs (all listed once, in bulk).</summary>
internal static class VmJoin
{
    internal sealed record IpConfig(string? PrivateIp, string? PublicIpId, string? SubnetId, bool Primary);

    internal sealed record Nic(string Id, string? NsgId, string? VmId, bool Primary, IReadOnlyList<IpConfig> IpConfigs);

    public static Nic ReadNic(JsonElement item)
    {
        var id = AzureCloudConnector.Str(item, "id") ?? "";
        string? nsg = null, vm = null;
        var primary = false;
        var configs = new List<IpConfig>();
        if (item.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            nsg = RefId(p, "networkSecurityGroup");
            vm = RefId(p, "virtualMachine");
            primary = p.TryGetProperty("primary", out var pr) && pr.ValueKind == JsonValueKind.True;
            if (p.TryGetProperty("ipConfigurations", out var ipcs) && ipcs.ValueKind == JsonValueKind.Array)
            {
                foreach (var ipc in ipcs.EnumerateArray())
                {
                    if (!ipc.TryGetProperty("properties", out var ip) || ip.ValueKind != JsonValueKind.Object) continue;
                    configs.Add(new IpConfig(
                        AzureCloudConnector.Str(ip, "privateIPAddress"),
                        RefId(ip, "publicIPAddress"),
                        RefId(ip, "subnet"),
                        ip.TryGetProperty("primary", out var ipp) && ipp.ValueKind == JsonValueKind.True));
                }
            }
        }
        // primary configuration first
        configs.Sort((a, b) => b.Primary.CompareTo(a.Primary));
        return new Nic(id, nsg, vm, primary, configs);
    }

    private static string? RefId(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var r) && r.ValueKind == JsonValueKind.Object ? AzureCloudConnector.Str(r, "id") : null;

    public static IReadOnlyList<VmInfo> Join(
        string subscriptionId,
        IReadOnlyList<VirtualMachineData> vms,
        IReadOnlyList<Nic> nics,
        IReadOnlyDictionary<string, string> publicIps,
        IReadOnlyDictionary<string, string?> subnetNsgs)
    {
        var nicById = new Dictionary<string, Nic>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in nics) nicById[n.Id] = n;

        var result = new List<VmInfo>(vms.Count);
        foreach (var vm in vms)
        {
            var refs = vm.NetworkProfile?.NetworkInterfaces ?? [];
            var vmNics = new List<VmNicInfo>();
            // the primary NIC first (a single NIC is primary even when the flag is absent)
            foreach (var r in refs.OrderByDescending(r => r.Primary == true))
            {
                var nicId = r.Id?.ToString();
                if (string.IsNullOrEmpty(nicId)) continue;
                if (!nicById.TryGetValue(nicId, out var nic))
                {
                    vmNics.Add(new VmNicInfo(nicId, r.Primary ?? refs.Count == 1, [], [], [], null, [], []));
                    continue;
                }
                vmNics.Add(ToNicInfo(nic, r.Primary ?? (refs.Count == 1 || nic.Primary), publicIps, subnetNsgs));
            }

            var id = vm.Id;
            var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in vm.Tags) tags[kv.Key] = kv.Value;

            result.Add(new VmInfo(
                Id: id.ToString(),
                Name: vm.Name,
                SubscriptionId: id.SubscriptionId ?? subscriptionId,
                ResourceGroup: id.ResourceGroupName ?? "",
                Location: vm.Location.Name,
                VmSize: vm.HardwareProfile?.VmSize?.ToString(),
                OsType: vm.StorageProfile?.OSDisk?.OSType?.ToString(),
                PowerState: PowerState(vm),
                PrivateIps: vmNics.SelectMany(n => n.PrivateIps).Distinct().ToList(),
                PublicIps: vmNics.SelectMany(n => n.PublicIps).Distinct().ToList(),
                NicIds: vmNics.Select(n => n.Id).ToList(),
                NsgIds: vmNics.Select(n => n.NsgId).OfType<string>()
                    .Concat(vmNics.SelectMany(n => n.SubnetNsgIds))
                    .Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                Tags: tags)
            {
                VmId = vm.VmId,
                ProvisioningState = vm.ProvisioningState,
                Zones = vm.Zones?.ToList() ?? [],
                Nics = vmNics,
            });
        }
        return result;
    }

    /// <summary>One NIC joined with its public IP addresses and its subnets' NSGs.</summary>
    public static VmNicInfo ToNicInfo(Nic nic, bool primary, IReadOnlyDictionary<string, string> publicIps, IReadOnlyDictionary<string, string?> subnetNsgs)
    {
        var privateIps = nic.IpConfigs.Select(c => c.PrivateIp).OfType<string>().Where(s => s.Length > 0).Distinct().ToList();
        var pipIds = nic.IpConfigs.Select(c => c.PublicIpId).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var pips = pipIds.Select(id => publicIps.GetValueOrDefault(id)).OfType<string>().Distinct().ToList();
        var subnetIds = nic.IpConfigs.Select(c => c.SubnetId).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var subnetNsgIds = subnetIds.Select(s => subnetNsgs.GetValueOrDefault(s)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new VmNicInfo(nic.Id, primary, privateIps, pips, pipIds, nic.NsgId, subnetIds, subnetNsgIds);
    }

    /// <summary>"PowerState/running" → "running"; "unknown" when the instance view has no power status.</summary>
    internal static string PowerState(VirtualMachineData vm)
    {
        var statuses = vm.InstanceView?.Statuses;
        if (statuses == null) return "unknown";
        foreach (var s in statuses)
        {
            var code = s.Code;
            if (code != null && code.StartsWith("PowerState/", StringComparison.OrdinalIgnoreCase))
                return code["PowerState/".Length..].ToLowerInvariant();
        }
        return "unknown";
    }
}
